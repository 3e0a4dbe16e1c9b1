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
	"context"
	"testing"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// Builders for the envtest tests, shared with other suites through internal/testenv.

func ptrTo[T any](v T) *T { return &v }

var (
	goodDeployment = testenv.GoodDeployment
	badDeployment  = testenv.BadDeployment
	pdbFor         = testenv.PDBFor
	hpaFor         = testenv.HPAFor
	secretFor      = testenv.SecretFor
	readinessFor   = testenv.ReadinessFor
)

// create creates objects with the test's client.
func create(t *testing.T, objs ...client.Object) {
	t.Helper()
	for _, o := range objs {
		if err := k8s.Create(context.Background(), o); err != nil {
			t.Fatalf("creating %T %s: %v", o, o.GetName(), err)
		}
	}
}

// readyApp creates the Deployment "shop" passing the production profile, its PDB and Secret and
// a ProductionReadiness, marks the rollout complete and waits for Ready and the label "true".
func readyApp(t *testing.T, ns string) {
	t.Helper()
	create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	eventually(NewWithT(t), func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())
}

// update re-reads obj, applies mutate and writes it back, retrying when the operator wrote the
// object in between (a status or label patch bumps its resourceVersion).
func update(t *testing.T, obj client.Object, mutate func()) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(obj), obj); err != nil {
			return err
		}
		mutate()
		return k8s.Update(context.Background(), obj)
	})
	if err != nil {
		t.Fatalf("updating %T %s: %v", obj, obj.GetName(), err)
	}
}

// markRolledOut sets a Deployment's status to a completed rollout of its current generation.
func markRolledOut(t *testing.T, ns, name string) {
	t.Helper()
	if err := testenv.MarkRolledOut(context.Background(), k8s, ns, name); err != nil {
		t.Fatalf("marking %s/%s rolled out: %v", ns, name, err)
	}
}

// getReadiness reads a ProductionReadiness.
func getReadiness(g Gomega, ns, name string) *v1alpha1.ProductionReadiness {
	pr := &v1alpha1.ProductionReadiness{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, pr)).To(Succeed())
	return pr
}

// condition returns "Status/Reason" of a condition, or "" when absent.
func condition(pr *v1alpha1.ProductionReadiness, typ string) string {
	c := meta.FindStatusCondition(pr.Status.Conditions, typ)
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// result returns a check's result word, or "" when the check is not in status.
func result(pr *v1alpha1.ProductionReadiness, id string) v1alpha1.Result {
	for _, c := range pr.Status.Checks {
		if c.ID == id {
			return c.Result
		}
	}
	return ""
}

// label returns the promotion label of a Deployment ("<absent>" when missing).
func label(g Gomega, ns, name string) string {
	d := &appsv1.Deployment{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, d)).To(Succeed())
	v, ok := d.Labels[v1alpha1.PromotableLabel]
	if !ok {
		return "<absent>"
	}
	return v
}

// expectVerdict waits for the Ready/Reconciling/Stalled triple ("" = absent) and returns the
// object.
func expectVerdict(t *testing.T, ns, name, ready, reconciling, stalled string) *v1alpha1.ProductionReadiness {
	t.Helper()
	g := NewWithT(t)
	var pr *v1alpha1.ProductionReadiness
	eventually(g, func(g Gomega) {
		pr = getReadiness(g, ns, name)
		g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
		g.Expect([]string{condition(pr, v1alpha1.ConditionReady), condition(pr, v1alpha1.ConditionReconciling), condition(pr, v1alpha1.ConditionStalled)}).
			To(Equal([]string{ready, reconciling, stalled}), "conditions of %s/%s: %+v", ns, name, pr.Status.Conditions)
	}).Should(Succeed())
	return pr
}
