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

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func init() { register(&resourcesRequests) }

var resourcesRequests = Check{
	Meta: Meta{
		ID:       "resources-requests",
		Title:    "Containers request cpu and memory",
		Category: CategoryResources,
		Description: "Every container, native sidecar and init container requests `cpu` and `memory`, " +
			"each non-zero (a request of `0` is a violation). A request left unset next to a limit " +
			"counts as the limit, because the API server copies the limit into the pod's request; " +
			"a resource set in pod-level `spec.resources` (requests or limits) covers containers that " +
			"do not set their own. Skip when the pod template has no containers.",
		Rationale: "The scheduler places pods by their requests: without them it packs pods onto nodes " +
			"that cannot actually run them, the pod lands in the BestEffort QoS class and is the first " +
			"evicted under memory pressure, and a HorizontalPodAutoscaler on CPU or memory " +
			"utilisation has nothing to measure against.",
		Remediation: "Set both requests on every container from observed usage, e.g. " +
			"`resources: {requests: {cpu: 250m, memory: 256Mi}}`.",
	},
	Run: runResourcesRequests,
}

// resCPUMemory are the resources every container must request.
var resCPUMemory = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

func runResourcesRequests(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	var f Findings
	podCovered := map[corev1.ResourceName]bool{}
	for _, c := range containers {
		var problems resProblems
		var defaulted []string
		for _, name := range resCPUMemory {
			q, fromLimit, ok := resRequest(c.Container, name)
			if !ok {
				if pq, pok := resPodLevel(s.Workload.PodSpec(), name, false); pok && pq.Sign() > 0 {
					podCovered[name] = true
					continue
				}
			}
			if !problems.check(q, ok, name, "request") && fromLimit {
				defaulted = append(defaulted, fmt.Sprintf("%s %s", name, q.String()))
			}
		}
		problems.report(&f, c)
		if len(defaulted) > 0 {
			f.Note("%s requests %s from its limits (no explicit request)", c.Describe(), strings.Join(defaulted, " and "))
		}
	}
	if len(podCovered) > 0 {
		f.Note("pod-level spec.resources covers %s for containers without their own", resNames(podCovered))
	}
	return f.Result("%s requests cpu and memory", everyOne(len(containers), "container"))
}

// resRequest is a container's request for a resource as its pods get it: the request, or when
// that is unset the limit (the API server copies limits into unset requests when it creates a
// pod). fromLimit says the limit was used; ok is false when neither is set.
func resRequest(c *corev1.Container, name corev1.ResourceName) (q resource.Quantity, fromLimit, ok bool) {
	if q, ok := c.Resources.Requests[name]; ok {
		return q, false, true
	}
	if q, ok := c.Resources.Limits[name]; ok {
		return q, true, true
	}
	return resource.Quantity{}, false, false
}

// resPodLevel returns a resource of the pod-level spec.resources (cpu and memory only): its limit
// when limit is true, else its request or, when that is unset, its limit.
func resPodLevel(spec *corev1.PodSpec, name corev1.ResourceName, limit bool) (resource.Quantity, bool) {
	if spec.Resources == nil {
		return resource.Quantity{}, false
	}
	if !limit {
		if q, ok := spec.Resources.Requests[name]; ok {
			return q, true
		}
	}
	q, ok := spec.Resources.Limits[name]
	return q, ok
}

// resProblems collects what is wrong with a container's requests and limits, and the fields
// that fix it.
type resProblems struct {
	problems, fields []string
}

// check records a request or limit (kind "request" or "limit") that is unset ("no memory
// limit") or not positive ("a zero cpu request (0)"), and reports whether it did.
func (r *resProblems) check(q resource.Quantity, ok bool, name corev1.ResourceName, kind string) bool {
	switch {
	case !ok:
		r.problems = append(r.problems, fmt.Sprintf("no %s %s", name, kind))
	case q.Sign() <= 0:
		r.problems = append(r.problems, fmt.Sprintf("a zero %s %s (%s)", name, kind, q.String()))
	default:
		return false
	}
	r.fields = append(r.fields, "resources."+kind+"s."+string(name))
	return true
}

// report adds one finding for the container naming every problem recorded, if any.
func (r *resProblems) report(f *Findings, c Container) {
	if len(r.problems) > 0 {
		f.Add(c.Name, "%s has %s; set %s", c.Describe(), strings.Join(r.problems, " and "), strings.Join(r.fields, " and "))
	}
}

// resNames lists which of cpu and memory are in the set, in that order.
func resNames(set map[corev1.ResourceName]bool) string {
	var out []string
	for _, n := range resCPUMemory {
		if set[n] {
			out = append(out, string(n))
		}
	}
	return strings.Join(out, " and ")
}
