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

func TestSecurityNoPrivilegeEscalation(t *testing.T) {
	ape := func(v bool) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.AllowPrivilegeEscalation = ptr(v) })
	}
	privileged := secCtr(func(sc *corev1.SecurityContext) { sc.Privileged = ptr(true) })
	sysAdmin := secCtr(func(sc *corev1.SecurityContext) {
		sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"CAP_SYS_ADMIN"}}
	})
	runCases(t, &securityNoPrivilegeEscalation, []checkCase{
		{name: "every container sets false", snap: deploy(ctr("api", ape(false)), ctr("worker", ape(false))),
			want: v1alpha1.ResultPass, msg: []string{"all 2 containers set allowPrivilegeEscalation: false"}},
		{name: "unset defaults to true", snap: deploy(ctr("api", ape(false)), ctr("worker")), want: v1alpha1.ResultFail,
			msg:    []string{`container "worker" does not set allowPrivilegeEscalation (defaults to true)`, "securityContext.allowPrivilegeEscalation: false"},
			notMsg: []string{`"api"`}},
		{name: "explicit true", snap: deploy(ctr("api", ape(true))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" sets allowPrivilegeEscalation: true`}},
		{name: "securityContext without the field", snap: deploy(ctr("api", secCtr(func(sc *corev1.SecurityContext) { sc.RunAsNonRoot = ptr(true) }))),
			want: v1alpha1.ResultFail, msg: []string{"does not set allowPrivilegeEscalation"}},
		{name: "pod securityContext does not count", snap: secPod(deploy(ctr("api")), func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(true) }),
			want: v1alpha1.ResultFail},
		{name: "privileged container gets a hint", snap: deploy(ctr("api", privileged)), want: v1alpha1.ResultFail,
			msg: []string{"privileged: true implies escalation"}},
		{name: "SYS_ADMIN container gets a hint", snap: deploy(ctr("api", sysAdmin)), want: v1alpha1.ResultFail,
			msg: []string{"adding SYS_ADMIN implies escalation"}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", ape(false))), ctr("migrate")), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate"`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", ape(false))), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy"`}},
		{name: "init and sidecar set false", snap: withInit(deploy(ctr("api", ape(false))), ctr("migrate", ape(false)), ctr("proxy", asSidecar, ape(false))),
			want: v1alpha1.ResultPass, msg: []string{"all 3 containers"}},
		{name: "windows pod", snap: secWindows(deploy(ctr("api"))), want: v1alpha1.ResultSkip, msg: []string{"Windows pod", "spec.os.name"}},
		{name: "windows by nodeSelector", snap: secSpec(deploy(ctr("api")), func(p *corev1.PodSpec) { p.NodeSelector = map[string]string{"kubernetes.io/os": "windows"} }),
			want: v1alpha1.ResultSkip, msg: []string{"nodeSelector kubernetes.io/os"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", ape(false)))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}
