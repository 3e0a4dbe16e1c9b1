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

package testenv

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// Policy fixtures: one set of objects that the CLI (as files) and the operator (on envtest)
// must judge alike. Namespace names are fixed: create them once per API server.
const (
	// PolicyFixtureNamespace is covered by PolicyFixturePolicy.
	PolicyFixtureNamespace = "fx-covered"
	// PolicyFixtureFreeNamespace is covered by no policy.
	PolicyFixtureFreeNamespace = "fx-free"
	// PolicyFixturePolicy is the fixtures' ReadinessPolicy.
	PolicyFixturePolicy = "fx-floor"
)

// PolicyFixtureVerdict is what the fixtures must give for one ProductionReadiness (written or
// generated): the Ready reason and, for InvalidSpec, a field error both must name.
type PolicyFixtureVerdict struct {
	Reason string
	Error  string
}

// PolicyFixtures returns the objects (namespaces first, then the policy, then the rest) and the
// verdict each ProductionReadiness ("namespace/name") must get. Deployments are to be marked
// rolled out on a cluster.
func PolicyFixtures() ([]client.Object, map[string]PolicyFixtureVerdict) {
	ns, free := PolicyFixtureNamespace, PolicyFixtureFreeNamespace
	objs := []client.Object{
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"prodready.io/fixture": "covered"}}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: free}},
		&v1alpha1.ReadinessPolicy{ObjectMeta: metav1.ObjectMeta{Name: PolicyFixturePolicy}, Spec: v1alpha1.ReadinessPolicySpec{
			NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"prodready.io/fixture": "covered"}},
			Kinds:             []string{"Deployment"},
			Profile:           "production",
			Generate:          true,
			Exemptions:        &v1alpha1.ExemptionGovernance{RequireExpiry: true, MaxDuration: "720h"},
		}},
	}
	for _, n := range []string{ns, free} {
		objs = append(objs, SecretFor(n, "db", "password"))
	}
	// Covered: a weakening override; the exempt-everything object; a passing and a
	// failing Deployment no team wrote a ProductionReadiness for.
	objs = append(objs,
		BadDeployment(ns, "weak"), ReadinessFor(ns, "weak", func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Profile = "baseline"
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementAdvisory}}
		}),
		BadDeployment(ns, "exempt"), ReadinessFor(ns, "exempt", ExemptAllRequired("baseline")),
		GoodDeployment(ns, "good"), PDBFor(ns, "good"),
		BadDeployment(ns, "bare"),
		// Free: the same exempt-everything object is NoRequiredChecks; the weakening override
		// is the team's business.
		BadDeployment(free, "exempt"), ReadinessFor(free, "exempt", ExemptAllRequired("baseline")),
		GoodDeployment(free, "weak"), PDBFor(free, "weak"), ReadinessFor(free, "weak", func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-liveness", Enforcement: v1alpha1.EnforcementDisabled}}
		}),
	)
	want := map[string]PolicyFixtureVerdict{
		ns + "/weak": {Reason: v1alpha1.ReasonInvalidSpec,
			Error: `spec.checks[0].enforcement: Forbidden: ReadinessPolicy "fx-floor" makes check "probe-readiness" Required in this namespace; it may not be set Advisory`},
		ns + "/exempt": {Reason: v1alpha1.ReasonInvalidSpec,
			Error: `spec.exemptions[0].expires: Required value: ReadinessPolicy "fx-floor" requires every exemption to expire`},
		ns + "/deployment-good": {Reason: v1alpha1.ReasonChecksPassed},
		ns + "/deployment-bare": {Reason: v1alpha1.ReasonChecksFailed},
		free + "/exempt":        {Reason: v1alpha1.ReasonNoRequiredChecks},
		free + "/weak":          {Reason: v1alpha1.ReasonChecksPassed},
	}
	return objs, want
}

// ExemptAllRequired uses a built-in profile and exempts, without expiry, every check it makes
// Required: nothing is left enforced (the "everything exempted" object).
func ExemptAllRequired(profile string) func(*v1alpha1.ProductionReadiness) {
	return func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Profile = profile
		var ids []string
		for _, id := range checks.CatalogueIDs() {
			if checks.BuiltinEnforcement(profile, id) == v1alpha1.EnforcementRequired {
				ids = append(ids, id)
			}
		}
		pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: ids, Reason: "we know better"}}
	}
}
