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

// cmRefsEnv adds an env variable from a ConfigMap key.
func cmRefsEnv(env, name, key string, optional bool) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Env = append(c.Env, corev1.EnvVar{Name: env, ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key, Optional: refsOpt(optional)}}})
	}
}

// cmRefsEnvFrom adds an envFrom configMapRef.
func cmRefsEnvFrom(name string, optional bool) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.EnvFrom = append(c.EnvFrom, corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: refsOpt(optional)}})
	}
}

func cmRefsVolume(vol, name string, optional bool, keys ...string) corev1.Volume {
	return corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
		LocalObjectReference: corev1.LocalObjectReference{Name: name}, Items: refsItems(keys...), Optional: refsOpt(optional)}}}
}

// cmRefs sets the ConfigMaps of a snapshot; offline marks it as built from manifests.
func cmRefs(s *Snapshot, offline bool, cms ...KeySet) *Snapshot {
	s.ConfigMaps = cms
	s.Offline = offline
	return s
}

func TestConfigmapsRefsExist(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	app := KeySet{Name: "app", Keys: []string{"LOG_LEVEL", "config.yaml"}}
	logEnv := cmRefsEnv("LOG_LEVEL", "app", "LOG_LEVEL", false)

	runCases(t, &configMapsRefsExist, []checkCase{
		{name: "no references", snap: deploy(ctr("api")), want: skip, msg: []string{"references no ConfigMaps"}},
		{name: "secret references only", snap: refsPullSecrets(deploy(ctr("api", refsEnvFromSecret("db", false))), "regcred"), want: skip},

		// env valueFrom.configMapKeyRef.
		{name: "env key present", snap: cmRefs(deploy(ctr("api", logEnv)), false, app), want: pass, msg: []string{"the referenced ConfigMap exists"}},
		{name: "env key missing", snap: cmRefs(deploy(ctr("api", cmRefsEnv("LOG_LEVEL", "app", "log-level", false))), false, app), want: fail,
			msg: []string{`container "api" env LOG_LEVEL: configmap "app" has no key "log-level"`}},
		{name: "env configmap missing", snap: cmRefs(deploy(ctr("api", logEnv)), false), want: fail,
			msg: []string{`container "api" env LOG_LEVEL: configmap "app" not found`}},
		{name: "optional env configmap missing", snap: cmRefs(deploy(ctr("api", cmRefsEnv("LOG_LEVEL", "app", "LOG_LEVEL", true))), false), want: pass,
			msg: []string{`optional configmap "app" is absent`}},
		{name: "optional env key missing", snap: cmRefs(deploy(ctr("api", cmRefsEnv("TRACE", "app", "TRACE", true))), false, app), want: pass},

		// envFrom.
		{name: "envFrom present", snap: cmRefs(deploy(ctr("api", cmRefsEnvFrom("app", false))), false, app), want: pass},
		{name: "envFrom missing", snap: cmRefs(deploy(ctr("api", cmRefsEnvFrom("app-env", false))), false, app), want: fail,
			msg: []string{`container "api" envFrom: configmap "app-env" not found`}},
		{name: "envFrom optional missing", snap: cmRefs(deploy(ctr("api", cmRefsEnvFrom("app-env", true))), false), want: pass},

		// Volumes.
		{name: "volume whole configmap", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("config", "app", false)), false, app), want: pass},
		{name: "volume missing", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("config", "app", false)), false), want: fail,
			msg: []string{`volume "config": configmap "app" not found`}},
		{name: "volume item key missing", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("config", "app", false, "config.yaml", "extra.yaml")), false, app), want: fail,
			msg: []string{`volume "config": configmap "app" has no key "extra.yaml"`}},
		{name: "optional volume key missing", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("config", "app", true, "extra.yaml")), false, app), want: pass},
		{name: "projected source key missing", snap: cmRefs(refsVolumes(deploy(ctr("api")), refsProjected("bundle",
			corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}}},
			corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Items: refsItems("ca.crt")}},
		)), false, KeySet{Name: "ca", Keys: []string{"bundle.pem"}}), want: fail,
			msg: []string{`volume "bundle" (projected): configmap "ca" has no key "ca.crt"`}, notMsg: []string{"tls"}},
		{name: "projected optional source missing", snap: cmRefs(refsVolumes(deploy(ctr("api")), refsProjected("bundle",
			corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Optional: ptr(true)}},
		)), false), want: pass},
		{name: "reference without a name", snap: cmRefs(deploy(ctr("api", cmRefsEnvFrom("", false))), false), want: fail,
			msg: []string{`container "api" envFrom: the configmap reference has no name`}},

		// Offline.
		{name: "offline absent", snap: cmRefs(deploy(ctr("api", logEnv)), true), want: skip,
			msg: []string{`configmap "app" not in the input; run with --cluster to check it`}},
		{name: "offline present without the key", snap: cmRefs(deploy(ctr("api", cmRefsEnv("LOG_LEVEL", "app", "level", false))), true, app), want: fail,
			msg: []string{`configmap "app" has no key "level"`}},
		{name: "offline key missing and another absent", snap: cmRefs(refsVolumes(deploy(ctr("api", cmRefsEnv("LOG_LEVEL", "app", "level", false))),
			cmRefsVolume("ca", "ca-bundle", false)), true, app), want: fail,
			msg: []string{`configmap "app" has no key "level"`, `configmap "ca-bundle" not in the input`}},
		{name: "offline present", snap: cmRefs(deploy(ctr("api", logEnv)), true, app), want: pass},
		{name: "offline kube-root-ca.crt is known", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("ca", "kube-root-ca.crt", false, "ca.crt")), true), want: pass,
			msg: []string{"the referenced ConfigMap exists"}},
		{name: "offline kube-root-ca.crt has only ca.crt", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("ca", "kube-root-ca.crt", false, "tls.crt")), true), want: fail,
			msg: []string{`configmap "kube-root-ca.crt" has no key "tls.crt"`}},
		{name: "kube-root-ca.crt in the cluster is looked up", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("ca", "kube-root-ca.crt", false, "ca.crt")), false), want: fail,
			msg: []string{`configmap "kube-root-ca.crt" not found`}},
		{name: "many missing keys are summarised", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("cfg", "app", false, "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10")), true, app),
			want: fail, msg: []string{`has no keys "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08" and 2 more`}},

		// Containers of every kind and other workload kinds.
		{name: "init container", snap: cmRefs(withInit(deploy(ctr("api")), ctr("migrate", cmRefsEnvFrom("migrations", false))), false), want: fail,
			msg: []string{`init container "migrate" envFrom: configmap "migrations" not found`}},
		{name: "native sidecar", snap: cmRefs(withInit(deploy(ctr("api")), ctr("proxy", asSidecar, logEnv)), false, app), want: pass},
		{name: "statefulset", snap: statefulSet(cmRefs(deploy(ctr("db", logEnv)), false)), want: fail},
		{name: "daemonset", snap: daemonSet(cmRefs(deploy(ctr("agent", logEnv)), true)), want: skip},
	})
}

func TestConfigmapsRefsExistContainerExemption(t *testing.T) {
	s := cmRefs(deploy(ctr("api", cmRefsEnv("LOG_LEVEL", "app", "LOG_LEVEL", false)), ctr("debug", cmRefsEnvFrom("debug-env", false))), false,
		KeySet{Name: "app", Keys: []string{"LOG_LEVEL"}})
	ex := v1alpha1.Exemption{Checks: []string{"configmaps-refs-exist"}, Containers: []string{"debug"}, Reason: "debug container"}
	wantPassExempted(t, evalCheck(t, &configMapsRefsExist, s, nil, ex), "debug")
}
