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
			"message. Offline, a KEDA `ScaledObject` (keda.sh/v1alpha1) targeting the workload counts too (in a " +
			"cluster, the HPA that KEDA creates for it is read). Kinds without a replica count (DaemonSet, " +
			"CronJob, Job) report Skip.",
		Rationale: "A fixed replica count is sized for one load: below it the pods waste capacity, above it " +
			"they saturate, queue and fail health checks, and a traffic spike becomes an outage. " +
			"An autoscaler adds pods before latency degrades and removes them when load falls.",
		Remediation: "Add an `autoscaling/v2` HorizontalPodAutoscaler with " +
			"`scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}`, `minReplicas`, " +
			"`maxReplicas` and a metric, e.g. cpu utilization.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"HorizontalPodAutoscaler"},
	},
	Run: runHPAPresent,
}

func runHPAPresent(s *Snapshot, _ Params) Outcome {
	var f Findings
	f.NoteAll(s.hpaWrongGroupNotes())
	hpas := s.HPAsTargeting()
	if sos := s.ScaledObjectsTargeting(); len(hpas) == 0 && len(sos) > 0 {
		return f.Result("KEDA %s %s %s %s (KEDA creates the HorizontalPodAutoscaler in the cluster)", plural(len(sos), "ScaledObject"),
			quoteList(scaledObjectNames(sos)), byCount(len(sos), "scales", "scale"), s.Workload.String())
	}
	if len(hpas) == 0 {
		f.AddWorkload("no HorizontalPodAutoscaler targets %s; add one with scaleTargetRef apiVersion apps/v1, kind %s, name %s",
			s.Workload.String(), s.Workload.Kind(), s.Workload.Name())
		return f.Result("")
	}
	return f.Result("%s %s %s %s", plural(len(hpas), "HorizontalPodAutoscaler"), quoteList(objectNames(hpas)),
		byCount(len(hpas), "targets", "target"), s.Workload.String())
}

func scaledObjectNames(sos []*ScaledObject) []string {
	names := make([]string, len(sos))
	for i, so := range sos {
		names[i] = so.Name
	}
	return names
}
