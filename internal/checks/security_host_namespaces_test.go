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

func TestSecurityHostNamespaces(t *testing.T) {
	spec := func(mod func(*corev1.PodSpec)) *Snapshot { return secSpec(deploy(ctr("api")), mod) }
	runCases(t, &securityHostNamespaces, []checkCase{
		{name: "none set", snap: deploy(ctr("api")), want: v1alpha1.ResultPass, msg: []string{"shares none of the node's"}},
		{name: "explicit false", snap: spec(func(p *corev1.PodSpec) { p.HostNetwork, p.HostPID, p.HostIPC = false, false, false }), want: v1alpha1.ResultPass},
		{name: "hostNetwork", snap: spec(func(p *corev1.PodSpec) { p.HostNetwork = true }), want: v1alpha1.ResultFail,
			msg: []string{"hostNetwork: true", "remove spec.hostNetwork"}, notMsg: []string{"hostPID", "hostIPC"}},
		{name: "hostPID", snap: spec(func(p *corev1.PodSpec) { p.HostPID = true }), want: v1alpha1.ResultFail, msg: []string{"hostPID: true", "remove spec.hostPID"}},
		{name: "hostIPC", snap: spec(func(p *corev1.PodSpec) { p.HostIPC = true }), want: v1alpha1.ResultFail, msg: []string{"hostIPC: true", "remove spec.hostIPC"}},
		{name: "all three", snap: spec(func(p *corev1.PodSpec) { p.HostNetwork, p.HostPID, p.HostIPC = true, true, true }), want: v1alpha1.ResultFail,
			msg: []string{"hostNetwork", "hostPID", "hostIPC"}},
		{name: "hostUsers false is not checked", snap: spec(func(p *corev1.PodSpec) { p.HostUsers = ptr(false) }), want: v1alpha1.ResultPass},
		{name: "hostUsers true is not checked", snap: spec(func(p *corev1.PodSpec) { p.HostUsers = ptr(true) }), want: v1alpha1.ResultPass},
		{name: "only init containers still counts", snap: secSpec(withInit(deploy(), ctr("setup")), func(p *corev1.PodSpec) { p.HostPID = true }), want: v1alpha1.ResultFail},
		{name: "daemonset node agent", snap: daemonSet(spec(func(p *corev1.PodSpec) { p.HostNetwork = true })), want: v1alpha1.ResultFail},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultPass},
		{name: "no containers: the pod spec is still judged", snap: secSpec(deploy(), func(p *corev1.PodSpec) { p.HostNetwork = true }), want: v1alpha1.ResultFail,
			msg: []string{"hostNetwork: true"}},
		{name: "no containers and nothing set", snap: deploy(), want: v1alpha1.ResultPass, notMsg: []string{"no containers"}},
	})
}

func TestSecurityHostNamespacesContainerExemptionDoesNotApply(t *testing.T) {
	s := secSpec(deploy(ctr("api")), func(p *corev1.PodSpec) { p.HostNetwork = true })
	got := evalCheck(t, &securityHostNamespaces, s, nil, v1alpha1.Exemption{Checks: []string{"security-host-namespaces"}, Containers: []string{"api"}, Reason: "x"})
	if got.Result != v1alpha1.ResultFail {
		t.Fatalf("result = %s (%s), want Fail: a pod-level setting is not a container's", got.Result, got.Message)
	}
}
