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

import "fmt"

func init() { register(&replicasHPAConflict) }

var replicasHPAConflict = Check{
	Meta: Meta{
		ID:       "replicas-hpa-conflict",
		Title:    "Only the autoscaler sets the replica count",
		Category: CategoryScaling,
		Description: "When a HorizontalPodAutoscaler targets the workload, nothing else manages `spec.replicas`. " +
			"From manifests: the manifest does not set `spec.replicas`. In the cluster: no field manager " +
			"other than the autoscaler (which writes through the `scale` subresource) owns " +
			"`spec.replicas` in `metadata.managedFields`. Skip when no HPA targets the workload, when " +
			"field ownership is unknown, and for DaemonSets.",
		Rationale: "Every `kubectl apply`, Helm upgrade or GitOps sync of a manifest that sets `spec.replicas` " +
			"resets the replica count the autoscaler chose. Under load that scales a busy workload " +
			"down to the manifest's number on each deploy, overloading the remaining pods until the " +
			"HPA scales back up minutes later.",
		Remediation: "Remove `spec.replicas` from the applied manifest (Helm: drop it from the template when " +
			"autoscaling is on). With server-side apply, applying once without the field releases " +
			"the ownership; with client-side apply, also remove it from the " +
			"`kubectl.kubernetes.io/last-applied-configuration` annotation.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"HorizontalPodAutoscaler"},
	},
	Run: runReplicasHPAConflict,
}

func runReplicasHPAConflict(s *Snapshot, _ Params) Outcome {
	hpas := s.HPAsTargeting()
	if len(hpas) == 0 {
		return Skip("%s", joinNonEmpty("; ", append([]string{"no HorizontalPodAutoscaler targets the workload"}, s.hpaWrongGroupNotes()...)...))
	}
	hpa := fmt.Sprintf("HorizontalPodAutoscaler %q", hpas[0].Name)
	w := &s.Workload
	switch {
	case w.ReplicasSetInManifest != nil:
		if !*w.ReplicasSetInManifest {
			return Pass("the manifest leaves spec.replicas to %s", hpa)
		}
		n := "set"
		if r := w.SpecReplicas(); r != nil {
			n = fmt.Sprintf("%d", *r)
		}
		return Violation("the manifest sets spec.replicas (%s) while %s manages the replica count; each apply resets it, so remove spec.replicas from the manifest",
			n, hpa)
	case w.ReplicasManagers != nil:
		var others []string
		for _, m := range w.ReplicasManagers {
			if m.Subresource == "scale" {
				continue
			}
			others = append(others, fmt.Sprintf("%q (%s)", m.Manager, m.Operation))
		}
		if len(others) > 0 {
			return Violation("spec.replicas is owned by field %s %s besides %s; each apply or update from them resets the replica count, so remove spec.replicas from what they write",
				plural(len(others), "manager"), joinNonEmpty(", ", others...), hpa)
		}
		if len(w.ReplicasManagers) == 0 {
			return Pass("no field manager owns spec.replicas; %s manages the replica count", hpa)
		}
		return Pass("only the autoscaler (scale subresource) owns spec.replicas; %s manages the replica count", hpa)
	}
	return Skip("undecidable: field ownership of spec.replicas is unknown")
}
