/*
Copyright 2026 The prodready Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package checks

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// envdupEnv appends env entries to a container.
func envdupEnv(entries ...corev1.EnvVar) func(*corev1.Container) {
	return func(c *corev1.Container) { c.Env = append(c.Env, entries...) }
}

func TestEnvNoDuplicates(t *testing.T) {
	v := func(name, value string) corev1.EnvVar { return corev1.EnvVar{Name: name, Value: value} }
	fromSecret := func(name string) corev1.EnvVar {
		return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "password"}}}
	}
	envFrom := func(c *corev1.Container) {
		c.EnvFrom = append(c.EnvFrom, corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "web"}}})
	}
	runCases(t, &envNoDuplicates, []checkCase{
		{name: "distinct names", snap: deploy(ctr("api", envdupEnv(v("LOG_LEVEL", "info"), v("PORT", "8080")))), want: v1alpha1.ResultPass,
			msg: []string{"no duplicate env names in 1 container"}},
		{name: "duplicate literal", snap: deploy(ctr("api", envdupEnv(v("LOG_LEVEL", "info"), v("PORT", "8080"), v("LOG_LEVEL", "debug")))),
			want: v1alpha1.ResultFail, msg: []string{`container "api" sets env "LOG_LEVEL" 2 times (env[0], env[2])`, "last one"},
			notMsg: []string{"info", "debug", `"PORT"`}},
		{name: "secret value never shown", snap: deploy(ctr("api", envdupEnv(v("DB_PASSWORD", "hunter2"), fromSecret("DB_PASSWORD")))),
			want: v1alpha1.ResultFail, msg: []string{`"DB_PASSWORD"`}, notMsg: []string{"hunter2"}},
		{name: "three times", snap: deploy(ctr("api", envdupEnv(v("A", "1"), v("A", "2"), v("A", "3")))), want: v1alpha1.ResultFail,
			msg: []string{`"A" 3 times (env[0], env[1], env[2])`}},
		{name: "several duplicates reported in order", snap: deploy(ctr("api", envdupEnv(v("B", "1"), v("A", "1"), v("B", "2"), v("A", "2")))),
			want: v1alpha1.ResultFail, msg: []string{`env "B" 2 times (env[0], env[2]); only the last one takes effect, keep one; container "api" sets env "A" 2 times (env[1], env[3])`}},
		{name: "same name in two containers is fine", snap: deploy(ctr("api", envdupEnv(v("PORT", "8080"))), ctr("worker", envdupEnv(v("PORT", "9090")))),
			want: v1alpha1.ResultPass, msg: []string{"2 containers"}},
		{name: "names are case-sensitive", snap: deploy(ctr("api", envdupEnv(v("port", "1"), v("PORT", "2")))), want: v1alpha1.ResultPass},
		{name: "envFrom overlap is not checked", snap: deploy(ctr("api", envFrom, envdupEnv(v("PORT", "8080")))), want: v1alpha1.ResultPass},
		{name: "init container checked", snap: withInit(deploy(ctr("api", envdupEnv(v("PORT", "8080")))), ctr("migrate", envdupEnv(v("DSN", "a"), v("DSN", "b")))),
			want: v1alpha1.ResultFail, msg: []string{`init container "migrate" sets env "DSN"`}},
		{name: "native sidecar checked", snap: withInit(deploy(ctr("api")), ctr("proxy", asSidecar, envdupEnv(v("X", "a"), v("X", "b")))),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy"`}},
		{name: "only envFrom", snap: deploy(ctr("api", envFrom)), want: v1alpha1.ResultSkip, msg: []string{"no container sets env"}},
		{name: "no env", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", envdupEnv(v("PGDATA", "/a"), v("PGDATA", "/b"))))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", envdupEnv(v("NODE", "x"))))), want: v1alpha1.ResultPass},
	})
}

func TestEnvNoDuplicatesContainerExemption(t *testing.T) {
	dup := envdupEnv(corev1.EnvVar{Name: "X", Value: "1"}, corev1.EnvVar{Name: "X", Value: "2"})
	s := withInit(deploy(ctr("api", envdupEnv(corev1.EnvVar{Name: "PORT", Value: "8080"}))), ctr("proxy", asSidecar, dup))
	got := evalCheck(t, &envNoDuplicates, s, nil, v1alpha1.Exemption{Checks: []string{"env-no-duplicates"}, Containers: []string{"proxy"}, Reason: "vendor image"})
	wantPassExempted(t, got, "proxy")
}
