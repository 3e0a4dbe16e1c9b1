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

import corev1 "k8s.io/api/core/v1"

func init() { register(&resourcesLimits) }

var resourcesLimits = Check{
	Meta: Meta{
		ID:       "resources-limits",
		Title:    "Containers have a memory limit",
		Category: CategoryResources,
		Description: "Every container, native sidecar and init container sets a non-zero " +
			"`resources.limits.memory`; with param `cpu` true also a non-zero `resources.limits.cpu`. " +
			"A memory (or cpu) limit in pod-level `spec.resources` covers containers that do not set " +
			"their own. A limit below the request is not checked: the API server rejects it. " +
			"Skip when the pod template has no containers.",
		Rationale: "A container without a memory limit can grow until the node runs out of memory; the " +
			"kernel then kills processes on that node, often other workloads' pods rather than the " +
			"leaking one. A limit confines the damage to the container that exceeds it and makes its " +
			"restart visible as OOMKilled. CPU limits are optional because CFS throttling often hurts " +
			"latency more than the noisy-neighbour problem they solve.",
		Remediation: "Set a memory limit on every container, usually equal to its memory request: " +
			"`resources: {requests: {memory: 256Mi}, limits: {memory: 256Mi}}`; with `cpu: \"true\"` " +
			"also set `limits.cpu`.",
		Params: []ParamSpec{{
			Name:        "cpu",
			Type:        ParamBool,
			Default:     "false",
			Description: "Also require a non-zero cpu limit on every container.",
		}},
	},
	Run: runResourcesLimits,
}

func runResourcesLimits(s *Snapshot, p Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	required := []corev1.ResourceName{corev1.ResourceMemory}
	what := "a memory limit (cpu limits not required; param cpu)"
	if p.Bool("cpu") {
		required = resCPUMemory
		what = "a cpu and a memory limit"
	}
	var f Findings
	podCovered := map[corev1.ResourceName]bool{}
	for _, c := range containers {
		var problems resProblems
		for _, name := range required {
			q, ok := c.Resources.Limits[name]
			if !ok {
				if pq, pok := resPodLevel(s.Workload.PodSpec(), name, true); pok && pq.Sign() > 0 {
					podCovered[name] = true
					continue
				}
			}
			problems.check(q, ok, name, "limit")
		}
		problems.report(&f, c)
	}
	if len(podCovered) > 0 {
		f.Note("pod-level spec.resources.limits covers %s for containers without their own", resNames(podCovered))
	}
	return f.Result("%s has %s", everyOne(len(containers), "container"), what)
}
