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

import "slices"

func init() { register(&priorityClass) }

var priorityClass = Check{
	Meta: Meta{
		ID:       "priority-class",
		Title:    "Pods set a priority class",
		Category: CategoryHygiene,
		Description: "The pod template sets `spec.priorityClassName`; when param `allowed` is set, the name is one of " +
			"its values. The PriorityClass object itself is not looked up.",
		Rationale: "Without a priority class, a production pod has the same priority as every batch job and experiment " +
			"in the cluster: when nodes fill up, the scheduler cannot preempt less important pods to place it, and " +
			"under node pressure it is as likely to be evicted as they are. An explicit class states the workload's " +
			"importance and lets the platform protect it.",
		Remediation: "Set `spec.template.spec.priorityClassName` to a PriorityClass your platform provides for " +
			"production services, e.g. `priorityClassName: production-high`.",
		Params: []ParamSpec{{
			Name:        "allowed",
			Type:        ParamList,
			Description: "PriorityClass names the pod template may use, comma-separated; unset allows any name",
		}},
	},
	Run: runPriorityClass,
}

func runPriorityClass(s *Snapshot, p Params) Outcome {
	name := s.Workload.PodSpec().PriorityClassName
	field := s.Workload.TemplatePath() + ".spec.priorityClassName"
	allowed := p.List("allowed")
	if name == "" {
		if len(allowed) > 0 {
			return Violation("%s is not set; set it to one of %s", field, quoteList(allowed))
		}
		return Violation("%s is not set; set it to the PriorityClass of production services", field)
	}
	if len(allowed) > 0 && !slices.Contains(allowed, name) {
		return Violation("%s %q is not one of the allowed classes %s", field, name, quoteList(allowed))
	}
	return Pass("%s is %q", field, name)
}
