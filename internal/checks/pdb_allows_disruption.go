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

	policyv1 "k8s.io/api/policy/v1"
)

func init() { register(&pdbAllowsDisruption) }

var pdbAllowsDisruption = Check{
	Meta: Meta{
		ID:       "pdb-allows-disruption",
		Title:    "The PodDisruptionBudget allows an eviction",
		Category: CategoryAvailability,
		Description: "Exactly one PodDisruptionBudget selects the pods; it sets `minAvailable` or " +
			"`maxUnavailable`, and it allows at least one eviction at the effective replica count " +
			"(the HPA's minReplicas, else spec.replicas): `maxUnavailable` is not 0 or 0%, and " +
			"`minAvailable` (a percentage rounded up, as the disruption controller does) is below the " +
			"effective replicas. Skip when no PDB selects the pods (see pdb-present), for DaemonSets " +
			"and for workloads scaled to zero.",
		Rationale: "A budget that allows no eviction blocks every node drain: cluster upgrades and " +
			"autoscaler scale-downs hang until someone deletes the PDB by hand, which then protects " +
			"nothing. A pod covered by two budgets cannot be evicted at all — the eviction API " +
			"refuses it — with the same effect.",
		Remediation: "Keep one PodDisruptionBudget per workload and let it allow one eviction: prefer " +
			"`maxUnavailable: 1`, or set `minAvailable` below the replica count (e.g. `minAvailable: 50%` " +
			"with 3 replicas allows 1). Raise replicas if the workload cannot lose a pod.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"PodDisruptionBudget", "HorizontalPodAutoscaler"},
	},
	Run: runPDBAllowsDisruption,
}

func runPDBAllowsDisruption(s *Snapshot, _ Params) Outcome {
	matched, notes := s.PDBsSelecting()
	var f Findings
	f.NoteAll(notes)
	if len(matched) == 0 {
		return Skip("%s", joinNonEmpty("; ", "no PodDisruptionBudget selects the pods; see pdb-present", joinNonEmpty("; ", notes...)))
	}
	if len(matched) > 1 {
		f.AddWorkload("the pods are selected by %d PodDisruptionBudgets (%s); the eviction API refuses to evict a pod covered by more than one, so keep a single budget",
			len(matched), quoteList(objectNames(matched)))
		return f.Result("")
	}
	n, source, ok := s.EffectiveReplicas()
	if !ok {
		return Skip("%s has no replica count", s.Workload.Kind())
	}
	if n <= 0 {
		return Skip("the workload is scaled to 0 replicas (from %s); there is no pod to evict", source)
	}
	pdb := matched[0]
	allowed, detail, problem := pdbAllowedEvictions(pdb, n)
	if problem != "" {
		f.AddWorkload("PodDisruptionBudget %q %s", pdb.Name, problem)
		return f.Result("")
	}
	if allowed <= 0 {
		f.AddWorkload("PodDisruptionBudget %q: %s allows no eviction (replicas from %s); allow at least one, e.g. maxUnavailable: 1",
			pdb.Name, detail, source)
		return f.Result("")
	}
	return f.Result("PodDisruptionBudget %q: %s allows %d %s (replicas from %s)",
		pdb.Name, detail, allowed, plural(int(allowed), "eviction"), source)
}

// pdbAllowedEvictions is how many pods the budget lets the eviction API take down when all
// replicas are healthy, with the arithmetic for messages, or a problem with the budget's spec.
func pdbAllowedEvictions(pdb *policyv1.PodDisruptionBudget, replicas int32) (allowed int32, detail, problem string) {
	minA, maxU := pdb.Spec.MinAvailable, pdb.Spec.MaxUnavailable
	switch {
	case minA == nil && maxU == nil:
		return 0, "", "sets neither spec.minAvailable nor spec.maxUnavailable; set one, e.g. maxUnavailable: 1"
	case minA != nil && maxU != nil:
		return 0, "", "sets both spec.minAvailable and spec.maxUnavailable, which the API server rejects; keep one"
	case maxU != nil:
		v, pct, err := scaledIntOrPercent(*maxU, replicas, true)
		if err != nil {
			return 0, "", fmt.Sprintf("has an invalid spec.maxUnavailable: %v", err)
		}
		if v > replicas {
			v = replicas
		}
		return v, fmt.Sprintf("maxUnavailable %s of %s%s", maxU.String(), pdbEffectiveReplicas(replicas), pdbRoundedNote(pct, v)), ""
	default:
		v, pct, err := scaledIntOrPercent(*minA, replicas, true)
		if err != nil {
			return 0, "", fmt.Sprintf("has an invalid spec.minAvailable: %v", err)
		}
		return replicas - v, fmt.Sprintf("minAvailable %s of %s%s", minA.String(), pdbEffectiveReplicas(replicas), pdbRoundedNote(pct, v)), ""
	}
}

// pdbRoundedNote shows what a percentage resolved to ("" for plain integers).
func pdbRoundedNote(isPercent bool, v int32) string {
	if !isPercent {
		return ""
	}
	return fmt.Sprintf(" (rounded up to %d)", v)
}

// pdbEffectiveReplicas renders "3 effective replicas".
func pdbEffectiveReplicas(n int32) string {
	return fmt.Sprintf("%d effective %s", n, plural(int(n), "replica"))
}
