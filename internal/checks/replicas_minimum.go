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

func init() { register(&replicasMinimum) }

var replicasMinimum = Check{
	Meta: Meta{
		ID:       "replicas-minimum",
		Title:    "The workload runs enough replicas",
		Category: CategoryAvailability,
		Description: "The effective replica count is at least param `min`. Effective replicas are the " +
			"`minReplicas` (unset = 1) of the HorizontalPodAutoscaler targeting the workload, else " +
			"`spec.replicas` (unset = 1). DaemonSets run one pod per node and report Skip.",
		Rationale: "A single replica means every node drain, eviction, crash or rollout is an outage: " +
			"there is no other pod to take the traffic while the only one restarts elsewhere. " +
			"An autoscaler allowed to scale down to one pod has the same problem at quiet hours, " +
			"which is exactly when nodes are drained for maintenance.",
		Remediation: "Set `spec.replicas` to at least `min` (e.g. `replicas: 2`), or, when an " +
			"HorizontalPodAutoscaler manages the workload, raise its `spec.minReplicas` instead.",
		Requires: []Capability{CapReplicas},
		Params: []ParamSpec{{
			Name: "min", Type: ParamInt, Default: "2", Min: Int64(1),
			Description: "Minimum number of effective replicas.",
		}},
		Needs: []string{"HorizontalPodAutoscaler"},
	},
	Run: runReplicasMinimum,
}

func runReplicasMinimum(s *Snapshot, p Params) Outcome {
	n, source, ok := s.EffectiveReplicas()
	if !ok {
		return Skip("%s has no replica count", s.Workload.Kind())
	}
	minimum := p.Int("min")
	if int64(n) >= minimum {
		return Pass("%d effective %s (from %s), minimum %d", n, plural(int(n), "replica"), source, minimum)
	}
	if hpas := s.HPAsTargeting(); len(hpas) > 0 {
		msg := "effective replicas %d (from %s) is below the minimum %d; raise spec.minReplicas of HorizontalPodAutoscaler %q to at least %d"
		if r := s.Workload.SpecReplicas(); r != nil {
			return Violation(msg+" (spec.replicas %d is overridden by the autoscaler)", n, source, minimum, hpas[0].Name, minimum, *r)
		}
		return Violation(msg, n, source, minimum, hpas[0].Name, minimum)
	}
	if sos := s.ScaledObjectsTargeting(); len(sos) > 0 {
		return Violation("effective replicas %d (from %s) is below the minimum %d; set spec.minReplicaCount of ScaledObject %q to at least %d, "+
			"or exempt the check if this worker may scale to zero", n, source, minimum, sos[0].Name, minimum)
	}
	return Violation("effective replicas %d (from %s) is below the minimum %d; set spec.replicas to at least %d",
		n, source, minimum, minimum)
}
