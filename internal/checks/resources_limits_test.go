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

func TestResourcesLimits(t *testing.T) {
	mem, cpu := resLim("memory", "256Mi"), resLim("cpu", "500m")
	withCPU := map[string]string{"cpu": "true"}
	runCases(t, &resourcesLimits, []checkCase{
		{name: "memory limit", snap: deploy(ctr("api", mem)), want: v1alpha1.ResultPass,
			msg: []string{"the container has a memory limit", "cpu limits not required"}},
		{name: "no memory limit", snap: deploy(ctr("api", resReq("memory", "256Mi"), cpu)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no memory limit; set resources.limits.memory`}, notMsg: []string{"cpu"}},
		{name: "zero memory limit", snap: deploy(ctr("api", resLim("memory", "0"))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has a zero memory limit (0)`}},
		{name: "cpu not required by default", snap: deploy(ctr("api", mem)), params: map[string]string{"cpu": "false"}, want: v1alpha1.ResultPass},
		{name: "cpu required by param", snap: deploy(ctr("api", mem)), params: withCPU, want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no cpu limit; set resources.limits.cpu`}, notMsg: []string{"memory"}},
		{name: "cpu and memory with param", snap: deploy(ctr("api", mem, cpu)), params: withCPU, want: v1alpha1.ResultPass,
			msg: []string{"has a cpu and a memory limit"}},
		{name: "zero cpu limit with param", snap: deploy(ctr("api", mem, resLim("cpu", "0"))), params: withCPU, want: v1alpha1.ResultFail,
			msg: []string{"a zero cpu limit"}},
		{name: "neither with param", snap: deploy(ctr("api")), params: withCPU, want: v1alpha1.ResultFail,
			msg: []string{"has no cpu limit and no memory limit; set resources.limits.cpu and resources.limits.memory"}},
		{name: "pod-level memory limit covers containers", snap: resPod(deploy(ctr("api"), ctr("worker", mem)), nil,
			corev1.ResourceList{"memory": resource.MustParse("1Gi")}), want: v1alpha1.ResultPass,
			msg: []string{"pod-level spec.resources.limits covers memory"}},
		{name: "pod-level request is not a limit", snap: resPod(deploy(ctr("api")), corev1.ResourceList{"memory": resource.MustParse("1Gi")}, nil),
			want: v1alpha1.ResultFail, msg: []string{"no memory limit"}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", mem)), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" has no memory limit`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", mem)), ctr("migrate")), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate" has no memory limit`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", mem))), want: v1alpha1.ResultPass},
	})
}
