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

// capsSet gives a container capabilities.drop and capabilities.add.
func capsSet(drop []string, add ...string) func(*corev1.Container) {
	return secCtr(func(sc *corev1.SecurityContext) {
		sc.Capabilities = &corev1.Capabilities{}
		for _, d := range drop {
			sc.Capabilities.Drop = append(sc.Capabilities.Drop, corev1.Capability(d))
		}
		for _, a := range add {
			sc.Capabilities.Add = append(sc.Capabilities.Add, corev1.Capability(a))
		}
	})
}

func TestSecurityCapabilities(t *testing.T) {
	all := []string{"ALL"}
	runCases(t, &securityCapabilities, []checkCase{
		{name: "drops ALL", snap: deploy(ctr("api", capsSet(all)), ctr("worker", capsSet(all))), want: v1alpha1.ResultPass,
			msg: []string{"all 2 containers drop ALL capabilities", "allowed: NET_BIND_SERVICE"}},
		{name: "drop all in lower case", snap: deploy(ctr("api", capsSet([]string{"all"}))), want: v1alpha1.ResultPass},
		{name: "no securityContext", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`container "api" does not drop ALL capabilities`, `capabilities.drop: ["ALL"]`}},
		{name: "drops only some", snap: deploy(ctr("api", capsSet([]string{"NET_RAW", "CHOWN"}))), want: v1alpha1.ResultFail,
			msg: []string{"does not drop ALL"}},
		{name: "adds NET_BIND_SERVICE", snap: deploy(ctr("api", capsSet(all, "NET_BIND_SERVICE"))), want: v1alpha1.ResultPass},
		{name: "adds cap_net_bind_service", snap: deploy(ctr("api", capsSet(all, "cap_net_bind_service"))), want: v1alpha1.ResultPass},
		{name: "adds SYS_ADMIN", snap: deploy(ctr("api", capsSet(all, "SYS_ADMIN", "NET_BIND_SERVICE"))), want: v1alpha1.ResultFail,
			msg:    []string{`container "api" adds capability "SYS_ADMIN" (allowed: NET_BIND_SERVICE); remove it from securityContext.capabilities.add`},
			notMsg: []string{"does not drop"}},
		{name: "adds several, duplicates once", snap: deploy(ctr("api", capsSet(all, "NET_RAW", "CAP_SYS_PTRACE", "net_raw"))), want: v1alpha1.ResultFail,
			msg: []string{`adds capabilities "NET_RAW", "CAP_SYS_PTRACE" (allowed`, "remove them"}},
		{name: "adds without dropping reports both", snap: deploy(ctr("api", capsSet(nil, "NET_ADMIN"))), want: v1alpha1.ResultFail,
			msg: []string{"does not drop ALL", `adds capability "NET_ADMIN"`}},
		{name: "adding ALL back", snap: deploy(ctr("api", capsSet(all, "ALL"))), want: v1alpha1.ResultFail, msg: []string{`adds capability "ALL"`}},
		{name: "param allows NET_ADMIN", snap: deploy(ctr("vpn", capsSet(all, "NET_ADMIN"))), params: map[string]string{"allowed": "cap_net_admin, NET_BIND_SERVICE"},
			want: v1alpha1.ResultPass, msg: []string{"allowed: NET_ADMIN, NET_BIND_SERVICE"}},
		{name: "param replaces the default", snap: deploy(ctr("api", capsSet(all, "NET_BIND_SERVICE"))), params: map[string]string{"allowed": "NET_ADMIN"},
			want: v1alpha1.ResultFail, msg: []string{`adds capability "NET_BIND_SERVICE" (allowed: NET_ADMIN)`}},
		{name: "param none allows nothing", snap: deploy(ctr("api", capsSet(all, "NET_BIND_SERVICE"))), params: map[string]string{"allowed": "none"},
			want: v1alpha1.ResultFail, msg: []string{"no capability may be added"}},
		{name: "param none passes when nothing added", snap: deploy(ctr("api", capsSet(all))), params: map[string]string{"allowed": "none"},
			want: v1alpha1.ResultPass, msg: []string{"no capability may be added"}},
		{name: "pod securityContext has no capabilities", snap: secPod(deploy(ctr("api")), func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(true) }),
			want: v1alpha1.ResultFail},
		{name: "plain init container", snap: withInit(deploy(ctr("api", capsSet(all))), ctr("iptables", capsSet(all, "NET_ADMIN"))), want: v1alpha1.ResultFail,
			msg: []string{`init container "iptables" adds capability "NET_ADMIN"`}, notMsg: []string{`"api"`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", capsSet(all))), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" does not drop ALL`}},
		{name: "windows pod", snap: secWindows(deploy(ctr("api"))), want: v1alpha1.ResultSkip, msg: []string{"Windows pod"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", capsSet(all)))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}
