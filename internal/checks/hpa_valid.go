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
	"fmt"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

func init() { register(&hpaValid) }

var hpaValid = Check{
	Meta: Meta{
		ID:       "hpa-valid",
		Title:    "The HorizontalPodAutoscaler can scale the workload",
		Category: CategoryScaling,
		Description: "Exactly one HorizontalPodAutoscaler targets the workload; its `minReplicas` (unset = 1) is at " +
			"least param `min`; `maxReplicas` is above `minReplicas`; and every metric with a " +
			"`Utilization` target can be computed: a `Resource` metric needs the resource requested by " +
			"every container and native sidecar, a `ContainerResource` metric needs its container to exist " +
			"and request the resource (a limit alone counts, the API server copies it to the request). " +
			"An HPA without metrics uses cpu at 80% utilization. `AverageValue` targets need no request. " +
			"Skip when no HPA targets the workload (see hpa-present) and for DaemonSets.",
		Rationale: "An HPA that cannot compute utilization because a container lacks the request never scales " +
			"and only reports a FailedGetResourceMetric event nobody reads. Two HPAs on one workload " +
			"overwrite each other's replica count every sync. A minReplicas of 1 lets the autoscaler " +
			"remove all redundancy at quiet hours, and maxReplicas equal to minReplicas is a fixed " +
			"replica count in disguise.",
		Remediation: "Keep a single HPA per workload with `minReplicas` ≥ `min` and `maxReplicas` above it, and set " +
			"`resources.requests` for every resource a Utilization metric measures, on every container " +
			"(sidecars included), e.g. `resources: {requests: {cpu: 100m}}`.",
		Requires: []Capability{CapReplicas},
		Params: []ParamSpec{{
			Name: "min", Type: ParamInt, Default: "2", Min: Int64(1),
			Description: "Minimum value of the HPA's minReplicas.",
		}},
		Needs: []string{"HorizontalPodAutoscaler"},
	},
	Run: runHPAValid,
}

// hpaDefaultMetric is what the API server fills in when spec.metrics is empty.
var hpaDefaultMetric = autoscalingv2.MetricSpec{
	Type: autoscalingv2.ResourceMetricSourceType,
	Resource: &autoscalingv2.ResourceMetricSource{
		Name:   corev1.ResourceCPU,
		Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: hpaInt32(80)},
	},
}

func hpaInt32(v int32) *int32 { return &v }

func runHPAValid(s *Snapshot, p Params) Outcome {
	wrongGroup := s.hpaWrongGroupNotes()
	hpas := s.HPAsTargeting()
	if len(hpas) == 0 {
		return Skip("%s", joinNonEmpty("; ", append([]string{"no HorizontalPodAutoscaler targets the workload; see hpa-present"}, wrongGroup...)...))
	}
	var f Findings
	f.NoteAll(wrongGroup)
	if len(hpas) > 1 {
		f.AddWorkload("%d HorizontalPodAutoscalers (%s) target %s and overwrite each other's replica count; keep one",
			len(hpas), quoteList(objectNames(hpas)), s.Workload.String())
	}
	minimum := p.Int("min")
	summaries := make([]string, len(hpas))
	for i, h := range hpas {
		summaries[i] = s.validateHPA(h, minimum, &f)
	}
	return f.Result("%s", strings.Join(summaries, "; "))
}

