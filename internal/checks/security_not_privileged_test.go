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

func TestSecurityNotPrivileged(t *testing.T) {
	privileged := func(v bool) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.Privileged = ptr(v) })
	}
	hostProcess := func(v bool) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) {
			sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(v)}
		})
	}
	podHostProcess := func(s *Snapshot) *Snapshot {
		return secPod(secWindows(s), func(p *corev1.PodSecurityContext) {
			p.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}
		})
	}
	runCases(t, &securityNotPrivileged, []checkCase{
		{name: "nothing set", snap: deploy(ctr("api"), ctr("worker")), want: v1alpha1.ResultPass, msg: []string{"none of the 2 containers is privileged"}},
		{name: "explicit false", snap: deploy(ctr("api", privileged(false))), want: v1alpha1.ResultPass, msg: []string{"the container is not privileged"}},
		{name: "privileged container", snap: deploy(ctr("api"), ctr("tuner", privileged(true))), want: v1alpha1.ResultFail,
			msg: []string{`container "tuner" is privileged`, "securityContext.privileged: true"}, notMsg: []string{`"api"`}},
		{name: "privileged plain init container", snap: withInit(deploy(ctr("api")), ctr("sysctl", privileged(true))), want: v1alpha1.ResultFail,
			msg: []string{`init container "sysctl" is privileged`}},
		{name: "privileged native sidecar", snap: withInit(deploy(ctr("api")), ctr("cni", asSidecar, privileged(true))), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "cni" is privileged`}},
		{name: "windows hostProcess inherited from pod", snap: podHostProcess(deploy(ctr("agent"))), want: v1alpha1.ResultFail,
			msg: []string{`container "agent" is a Windows HostProcess container`, "the pod securityContext"}},
		{name: "windows hostProcess on container", snap: secWindows(deploy(ctr("agent", hostProcess(true)))), want: v1alpha1.ResultFail,
			msg: []string{"windowsOptions.hostProcess: true in the container securityContext"}},
		{name: "windows hostProcess false overrides nothing", snap: secWindows(deploy(ctr("agent", hostProcess(false)))), want: v1alpha1.ResultPass},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", privileged(true)))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}

func TestSecurityNotPrivilegedContainerExemption(t *testing.T) {
	s := withInit(deploy(ctr("api")), ctr("sysctl", secCtr(func(sc *corev1.SecurityContext) { sc.Privileged = ptr(true) })))
	got := evalCheck(t, &securityNotPrivileged, s, nil, v1alpha1.Exemption{Checks: []string{"security-not-privileged"}, Containers: []string{"sysctl"}, Reason: "tunes net.core.somaxconn"})
	wantPassExempted(t, got, "sysctl")
}
