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
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The converted-once selectors the mappers use decide exactly as the snapshot's selections the
// checks use (PDBsSelecting, NetworkPoliciesSelecting, ServicesSelecting), and as Kubernetes
// does: the want column is written out from the API's semantics, not computed by the code.
func TestCompiledSelectorsAgreeWithRules(t *testing.T) {
	app := map[string]string{"app": "shop", "tier": "web"}
	other := map[string]string{"app": "blog"}
	sets := []map[string]string{app, other, {}, nil}
	selectors := map[string]*metav1.LabelSelector{
		"null":        nil,
		"empty":       {},
		"app":         {MatchLabels: map[string]string{"app": "shop"}},
		"expression":  {MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"web"}}}},
		"invalid key": {MatchLabels: map[string]string{"not a key!": "x"}},
	}
	// want[name] is which of sets each selector selects, for a PDB (policy/v1: null selects
	// none, {} all) and a NetworkPolicy (podSelector {} selects all; a null one is {}).
	wantPDB := map[string][]bool{
		"null": {false, false, false, false}, "empty": {true, true, true, true}, "app": {true, false, false, false},
		"expression": {true, false, false, false}, "invalid key": {false, false, false, false},
	}
	wantNP := map[string][]bool{
		"null": {true, true, true, true}, "empty": {true, true, true, true}, "app": {true, false, false, false},
		"expression": {true, false, false, false}, "invalid key": {false, false, false, false},
	}
	selectedBySnapshot := func(set map[string]string, pdb *policyv1.PodDisruptionBudget, np *networkingv1.NetworkPolicy, svc *corev1.Service) (bool, bool, bool) {
		s := &Snapshot{Workload: *podOnly(&corev1.PodSpec{})}
		s.Workload.RefTemplate.Labels = set
		if pdb != nil {
			s.PDBs = []policyv1.PodDisruptionBudget{*pdb}
		}
		if np != nil {
			s.NetworkPolicies = []networkingv1.NetworkPolicy{*np}
		}
		if svc != nil {
			s.Services = []corev1.Service{*svc}
		}
		pdbs, _ := s.PDBsSelecting()
		nps, _ := s.NetworkPoliciesSelecting()
		return len(pdbs) == 1, len(nps) == 1, len(s.ServicesSelecting()) == 1
	}
	for name, sel := range selectors {
		pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: policyv1.PodDisruptionBudgetSpec{Selector: sel}}
		np := &networkingv1.NetworkPolicy{}
		if sel != nil {
			np.Spec.PodSelector = *sel
		}
		for i, set := range sets {
			snapPDB, snapNP, _ := selectedBySnapshot(set, pdb, np, nil)
			if got := PDBSelector(pdb)(set); got != wantPDB[name][i] || snapPDB != got {
				t.Errorf("PDB %s, set %d: compiled %v, snapshot %v, want %v", name, i, got, snapPDB, wantPDB[name][i])
			}
			if got := NetworkPolicySelector(np)(set); got != wantNP[name][i] || snapNP != got {
				t.Errorf("NetworkPolicy %s, set %d: compiled %v, snapshot %v, want %v", name, i, got, snapNP, wantNP[name][i])
			}
		}
	}
	services := map[string]*corev1.Service{
		"selector":     {Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "shop"}}},
		"no selector":  {},
		"externalName": {Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, Selector: map[string]string{"app": "shop"}}},
	}
	wantSvc := map[string][]bool{"selector": {true, false, false, false}, "no selector": {false, false, false, false}, "externalName": {false, false, false, false}}
	for name, svc := range services {
		for i, set := range sets {
			_, _, snapSvc := selectedBySnapshot(set, nil, nil, svc)
			if got := ServiceSelector(svc)(set); got != wantSvc[name][i] || snapSvc != got {
				t.Errorf("Service %s, set %d: compiled %v, snapshot %v, want %v", name, i, got, snapSvc, wantSvc[name][i])
			}
		}
	}
}

// labelSets are the pod labels of n workloads of one namespace.
func labelSets(n int) []map[string]string {
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{"app.kubernetes.io/name": fmt.Sprintf("w-%05d", i), "tier": "web"}
	}
	return out
}

var benchPDB = &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "w-01000"}, Spec: policyv1.PodDisruptionBudgetSpec{
	Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": "w-01000"}}}}

// One PDB event in a namespace of 2,000 workloads, matched the way the event mapper did before
// (the selector converted for every candidate) …
func BenchmarkPDBSelectsPerCandidate(b *testing.B) {
	sets := labelSets(2000)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sets {
			PDBSelects(benchPDB, s)
		}
	}
}

// … and now (converted once per event).
func BenchmarkPDBSelectorOncePerEvent(b *testing.B) {
	sets := labelSets(2000)
	b.ReportAllocs()
	for b.Loop() {
		sel := PDBSelector(benchPDB)
		for _, s := range sets {
			sel(s)
		}
	}
}

// The memo keys selectors by content: selectors that differ anywhere never share an entry.
func TestSelectorKeyDistinguishesContent(t *testing.T) {
	sels := []*metav1.LabelSelector{
		{MatchLabels: map[string]string{"a": "b"}},
		{MatchLabels: map[string]string{"a": "bc"}},
		{MatchLabels: map[string]string{"ab": "c"}},
		{MatchLabels: map[string]string{"a": "b", "c": "d"}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpIn, Values: []string{"b"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"b"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpIn, Values: []string{"b", "c"}}}},
		{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists}}},
		{MatchLabels: map[string]string{"a": "b"}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: metav1.LabelSelectorOpExists}}},
	}
	seen := map[string]int{}
	for i, s := range sels {
		k := selectorKey(s)
		if j, ok := seen[k]; ok {
			t.Errorf("selectors %d and %d share key %q", j, i, k)
		}
		seen[k] = i
	}
	// The same content in another map order has the same key.
	if selectorKey(&metav1.LabelSelector{MatchLabels: map[string]string{"c": "d", "a": "b"}}) != selectorKey(sels[3]) {
		t.Error("key depends on map order")
	}
	// An invalid selector stays an error when served from the memo.
	bad := &metav1.LabelSelector{MatchLabels: map[string]string{"not a key!": "x"}}
	for range 2 {
		if _, err := labelSelector(bad, true); err == nil {
			t.Error("invalid selector accepted")
		}
	}
}
