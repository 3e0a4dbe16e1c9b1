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

func TestSecurityRunAsNonRoot(t *testing.T) {
	nonRoot := func(v bool) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.RunAsNonRoot = ptr(v) })
	}
	uid := func(v int64) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.RunAsUser = ptr(v) })
	}
	podNonRoot := func(s *Snapshot) *Snapshot {
		return secPod(s, func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(true) })
	}
	podUID := func(v int64) func(*Snapshot) *Snapshot {
		return func(s *Snapshot) *Snapshot {
			return secPod(s, func(p *corev1.PodSecurityContext) { p.RunAsUser = ptr(v) })
		}
	}
	winUser := func(name string) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(name)}
		})
	}
	runCases(t, &securityRunAsNonRoot, []checkCase{
		{name: "pod runAsNonRoot covers all containers", snap: podNonRoot(deploy(ctr("api"), ctr("worker"))),
			want: v1alpha1.ResultPass, msg: []string{"all 2 containers run as non-root"}},
		{name: "pod runAsUser covers all containers", snap: podUID(1000)(deploy(ctr("api"))), want: v1alpha1.ResultPass},
		{name: "container runAsNonRoot", snap: deploy(ctr("api", nonRoot(true))), want: v1alpha1.ResultPass, msg: []string{"the container runs as non-root"}},
		{name: "container runAsUser only", snap: deploy(ctr("api", uid(10001))), want: v1alpha1.ResultPass},
		{name: "nothing set", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`container "api" may run as root`, "set securityContext.runAsNonRoot: true"}},
		{name: "runAsUser 0 without runAsNonRoot", snap: deploy(ctr("api", uid(0))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" runs as root: runAsUser is 0 (the container securityContext)`}},
		{name: "pod runAsUser 0 inherited", snap: podUID(0)(deploy(ctr("api"))), want: v1alpha1.ResultFail,
			msg: []string{"runAsUser is 0 (the pod securityContext)"}},
		{name: "container runAsUser overrides pod root", snap: podUID(0)(deploy(ctr("api", uid(1000)))), want: v1alpha1.ResultPass},
		{name: "container runAsNonRoot false overrides pod true", snap: podNonRoot(deploy(ctr("api"), ctr("debug", nonRoot(false)))),
			want: v1alpha1.ResultFail, msg: []string{`container "debug" has runAsNonRoot: false (the container securityContext)`}, notMsg: []string{`"api"`}},
		{name: "explicit false fails even with a non-root uid", snap: podUID(1000)(deploy(ctr("api", nonRoot(false)))),
			want: v1alpha1.ResultFail, msg: []string{"runAsNonRoot: false"}},
		{name: "pod runAsNonRoot false inherited", snap: secPod(deploy(ctr("api", uid(1000))), func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(false) }),
			want: v1alpha1.ResultFail, msg: []string{"runAsNonRoot: false (the pod securityContext)"}},
		{name: "runAsNonRoot true with container uid 0 will fail to start", snap: podNonRoot(deploy(ctr("api", uid(0)))),
			want: v1alpha1.ResultFail, msg: []string{"will fail to start", "runAsNonRoot is true (the pod securityContext)", "runAsUser is 0 (the container securityContext)"}},
		{name: "runAsNonRoot true with pod uid 0 will fail to start", snap: podUID(0)(deploy(ctr("api", nonRoot(true)))),
			want: v1alpha1.ResultFail, msg: []string{"will fail to start"}},
		{name: "runAsNonRoot true and pod uid 0 overridden by container uid", snap: podUID(0)(podNonRoot(deploy(ctr("api", uid(1000))))),
			want: v1alpha1.ResultPass},
		{name: "plain init container runs as root", snap: withInit(podUID(1000)(deploy(ctr("api"))), ctr("chown", uid(0))),
			want: v1alpha1.ResultFail, msg: []string{`init container "chown" runs as root`}},
		{name: "native sidecar without settings", snap: withInit(deploy(ctr("api", nonRoot(true))), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy" may run as root`}, notMsg: []string{`"api"`}},
		{name: "init containers covered by pod setting", snap: withInit(podNonRoot(deploy(ctr("api"))), ctr("migrate"), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultPass, msg: []string{"all 3 containers"}},
		{name: "windows pod with runAsNonRoot", snap: secWindows(podNonRoot(deploy(ctr("api")))), want: v1alpha1.ResultPass},
		{name: "windows pod without runAsNonRoot", snap: secWindows(deploy(ctr("api"))), want: v1alpha1.ResultFail,
			msg: []string{"does not set runAsNonRoot"}, notMsg: []string{"runAsUser"}},
		{name: "windows pod runAsNonRoot with ContainerAdministrator", snap: secWindows(podNonRoot(deploy(ctr("api", winUser("containeradministrator"))))),
			want: v1alpha1.ResultFail, msg: []string{"will fail to start", "windowsOptions.runAsUserName"}},
		{name: "windows pod runAsNonRoot with ContainerUser", snap: secWindows(podNonRoot(deploy(ctr("api", winUser("ContainerUser"))))),
			want: v1alpha1.ResultPass},
		{name: "windows pod explicit false", snap: secWindows(deploy(ctr("api", nonRoot(false)))), want: v1alpha1.ResultFail,
			msg: []string{"runAsNonRoot: false"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(podUID(65534)(deploy(ctr("agent")))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}

func TestSecurityRunAsNonRootContainerExemption(t *testing.T) {
	s := withInit(secPod(deploy(ctr("api")), func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(true) }),
		ctr("chown", secCtr(func(sc *corev1.SecurityContext) { sc.RunAsUser = ptr(int64(0)); sc.RunAsNonRoot = ptr(false) })))
	got := evalCheck(t, &securityRunAsNonRoot, s, nil, v1alpha1.Exemption{Checks: []string{"security-run-as-non-root"}, Containers: []string{"chown"}, Reason: "fixes volume ownership"})
	wantPassExempted(t, got, "chown")
}
