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
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/prodready/prodready/api/v1alpha1"
)

// resReq sets a container's request for a resource ("cpu", "memory", "ephemeral-storage").
func resReq(name, qty string) func(*corev1.Container) {
	return func(c *corev1.Container) {
		if c.Resources.Requests == nil {
			c.Resources.Requests = corev1.ResourceList{}
		}
		c.Resources.Requests[corev1.ResourceName(name)] = resource.MustParse(qty)
	}
}

// resLim sets a container's limit for a resource.
func resLim(name, qty string) func(*corev1.Container) {
	return func(c *corev1.Container) {
		if c.Resources.Limits == nil {
			c.Resources.Limits = corev1.ResourceList{}
		}
		c.Resources.Limits[corev1.ResourceName(name)] = resource.MustParse(qty)
	}
}

// resPod sets pod-level spec.resources.
func resPod(s *Snapshot, requests, limits corev1.ResourceList) *Snapshot {
	s.Workload.PodSpec().Resources = &corev1.ResourceRequirements{Requests: requests, Limits: limits}
	return s
}

func TestResourcesRequests(t *testing.T) {
	cpu, mem := resReq("cpu", "250m"), resReq("memory", "256Mi")
	runCases(t, &resourcesRequests, []checkCase{
		{name: "both requested", snap: deploy(ctr("api", cpu, mem), ctr("worker", cpu, mem)), want: v1alpha1.ResultPass,
			msg: []string{"every container (2) requests cpu and memory"}, notMsg: []string{"limit"}},
		{name: "cpu missing", snap: deploy(ctr("api", mem)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no cpu request; set resources.requests.cpu`}, notMsg: []string{"memory"}},
		{name: "memory missing", snap: deploy(ctr("api", cpu)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no memory request; set resources.requests.memory`}},
		{name: "none", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"has no cpu request and no memory request; set resources.requests.cpu and resources.requests.memory"}},
		{name: "zero cpu", snap: deploy(ctr("api", resReq("cpu", "0"), mem)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has a zero cpu request (0)`}},
		{name: "zero memory in another unit", snap: deploy(ctr("api", cpu, resReq("memory", "0Mi"))), want: v1alpha1.ResultFail,
			msg: []string{"a zero memory request"}},
		{name: "limits stand in for unset requests", snap: deploy(ctr("api", resLim("cpu", "1"), resLim("memory", "1Gi"))), want: v1alpha1.ResultPass,
			msg: []string{`container "api" requests cpu 1 and memory 1Gi from its limits`}},
		{name: "zero limit is a zero request", snap: deploy(ctr("api", cpu, resLim("memory", "0"))), want: v1alpha1.ResultFail,
			msg: []string{"a zero memory request"}},
		{name: "explicit zero request beside a limit", snap: deploy(ctr("api", cpu, resReq("memory", "0"), resLim("memory", "1Gi"))), want: v1alpha1.ResultFail,
			msg: []string{"a zero memory request"}},
		{name: "pod-level requests cover containers", snap: resPod(deploy(ctr("api"), ctr("worker", cpu)),
			corev1.ResourceList{"cpu": resource.MustParse("1"), "memory": resource.MustParse("1Gi")}, nil),
			want: v1alpha1.ResultPass, msg: []string{"pod-level spec.resources covers cpu and memory"}},
		{name: "pod-level memory only", snap: resPod(deploy(ctr("api")), nil, corev1.ResourceList{"memory": resource.MustParse("1Gi")}),
			want: v1alpha1.ResultFail, msg: []string{"has no cpu request;"}, notMsg: []string{"no memory request"}},
		{name: "zero pod-level request covers nothing", snap: resPod(deploy(ctr("api", mem)), corev1.ResourceList{"cpu": resource.MustParse("0")}, nil),
			want: v1alpha1.ResultFail, msg: []string{"no cpu request"}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", cpu, mem)), ctr("proxy", asSidecar, cpu)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" has no memory request`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", cpu, mem)), ctr("migrate", mem)), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate" has no cpu request`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", cpu, mem))), want: v1alpha1.ResultPass},
	})
}
