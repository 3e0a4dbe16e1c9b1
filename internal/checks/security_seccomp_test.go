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

func TestSecuritySeccomp(t *testing.T) {
	profile := func(typ corev1.SeccompProfileType, local string) *corev1.SeccompProfile {
		p := &corev1.SeccompProfile{Type: typ}
		if local != "" {
			p.LocalhostProfile = ptr(local)
		}
		return p
	}
	ctrProfile := func(typ corev1.SeccompProfileType, local string) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.SeccompProfile = profile(typ, local) })
	}
	podProfile := func(typ corev1.SeccompProfileType, local string) func(*Snapshot) *Snapshot {
		return func(s *Snapshot) *Snapshot {
			return secPod(s, func(p *corev1.PodSecurityContext) { p.SeccompProfile = profile(typ, local) })
		}
	}
	podRuntimeDefault := podProfile(corev1.SeccompProfileTypeRuntimeDefault, "")
	withAnnotation := func(s *Snapshot) *Snapshot {
		s.Workload.Template().Annotations = map[string]string{"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}
		return s
	}
	runCases(t, &securitySeccomp, []checkCase{
		{name: "pod RuntimeDefault covers all", snap: podRuntimeDefault(deploy(ctr("api"), ctr("worker"))), want: v1alpha1.ResultPass,
			msg: []string{"all 2 containers run with a RuntimeDefault or Localhost seccomp profile"}},
		{name: "container RuntimeDefault", snap: deploy(ctr("api", ctrProfile(corev1.SeccompProfileTypeRuntimeDefault, ""))), want: v1alpha1.ResultPass},
		{name: "container Localhost with profile", snap: deploy(ctr("api", ctrProfile(corev1.SeccompProfileTypeLocalhost, "profiles/api.json"))), want: v1alpha1.ResultPass},
		{name: "pod Localhost with profile", snap: podProfile(corev1.SeccompProfileTypeLocalhost, "profiles/api.json")(deploy(ctr("api"))), want: v1alpha1.ResultPass},
		{name: "nothing set", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no seccompProfile and runs Unconfined`, "seccompProfile.type: RuntimeDefault"}},
		{name: "container Unconfined overrides pod RuntimeDefault", snap: podRuntimeDefault(deploy(ctr("api"), ctr("debug", ctrProfile(corev1.SeccompProfileTypeUnconfined, "")))),
			want: v1alpha1.ResultFail, msg: []string{`container "debug" has seccompProfile type Unconfined (the container securityContext, overriding the pod's RuntimeDefault)`},
			notMsg: []string{`"api"`}},
		{name: "pod Unconfined inherited", snap: podProfile(corev1.SeccompProfileTypeUnconfined, "")(deploy(ctr("api"))), want: v1alpha1.ResultFail,
			msg: []string{"type Unconfined (the pod securityContext)"}, notMsg: []string{"overriding"}},
		{name: "container RuntimeDefault overrides pod Unconfined", snap: podProfile(corev1.SeccompProfileTypeUnconfined, "")(deploy(ctr("api", ctrProfile(corev1.SeccompProfileTypeRuntimeDefault, "")))),
			want: v1alpha1.ResultPass},
		{name: "Localhost without profile", snap: deploy(ctr("api", ctrProfile(corev1.SeccompProfileTypeLocalhost, ""))), want: v1alpha1.ResultFail,
			msg: []string{"type Localhost without localhostProfile (the container securityContext)"}},
		{name: "pod Localhost without profile", snap: podProfile(corev1.SeccompProfileTypeLocalhost, "")(deploy(ctr("api"))), want: v1alpha1.ResultFail,
			msg: []string{"without localhostProfile (the pod securityContext)"}},
		{name: "unknown type", snap: deploy(ctr("api", ctrProfile("Strict", ""))), want: v1alpha1.ResultFail, msg: []string{`unknown seccompProfile type "Strict"`}},
		{name: "deprecated annotation is noted, not read", snap: withAnnotation(deploy(ctr("api"))), want: v1alpha1.ResultFail,
			msg: []string{`ignored the deprecated seccomp annotation "seccomp.security.alpha.kubernetes.io/pod"`}},
		{name: "plain init container Unconfined", snap: withInit(podRuntimeDefault(deploy(ctr("api"))), ctr("setup", ctrProfile(corev1.SeccompProfileTypeUnconfined, ""))),
			want: v1alpha1.ResultFail, msg: []string{`init container "setup" has seccompProfile type Unconfined`}},
		{name: "native sidecar without profile", snap: withInit(deploy(ctr("api", ctrProfile(corev1.SeccompProfileTypeRuntimeDefault, ""))), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy" has no seccompProfile`}},
		{name: "pod profile covers init and sidecar", snap: withInit(podRuntimeDefault(deploy(ctr("api"))), ctr("setup"), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultPass, msg: []string{"all 3 containers"}},
		{name: "windows pod", snap: secWindows(deploy(ctr("api"))), want: v1alpha1.ResultSkip, msg: []string{"Windows pod", "seccompProfile does not apply"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(podRuntimeDefault(deploy(ctr("agent")))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}