// validateHPA records the problems of one HPA and returns a summary for the Pass message.
func (s *Snapshot) validateHPA(h *autoscalingv2.HorizontalPodAutoscaler, minimum int64, f *Findings) string {
	name := fmt.Sprintf("HorizontalPodAutoscaler %q", h.Name)
	minR, minDesc := int32(1), "minReplicas 1 (unset)"
	if h.Spec.MinReplicas != nil {
		minR, minDesc = *h.Spec.MinReplicas, fmt.Sprintf("minReplicas %d", *h.Spec.MinReplicas)
	}
	if int64(minR) < minimum {
		f.AddWorkload("%s %s is below the minimum %d; set spec.minReplicas to at least %d", name, minDesc, minimum, minimum)
	}
	if h.Spec.MaxReplicas <= minR {
		f.AddWorkload("%s maxReplicas %d is not above %s, so it can never add a pod; raise spec.maxReplicas",
			name, h.Spec.MaxReplicas, minDesc)
	}
	metrics := h.Spec.Metrics
	defaulted := len(metrics) == 0
	if defaulted {
		metrics = []autoscalingv2.MetricSpec{hpaDefaultMetric}
	}
	missing := map[string]bool{} // container/resource pairs already reported
	for i := range metrics {
		field := fmt.Sprintf("spec.metrics[%d]", i)
		if defaulted {
			field = "default metric: cpu at 80% utilization, as spec.metrics is empty"
		}
		s.checkHPAMetric(name, field, &metrics[i], f, missing)
	}
	return fmt.Sprintf("%s: %s, maxReplicas %d, %d %s", name, minDesc, h.Spec.MaxReplicas, len(metrics), plural(len(metrics), "metric"))
}

// checkHPAMetric records the problems of one metric: a Utilization target needs requests on the
// containers it measures, and a ContainerResource metric needs its container.
func (s *Snapshot) checkHPAMetric(hpa, field string, m *autoscalingv2.MetricSpec, f *Findings, reported map[string]bool) {
	var (
		resource    corev1.ResourceName
		target      autoscalingv2.MetricTarget
		measured    []Container
		description string
	)
	switch m.Type {
	case autoscalingv2.ResourceMetricSourceType:
		if m.Resource == nil {
			f.AddWorkload("%s %s has type Resource but no resource; set spec.metrics.resource", hpa, field)
			return
		}
		resource, target, measured = m.Resource.Name, m.Resource.Target, s.Workload.Containers()
		description = fmt.Sprintf("%s utilization of the pod", resource)
	case autoscalingv2.ContainerResourceMetricSourceType:
		if m.ContainerResource == nil {
			f.AddWorkload("%s %s has type ContainerResource but no containerResource; set spec.metrics.containerResource", hpa, field)
			return
		}
		resource, target = m.ContainerResource.Name, m.ContainerResource.Target
		c, ok := s.hpaRunningContainer(m.ContainerResource.Container)
		if !ok && s.hpaIsInitContainer(m.ContainerResource.Container) {
			f.AddWorkload("%s %s measures init container %q, which has exited by the time the pod runs; measure a regular container or native sidecar",
				hpa, field, m.ContainerResource.Container)
			return
		}
		if !ok {
			f.AddWorkload("%s %s measures container %q, which the pod template does not run (it has %s); fix spec.metrics.containerResource.container",
				hpa, field, m.ContainerResource.Container, quoteList(containerNames(s.Workload.Containers())))
			return
		}
		measured = []Container{c}
		description = fmt.Sprintf("%s utilization of %s", resource, c.Describe())
	default:
		return
	}
	if target.Type != autoscalingv2.UtilizationMetricType {
		return
	}
	for _, c := range measured {
		if hpaRequestsResource(c.Container, resource) || reported[c.Name+"/"+string(resource)] {
			continue
		}
		reported[c.Name+"/"+string(resource)] = true
		f.Add(c.Name, "%s has no resources.requests.%s, so %s cannot compute %s (%s) and never scales; set resources.requests.%s",
			c.Describe(), resource, hpa, description, field, resource)
	}
}

// hpaRunningContainer finds a regular container or native sidecar by name.
func (s *Snapshot) hpaRunningContainer(name string) (Container, bool) {
	for _, c := range s.Workload.Containers() {
		if c.Name == name {
			return c, true
		}
	}
	return Container{}, false
}

// hpaIsInitContainer reports whether a plain init container has the name.
func (s *Snapshot) hpaIsInitContainer(name string) bool {
	for _, c := range s.Workload.AllContainers() {
		if c.Name == name && c.Kind == InitContainer {
			return true
		}
	}
	return false
}

// hpaRequestsResource reports whether a container requests a resource. A limit without a request
// counts: the API server defaults the request to the limit.
func hpaRequestsResource(c *corev1.Container, r corev1.ResourceName) bool {
	if _, ok := c.Resources.Requests[r]; ok {
		return true
	}
	_, ok := c.Resources.Limits[r]
	return ok
}
