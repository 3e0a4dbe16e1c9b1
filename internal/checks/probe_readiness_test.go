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

func TestProbeReadiness(t *testing.T) {
	probe := func(c *corev1.Container) {
		c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/readyz"}}}
	}
	runCases(t, &probeReadiness, []checkCase{
		{name: "every container has one", snap: deploy(ctr("api", probe), ctr("worker", probe)), want: v1alpha1.ResultPass, msg: []string{"every container (2)"}},
		{name: "one container lacks it", snap: deploy(ctr("api", probe), ctr("worker")), want: v1alpha1.ResultFail,
			msg: []string{`container "worker" has no readinessProbe`}, notMsg: []string{`"api"`}},
		{name: "native sidecar lacks it", snap: withInit(deploy(ctr("api", probe)), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy"`}},
		{name: "plain init container is not checked", snap: withInit(deploy(ctr("api", probe)), ctr("migrate")), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", probe))), want: v1alpha1.ResultPass},
	})
}

func TestProbeReadinessContainerExemption(t *testing.T) {
	probe := func(c *corev1.Container) { c.ReadinessProbe = &corev1.Probe{} }
	s := withInit(deploy(ctr("api", probe)), ctr("proxy", asSidecar))
	got := evalCheck(t, &probeReadiness, s, nil, v1alpha1.Exemption{Checks: []string{"probe-readiness"}, Containers: []string{"proxy"}, Reason: "mesh sidecar"})
	wantPassExempted(t, got, "proxy")
}
