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

func init() { register(&pdbPresent) }

var pdbPresent = Check{
	Meta: Meta{
		ID:       "pdb-present",
		Title:    "A PodDisruptionBudget covers the pods",
		Category: CategoryAvailability,
		Description: "A PodDisruptionBudget in the workload's namespace has a `spec.selector` that matches " +
			"the pod template labels (matchLabels and matchExpressions, as Kubernetes applies them). " +
			"As in policy/v1, a PDB with an empty selector (`selector: {}`) selects every pod of the " +
			"namespace and counts (the message names it), and a PDB without a selector selects none. " +
			"DaemonSets report Skip.",
		Rationale: "Without a PodDisruptionBudget, a node drain or cluster upgrade may evict every pod of the " +
			"workload at once: voluntary disruptions are only throttled for pods a budget covers. " +
			"Cluster autoscalers and managed node upgrades drain nodes routinely, so an unprotected " +
			"workload goes down during ordinary maintenance.",
		Remediation: "Add a PodDisruptionBudget whose selector matches the pod template labels, e.g. " +
			"`spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}`.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"PodDisruptionBudget"},
	},
	Run: runPDBPresent,
}

func runPDBPresent(s *Snapshot, _ Params) Outcome {
	matched, notes := s.PDBsSelecting()
	var f Findings
	f.NoteAll(notes)
	if len(matched) == 0 {
		f.AddWorkload("no PodDisruptionBudget in namespace %q selects the pod labels %s; add one whose spec.selector matches them",
			s.Workload.Namespace(), s.podLabelsText())
		return f.Result("")
	}
	return f.Result("pods are selected by PodDisruptionBudget %s", quoteList(objectNames(matched)))
}
