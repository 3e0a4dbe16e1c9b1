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

// availPDB is a PodDisruptionBudget with a selector; mods adjust it.
func availPDB(name string, sel *metav1.LabelSelector, mods ...func(*policyv1.PodDisruptionBudget)) policyv1.PodDisruptionBudget {
	p := policyv1.PodDisruptionBudget{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"},
		Spec:       policyv1.PodDisruptionBudgetSpec{Selector: sel},
	}
	for _, m := range mods {
		m(&p)
	}
	return p
}

// availMatch is a selector with matchLabels only.
func availMatch(kv ...string) *metav1.LabelSelector {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return &metav1.LabelSelector{MatchLabels: m}
}

// availMinAvailable and availMaxUnavailable set a PDB's budget; an int or a string.
func availMinAvailable(v intstr.IntOrString) func(*policyv1.PodDisruptionBudget) {
	return func(p *policyv1.PodDisruptionBudget) { p.Spec.MinAvailable = &v }
}

func availMaxUnavailable(v intstr.IntOrString) func(*policyv1.PodDisruptionBudget) {
	return func(p *policyv1.PodDisruptionBudget) { p.Spec.MaxUnavailable = &v }
}

// availWithPDB adds PDBs to a snapshot.
func availWithPDB(s *Snapshot, pdbs ...policyv1.PodDisruptionBudget) *Snapshot {
	s.PDBs = append(s.PDBs, pdbs...)
	return s
}

func TestPDBPresent(t *testing.T) {
	inWebOrAPI := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}}}}
	notWeb := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"web"}}}}
	bogus := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: "Bogus", Values: []string{"web"}}}}
	runCases(t, &pdbPresent, []checkCase{
		{name: "matching PDB", snap: availWithPDB(deploy(ctr("api")), availPDB("web-pdb", availMatch("app", "web"))), want: v1alpha1.ResultPass,
			msg: []string{`PodDisruptionBudget "web-pdb"`}},
		{name: "no PDB", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`no PodDisruptionBudget in namespace "shop" selects the pod labels {app: web}`}},
		{name: "PDB for other pods", snap: availWithPDB(deploy(ctr("api")), availPDB("db", availMatch("app", "db"))), want: v1alpha1.ResultFail,
			notMsg: []string{`"db"`}},
		{name: "matchLabels are ANDed, not ORed",
			snap: availWithPDB(deploy(ctr("api")), availPDB("web-db", availMatch("app", "web", "tier", "db"))), want: v1alpha1.ResultFail},
		{name: "subset of the pod labels matches",
			snap: availWithPDB(availPodLabels(deploy(ctr("api")), map[string]string{"app": "web", "tier": "front"}), availPDB("web", availMatch("app", "web"))),
			want: v1alpha1.ResultPass},
		{name: "matchExpressions In", snap: availWithPDB(deploy(ctr("api")), availPDB("web-api", inWebOrAPI)), want: v1alpha1.ResultPass},
		{name: "matchExpressions NotIn", snap: availWithPDB(deploy(ctr("api")), availPDB("others", notWeb)), want: v1alpha1.ResultFail},
		{name: "empty selector selects every pod of the namespace",
			snap: availWithPDB(deploy(ctr("api")), availPDB("everything", &metav1.LabelSelector{})), want: v1alpha1.ResultPass,
			msg: []string{`PodDisruptionBudget "everything"`, `"everything" has an empty spec.selector and selects every pod of namespace "shop"`}},
		{name: "nil selector selects nothing", snap: availWithPDB(deploy(ctr("api")), availPDB("nothing", nil)), want: v1alpha1.ResultFail,
			msg: []string{`"nothing" has no spec.selector and selects no pods`}},
		{name: "invalid selector is ignored", snap: availWithPDB(deploy(ctr("api")), availPDB("broken", bogus)), want: v1alpha1.ResultFail,
			msg: []string{`"broken" has an invalid spec.selector`}},
		{name: "empty-selector PDB beside a matching one",
			snap: availWithPDB(deploy(ctr("api")), availPDB("everything", &metav1.LabelSelector{}), availPDB("web", availMatch("app", "web"))),
			want: v1alpha1.ResultPass, msg: []string{`PodDisruptionBudget "everything", "web"`, `"everything" has an empty spec.selector`}},
		{name: "pod template without labels", snap: availWithPDB(availPodLabels(deploy(ctr("api")), nil), availPDB("web", availMatch("app", "web"))),
			want: v1alpha1.ResultFail, msg: []string{"pod labels {}"}},
		{name: "statefulset", snap: availWithPDB(statefulSet(deploy(ctr("db"))), availPDB("web", availMatch("app", "web"))), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip, msg: []string{"DaemonSet"}},
	})
}
