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
	"testing"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestPDBAllowsDisruption(t *testing.T) {
	web := availMatch("app", "web")
	// budget is Deployment "web" with the replicas given and one PDB "web" selecting its pods.
	budget := func(replicas int32, mods ...func(*policyv1.PodDisruptionBudget)) *Snapshot {
		return availWithPDB(availReplicas(deploy(ctr("api")), ptr(replicas)), availPDB("web", web, mods...))
	}
	minA, maxU := availMinAvailable, availMaxUnavailable
	n, pct := intstr.FromInt32, intstr.FromString
	runCases(t, &pdbAllowsDisruption, []checkCase{
		// Applicability.
		{name: "no PDB", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip,
			msg: []string{"no PodDisruptionBudget selects the pods; see pdb-present"}},
		{name: "only an empty-selector PDB, which selects every pod", snap: availWithPDB(deploy(ctr("api")), availPDB("all", &metav1.LabelSelector{}, maxU(n(1)))),
			want: v1alpha1.ResultPass, msg: []string{`"all" has an empty spec.selector and selects every pod`}},
		{name: "only a PDB without a selector", snap: availWithPDB(deploy(ctr("api")), availPDB("none", nil, maxU(n(1)))),
			want: v1alpha1.ResultSkip, msg: []string{"see pdb-present", `"none" has no spec.selector`}},
		{name: "an empty-selector PDB beside the workload's own is a second budget",
			snap: availWithPDB(deploy(ctr("api")), availPDB("all", &metav1.LabelSelector{}, maxU(n(1))), availPDB("web", web, maxU(n(1)))),
			want: v1alpha1.ResultFail, msg: []string{"2 PodDisruptionBudgets", `"all", "web"`}},
		{name: "two PDBs select the pods",
			snap: availWithPDB(deploy(ctr("api")), availPDB("web-a", web, maxU(n(1))), availPDB("web-b", availMatch("app", "web"), maxU(n(1)))),
			want: v1alpha1.ResultFail, msg: []string{"2 PodDisruptionBudgets", `"web-a", "web-b"`, "more than one"}},
		{name: "scaled to zero", snap: budget(0, minA(n(1))), want: v1alpha1.ResultSkip, msg: []string{"0 replicas"}},
		{name: "daemonset", snap: daemonSet(availWithPDB(deploy(ctr("agent")), availPDB("web", web, maxU(n(0))))), want: v1alpha1.ResultSkip},

		// Spec shape.
		{name: "neither field set", snap: budget(3), want: v1alpha1.ResultFail,
			msg: []string{`PodDisruptionBudget "web" sets neither spec.minAvailable nor spec.maxUnavailable`}},
		{name: "both fields set", snap: budget(3, minA(n(1)), maxU(n(1))), want: v1alpha1.ResultFail, msg: []string{"sets both"}},

		// maxUnavailable.
		{name: "maxUnavailable 1", snap: budget(2, maxU(n(1))), want: v1alpha1.ResultPass,
			msg: []string{"maxUnavailable 1 of 2 effective replicas allows 1 eviction"}},
		{name: "maxUnavailable 0", snap: budget(2, maxU(n(0))), want: v1alpha1.ResultFail,
			msg: []string{"maxUnavailable 0 of 2 effective replicas allows no eviction"}},
		{name: "maxUnavailable 0%", snap: budget(4, maxU(pct("0%"))), want: v1alpha1.ResultFail,
			msg: []string{"maxUnavailable 0% of 4 effective replicas (rounded up to 0) allows no eviction"}},
		{name: "maxUnavailable 10% rounds up to 1", snap: budget(2, maxU(pct("10%"))), want: v1alpha1.ResultPass,
			msg: []string{"maxUnavailable 10% of 2 effective replicas (rounded up to 1) allows 1 eviction"}},
		{name: "maxUnavailable above replicas", snap: budget(2, maxU(n(5))), want: v1alpha1.ResultPass, msg: []string{"allows 2 evictions"}},
		{name: "maxUnavailable 150%", snap: budget(2, maxU(pct("150%"))), want: v1alpha1.ResultFail,
			msg: []string{"invalid spec.maxUnavailable", "above 100%"}},
		{name: "maxUnavailable negative", snap: budget(2, maxU(n(-1))), want: v1alpha1.ResultFail,
			msg: []string{"invalid spec.maxUnavailable", "negative"}},

		// minAvailable.
		{name: "minAvailable equal to replicas", snap: budget(2, minA(n(2))), want: v1alpha1.ResultFail,
			msg: []string{"minAvailable 2 of 2 effective replicas allows no eviction", "(replicas from spec.replicas)"}},
		{name: "minAvailable above replicas", snap: budget(2, minA(n(3))), want: v1alpha1.ResultFail, msg: []string{"allows no eviction"}},
		{name: "minAvailable below replicas", snap: budget(3, minA(n(2))), want: v1alpha1.ResultPass,
			msg: []string{"minAvailable 2 of 3 effective replicas allows 1 eviction"}},
		{name: "minAvailable 0", snap: budget(2, minA(n(0))), want: v1alpha1.ResultPass, msg: []string{"allows 2 evictions"}},
		{name: "minAvailable 50% of 3 rounds up to 2", snap: budget(3, minA(pct("50%"))), want: v1alpha1.ResultPass,
			msg: []string{"minAvailable 50% of 3 effective replicas (rounded up to 2) allows 1 eviction"}},
		{name: "minAvailable 100%", snap: budget(3, minA(pct("100%"))), want: v1alpha1.ResultFail,
			msg: []string{"minAvailable 100% of 3 effective replicas (rounded up to 3) allows no eviction"}},
		{name: "minAvailable 50% of 1", snap: budget(1, minA(pct("50%"))), want: v1alpha1.ResultFail,
			msg: []string{"minAvailable 50% of 1 effective replica (rounded up to 1) allows no eviction"}},
		{name: "minAvailable 34% of 3 rounds up to 2", snap: budget(3, minA(pct("34%"))), want: v1alpha1.ResultPass,
			msg: []string{"(rounded up to 2) allows 1 eviction"}},
		{name: "minAvailable not a number", snap: budget(3, minA(pct("abc"))), want: v1alpha1.ResultFail,
			msg: []string{`PodDisruptionBudget "web" has an invalid spec.minAvailable`, `"abc"`}},
		{name: "minAvailable a number in a string", snap: budget(3, minA(pct("2"))), want: v1alpha1.ResultFail,
			msg: []string{"invalid spec.minAvailable"}},

		// Effective replicas from the HPA.
		{name: "HPA minReplicas lower than spec.replicas",
			snap: availWithHPA(budget(3, minA(n(2))), availHPA("web", ptr(int32(2)), 6)), want: v1alpha1.ResultFail,
			msg: []string{"minAvailable 2 of 2 effective replicas allows no eviction", `HorizontalPodAutoscaler "web" minReplicas`}},
		{name: "HPA minReplicas higher than spec.replicas",
			snap: availWithHPA(budget(2, minA(n(2))), availHPA("web", ptr(int32(4)), 8)), want: v1alpha1.ResultPass,
			msg: []string{"minAvailable 2 of 4 effective replicas allows 2 evictions"}},
		{name: "HPA minReplicas unset counts as 1",
			snap: availWithHPA(budget(3, minA(n(1))), availHPA("web", nil, 8)), want: v1alpha1.ResultFail,
			msg: []string{"minAvailable 1 of 1 effective replica allows no eviction", "minReplicas, unset so 1"}},

		{name: "statefulset", snap: statefulSet(budget(3, maxU(n(1)))), want: v1alpha1.ResultPass},
	})
}
