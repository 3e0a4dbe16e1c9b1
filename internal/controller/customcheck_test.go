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

package controller

import (
	"testing"

	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

// A custom check of a ReadinessProfile is evaluated by the operator like a built-in check: it
// has a status entry and decides the verdict, a ProductionReadiness overrides its enforcement,
// and a rule that stops compiling makes the profile and its users InvalidSpec.
func TestCustomCheck(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	rp := &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: "custom-" + ns}, Spec: v1alpha1.ReadinessProfileSpec{
		BasedOn: "production",
		CustomChecks: []v1alpha1.CustomCheck{{
			ID: "owner-team", Title: "The workload names its team",
			Params: []v1alpha1.CustomCheckParam{{Name: "teams", Type: "list", Default: "payments,search"}},
			Rules: []v1alpha1.CustomCheckRule{{
				Expression:        "object.metadata.?labels[?'owner'].orValue('') in params.teams",
				MessageExpression: "'the owner label of ' + object.metadata.name + ' is not one of ' + params.teams.join(', ')",
			}},
		}},
	}}
	create(t, rp, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"),
		readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = rp.Name }))
	markRolledOut(t, ns, "shop")

	pr := expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "owner-team")).To(Equal(v1alpha1.ResultFail))
	g.Expect(checkMessage(pr, "owner-team")).To(Equal("the owner label of shop is not one of payments, search"))
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring("owner-team"))
	g.Expect(pr.Status.Summary.Failed).To(Equal(int32(1)))
	eventually(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(rp), rp)).To(Succeed())
		g.Expect(rp.Status.Conditions).To(ContainElement(HaveField("Reason", v1alpha1.ReasonValid)))
	}).Should(Succeed())

	// Advisory in the ProductionReadiness: a warning, and the workload is Ready.
	update(t, pr, func() {
		pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "owner-team", Enforcement: v1alpha1.EnforcementAdvisory}}
	})
	pr = expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(result(pr, "owner-team")).To(Equal(v1alpha1.ResultWarn))

	// A rule that no longer type-checks (the webhook would refuse it; this suite runs none).
	update(t, rp, func() { rp.Spec.CustomChecks[0].Rules[0].Expression = "object.metadata.owner == 'payments'" })
	pr = expectVerdict(t, ns, "shop", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(And(
		ContainSubstring(`ReadinessProfile "`+rp.Name+`" is invalid`),
		ContainSubstring(`spec.customChecks[0].rules[0].expression`),
		ContainSubstring(`custom check "owner-team" rule 0: line 1, column 16: undefined field 'owner'`)))
	eventually(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(rp), rp)).To(Succeed())
		ready := findProfileCondition(rp, v1alpha1.ConditionReady)
		g.Expect(ready.Reason).To(Equal(v1alpha1.ReasonInvalidSpec))
		g.Expect(ready.Message).To(ContainSubstring(`custom check "owner-team" rule 0: line 1, column 16`))
	}).Should(Succeed())
}
