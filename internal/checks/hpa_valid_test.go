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

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/prodready/prodready/api/v1alpha1"
)

// hpaValidUtil is a Resource metric with a Utilization target.
func hpaValidUtil(res corev1.ResourceName) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
		Name: res, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptr(int32(70))}}}
}

// hpaValidContainerUtil is a ContainerResource metric with a Utilization target.
func hpaValidContainerUtil(container string, res corev1.ResourceName) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ContainerResourceMetricSourceType, ContainerResource: &autoscalingv2.ContainerResourceMetricSource{
		Name: res, Container: container, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptr(int32(70))}}}
}

// hpaValidMetrics sets an HPA's metrics.
func hpaValidMetrics(ms ...autoscalingv2.MetricSpec) func(*autoscalingv2.HorizontalPodAutoscaler) {
	return func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Spec.Metrics = ms }
}

func TestHPAValid(t *testing.T) {
	cpu := availRequests("cpu", "100m")
	cpuMem := availRequests("cpu", "100m", "memory", "128Mi")
	cpuLimit := func(c *corev1.Container) {
		c.Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")}
	}
	cpuMetric := hpaValidMetrics(hpaValidUtil(corev1.ResourceCPU))
	good := func(mods ...func(*autoscalingv2.HorizontalPodAutoscaler)) autoscalingv2.HorizontalPodAutoscaler {
		return availHPA("web", ptr(int32(2)), 6, mods...)
	}
	averageValue := autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
		Name: corev1.ResourceMemory, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: ptr(resource.MustParse("500Mi"))}}}
	podsMetric := autoscalingv2.MetricSpec{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{
		Metric: autoscalingv2.MetricIdentifier{Name: "requests_per_second"}, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType}}}

	runCases(t, &hpaValid, []checkCase{
		// Applicability.
		{name: "no HPA", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip, msg: []string{"no HorizontalPodAutoscaler targets the workload; see hpa-present"}},
		{name: "only a wrong-group HPA",
			snap: availWithHPA(deploy(ctr("api")), availHPA("legacy", ptr(int32(2)), 6, availTarget("extensions/v1beta1", "Deployment", "web"))),
			want: v1alpha1.ResultSkip, msg: []string{"see hpa-present", `"legacy"`, "extensions/v1beta1"}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip},

		// Replica bounds.
		{name: "valid", snap: availWithHPA(deploy(ctr("api", cpu)), good(cpuMetric)), want: v1alpha1.ResultPass,
			msg: []string{`HorizontalPodAutoscaler "web": minReplicas 2, maxReplicas 6, 1 metric`}},
		{name: "minReplicas unset", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("web", nil, 6, cpuMetric)), want: v1alpha1.ResultFail,
			msg: []string{`HorizontalPodAutoscaler "web" minReplicas 1 (unset) is below the minimum 2`, "set spec.minReplicas to at least 2"}},
		{name: "minReplicas 1", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("web", ptr(int32(1)), 6, cpuMetric)), want: v1alpha1.ResultFail,
			msg: []string{"minReplicas 1 is below the minimum 2"}},
		{name: "param min 1 accepts unset minReplicas", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("web", nil, 6, cpuMetric)),
			params: map[string]string{"min": "1"}, want: v1alpha1.ResultPass},
		{name: "param min 3", snap: availWithHPA(deploy(ctr("api", cpu)), good(cpuMetric)), params: map[string]string{"min": "3"},
			want: v1alpha1.ResultFail, msg: []string{"minReplicas 2 is below the minimum 3"}},
		{name: "maxReplicas equal to minReplicas", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("web", ptr(int32(3)), 3, cpuMetric)),
			want: v1alpha1.ResultFail, msg: []string{"maxReplicas 3 is not above minReplicas 3"}},
		{name: "maxReplicas below minReplicas", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("web", ptr(int32(4)), 2, cpuMetric)),
			want: v1alpha1.ResultFail, msg: []string{"maxReplicas 2 is not above minReplicas 4"}},
		{name: "two HPAs fight", snap: availWithHPA(deploy(ctr("api", cpu)), availHPA("a", ptr(int32(2)), 6, cpuMetric), availHPA("b", ptr(int32(2)), 6, cpuMetric)),
			want: v1alpha1.ResultFail, msg: []string{`2 HorizontalPodAutoscalers ("a", "b") target Deployment/web`, "keep one"}},

		// Utilization metrics need requests.
		{name: "container lacks the cpu request", snap: availWithHPA(deploy(ctr("api", cpu), ctr("worker")), good(cpuMetric)), want: v1alpha1.ResultFail,
			msg: []string{`container "worker" has no resources.requests.cpu`, "cannot compute", "spec.metrics[0]"}, notMsg: []string{`"api" has`}},
		{name: "native sidecar lacks the cpu request", snap: availWithHPA(withInit(deploy(ctr("api", cpu)), ctr("proxy", asSidecar)), good(cpuMetric)),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy" has no resources.requests.cpu`}},
		{name: "plain init container needs no request", snap: availWithHPA(withInit(deploy(ctr("api", cpu)), ctr("migrate")), good(cpuMetric)),
			want: v1alpha1.ResultPass},
		{name: "a limit alone counts as the request", snap: availWithHPA(deploy(ctr("api", cpuLimit)), good(cpuMetric)), want: v1alpha1.ResultPass},
		{name: "memory utilization without memory request", snap: availWithHPA(deploy(ctr("api", cpu)), good(hpaValidMetrics(hpaValidUtil(corev1.ResourceMemory)))),
			want: v1alpha1.ResultFail, msg: []string{`container "api" has no resources.requests.memory`}},
		{name: "cpu and memory utilization with both requests",
			snap: availWithHPA(deploy(ctr("api", cpuMem)), good(hpaValidMetrics(hpaValidUtil(corev1.ResourceCPU), hpaValidUtil(corev1.ResourceMemory)))),
			want: v1alpha1.ResultPass, msg: []string{"2 metrics"}},
		{name: "AverageValue target needs no request", snap: availWithHPA(deploy(ctr("api")), good(hpaValidMetrics(averageValue))), want: v1alpha1.ResultPass},
		{name: "Pods metric needs no request", snap: availWithHPA(deploy(ctr("api")), good(hpaValidMetrics(podsMetric))), want: v1alpha1.ResultPass},
		{name: "no metrics defaults to cpu utilization", snap: availWithHPA(deploy(ctr("api")), good()), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no resources.requests.cpu`, "(default metric: cpu at 80% utilization, as spec.metrics is empty)"}},
		{name: "no metrics with cpu requests", snap: availWithHPA(deploy(ctr("api", cpu)), good()), want: v1alpha1.ResultPass},
		{name: "Resource metric without resource", snap: availWithHPA(deploy(ctr("api", cpu)),
			good(hpaValidMetrics(autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType}))),
			want: v1alpha1.ResultFail, msg: []string{"spec.metrics[0] has type Resource but no resource"}},

		// ContainerResource metrics.
		{name: "ContainerResource measures only its container",
			snap: availWithHPA(withInit(deploy(ctr("api", cpu)), ctr("proxy", asSidecar)), good(hpaValidMetrics(hpaValidContainerUtil("api", corev1.ResourceCPU)))),
			want: v1alpha1.ResultPass},
		{name: "ContainerResource container lacks the request",
			snap: availWithHPA(deploy(ctr("api"), ctr("worker", cpu)), good(hpaValidMetrics(hpaValidContainerUtil("api", corev1.ResourceCPU)))),
			want: v1alpha1.ResultFail, msg: []string{`container "api" has no resources.requests.cpu`}, notMsg: []string{`"worker" has`}},
		{name: "ContainerResource on a sidecar",
			snap: availWithHPA(withInit(deploy(ctr("api", cpu)), ctr("proxy", asSidecar)), good(hpaValidMetrics(hpaValidContainerUtil("proxy", corev1.ResourceCPU)))),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy" has no resources.requests.cpu`}},
		{name: "ContainerResource names a missing container",
			snap: availWithHPA(deploy(ctr("api", cpu)), good(hpaValidMetrics(hpaValidContainerUtil("ghost", corev1.ResourceCPU)))),
			want: v1alpha1.ResultFail, msg: []string{`measures container "ghost", which the pod template does not run`, `"api"`}},
		{name: "ContainerResource names a plain init container",
			snap: availWithHPA(withInit(deploy(ctr("api", cpu)), ctr("migrate", cpu)), good(hpaValidMetrics(hpaValidContainerUtil("migrate", corev1.ResourceCPU)))),
			want: v1alpha1.ResultFail, msg: []string{`measures init container "migrate", which has exited`}},

		{name: "statefulset", snap: availWithHPA(statefulSet(deploy(ctr("db"))), availHPA("db", ptr(int32(2)), 4, availTarget("apps/v1", "StatefulSet", "web"), cpuMetric)),
			want: v1alpha1.ResultFail, msg: []string{`container "db" has no resources.requests.cpu`}},
	})
}

func TestHPAValidContainerExemption(t *testing.T) {
	s := availWithHPA(withInit(deploy(ctr("api", availRequests("cpu", "100m"))), ctr("proxy", asSidecar)),
		availHPA("web", ptr(int32(2)), 6, hpaValidMetrics(hpaValidUtil(corev1.ResourceCPU))))
	got := evalCheck(t, &hpaValid, s, nil, v1alpha1.Exemption{Checks: []string{"hpa-valid"}, Containers: []string{"proxy"}, Reason: "mesh injects requests"})
	wantPassExempted(t, got, "proxy")
}
