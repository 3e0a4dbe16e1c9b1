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

func init() { register(&apiVersionServed) }

// removedRelated are the removed versions of the related kinds the engine reads, with the
// Kubernetes release that stopped serving them and the replacement.
var removedRelated = map[string]map[string]RemovedVersion{
	"HorizontalPodAutoscaler": {
		"autoscaling/v2beta1": {GroupVersion: "autoscaling/v2beta1", RemovedIn: "1.25"},
		"autoscaling/v2beta2": {GroupVersion: "autoscaling/v2beta2", RemovedIn: "1.26"},
	},
	"PodDisruptionBudget": {
		"policy/v1beta1": {GroupVersion: "policy/v1beta1", RemovedIn: "1.25"},
	},
}

// relatedReplacement is the served version of each related kind.
var relatedReplacement = map[string]string{"HorizontalPodAutoscaler": "autoscaling/v2", "PodDisruptionBudget": "policy/v1"}

var apiVersionServed = Check{
	Meta: Meta{
		ID:       "api-version-served",
		Title:    "Manifests use API versions Kubernetes still serves",
		Category: CategoryHygiene,
		Description: "The workload, the HorizontalPodAutoscalers targeting it and the PodDisruptionBudgets selecting its " +
			"pods are written in an API version that a current API server serves. A removed version " +
			"(`extensions/v1beta1`, `apps/v1beta1`, `apps/v1beta2`, `batch/v1beta1`, `autoscaling/v2beta1`, " +
			"`autoscaling/v2beta2`, `policy/v1beta1`) fails, naming the Kubernetes release that removed it and the " +
			"replacement; the rest of the catalogue still evaluates the object as the served version. Objects read " +
			"from a cluster are always served and pass.",
		Rationale: "The API server refuses an object of a removed version outright: the manifest that passed review " +
			"cannot be applied, and a GitOps sync or Helm upgrade fails on the day of the cluster upgrade, usually " +
			"in the middle of something else.",
		Remediation: "Move the manifest to the served version (`kubectl convert` or the Kubernetes deprecation guide): " +
			"apps/v1 for Deployments, StatefulSets and DaemonSets (which also requires spec.selector), batch/v1 for " +
			"CronJobs, autoscaling/v2 for HPAs, policy/v1 for PDBs.",
		Needs: []string{"HorizontalPodAutoscaler", "PodDisruptionBudget"},
	},
	Run: runAPIVersionServed,
}

func runAPIVersionServed(s *Snapshot, _ Params) Outcome {
	var f Findings
	w := &s.Workload
	if r, removed := w.WorkloadKind.RemovedVersion(w.APIVersion()); removed {
		f.AddWorkload("%s is %s, which Kubernetes %s stopped serving; use %s", w.String(), r.GroupVersion, r.RemovedIn, w.WorkloadKind.APIVersion())
	}
	for _, h := range s.HPAsTargeting() {
		relatedRemoved(&f, "HorizontalPodAutoscaler", h.Name, h.APIVersion)
	}
	pdbs, _ := s.PDBsSelecting()
	for _, p := range pdbs {
		relatedRemoved(&f, "PodDisruptionBudget", p.Name, p.APIVersion)
	}
	return f.Result("%s is %s, a served version", w.String(), w.APIVersion())
}

func relatedRemoved(f *Findings, kind, name, apiVersion string) {
	if r, removed := removedRelated[kind][apiVersion]; removed {
		f.AddWorkload("%s %q is %s, which Kubernetes %s stopped serving; use %s", kind, name, r.GroupVersion, r.RemovedIn, relatedReplacement[kind])
	}
}
