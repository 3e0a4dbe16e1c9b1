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

import policyv1 "k8s.io/api/policy/v1"

func init() { register(&pdbUnhealthyEvictionPolicy) }

var pdbUnhealthyEvictionPolicy = Check{
	Meta: Meta{
		ID:       "pdb-unhealthy-eviction-policy",
		Title:    "PodDisruptionBudgets let unhealthy pods be evicted",
		Category: CategoryAvailability,
		Description: "Every PodDisruptionBudget that selects the pods sets " +
			"`spec.unhealthyPodEvictionPolicy: AlwaysAllow`. Unset means `IfHealthyBudget`, under which " +
			"a running but not-ready pod can be evicted only while the budget is healthy. Skip when no " +
			"PDB selects the pods (see pdb-present) and for kinds without a replica count (DaemonSet, " +
			"Job, CronJob).",
		Rationale: "With `IfHealthyBudget`, pods that are crash-looping or never become ready count " +
			"against the budget and block their own eviction, so a node drain or cluster upgrade hangs " +
			"on a workload that is already broken. `AlwaysAllow` lets the drain evict pods that are not " +
			"ready, while healthy pods stay protected by the budget.",
		Remediation: "Add `unhealthyPodEvictionPolicy: AlwaysAllow` to the PodDisruptionBudget's spec " +
			"(policy/v1, Kubernetes 1.27 or later).",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"PodDisruptionBudget"},
	},
	Run: runPDBUnhealthyEvictionPolicy,
}

func runPDBUnhealthyEvictionPolicy(s *Snapshot, _ Params) Outcome {
	matched, notes := s.PDBsSelecting()
	var f Findings
	f.NoteAll(notes)
	if len(matched) == 0 {
		return Skip("no PodDisruptionBudget selects the pods; see pdb-present")
	}
	for _, pdb := range matched {
		switch policy := pdb.Spec.UnhealthyPodEvictionPolicy; {
		case policy == nil:
			f.AddWorkload("PodDisruptionBudget %q does not set unhealthyPodEvictionPolicy, so it is IfHealthyBudget and pods that are not ready can block node drains; set spec.unhealthyPodEvictionPolicy: AlwaysAllow",
				pdb.Name)
		case *policy != policyv1.AlwaysAllow:
			f.AddWorkload("PodDisruptionBudget %q sets unhealthyPodEvictionPolicy %s, so pods that are not ready can block node drains; set it to AlwaysAllow",
				pdb.Name, *policy)
		}
	}
	n := len(matched)
	return f.Result("%s %s %s unhealthyPodEvictionPolicy: AlwaysAllow", byCount(n, "PodDisruptionBudget", "PodDisruptionBudgets"),
		quoteList(objectNames(matched)), byCount(n, "sets", "set"))
}
