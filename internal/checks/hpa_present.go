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

func init() { register(&hpaPresent) }

var hpaPresent = Check{
	Meta: Meta{
		ID:       "hpa-present",
		Title:    "A HorizontalPodAutoscaler scales the workload",
		Category: CategoryScaling,
		Description: "A HorizontalPodAutoscaler in the namespace has a `scaleTargetRef` naming the workload's " +
			"kind, name and API group (`apps`). An HPA naming the workload with another apiVersion " +
			"(e.g. `extensions/v1beta1`) cannot resolve its target, does not count and is named in the " +
			"message. DaemonSets report Skip.",
		Rationale: "A fixed replica count is sized for one load: below it the pods waste capacity, above it " +
			"they saturate, queue and fail health checks, and a traffic spike becomes an outage. " +
			"An autoscaler adds pods before latency degrades and removes them when load falls.",
		Remediation: "Add an `autoscaling/v2` HorizontalPodAutoscaler with " +
			"`scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}`, `minReplicas`, " +
			"`maxReplicas` and a metric, e.g. cpu utilization.",
		Kinds: []string{KindDeployment, KindStatefulSet},
		Needs: []string{"HorizontalPodAutoscaler"},
	},
	Run: runHPAPresent,
}

func runHPAPresent(s *Snapshot, _ Params) Outcome {
	var f Findings
	f.NoteAll(s.hpaWrongGroupNotes())
	hpas := s.HPAsTargeting()
	if len(hpas) == 0 {
		f.AddWorkload("no HorizontalPodAutoscaler targets %s; add one with scaleTargetRef apiVersion apps/v1, kind %s, name %s",
			s.Workload.String(), s.Workload.Kind(), s.Workload.Name())
		return f.Result("")
	}
	return f.Result("%s %s %s %s", plural(len(hpas), "HorizontalPodAutoscaler"), quoteList(objectNames(hpas)),
		byCount(len(hpas), "targets", "target"), s.Workload.String())
}
