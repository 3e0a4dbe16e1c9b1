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
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// kstatus conformance: real ProductionReadiness objects driven by the running operator into every
// row of the DESIGN §2 conditions table, read back from the API server, and computed with
// kstatus (sigs.k8s.io/cli-utils), the library Flux, Helm 4 --wait and kpt use.
//
// Each row first waits for the row's conditions (Ready/Reconciling/Stalled, "" = absent) and then
// computes kstatus on that same object, so the test checks the table's right-hand column against
// its left-hand columns rather than polling until kstatus agrees.
func TestKstatusConformance(t *testing.T) {
	rows := []struct {
		name string
		// setup creates the objects of the row in ns; the ProductionReadiness is named "shop".
		setup                       func(t *testing.T, ns string)
		ready, reconciling, stalled string
		want                        status.Status
	}{{
		name: "checks passed",
		setup: func(t *testing.T, ns string) {
			create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
			markRolledOut(t, ns, "shop")
		},
		ready: "True/ChecksPassed", want: status.CurrentStatus,
	}, {
		name: "rollout in progress",
		setup: func(t *testing.T, ns string) {
			// The deployment controller has not observed the Deployment: no status at all.
			create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
		},
		ready: "False/RolloutInProgress", reconciling: "True/RolloutInProgress", want: status.InProgressStatus,
	}, {
		name:  "target missing within grace",
		setup: func(t *testing.T, ns string) { create(t, readinessFor(ns, "shop")) },
		ready: "False/TargetNotFound", reconciling: "True/TargetNotFound", want: status.InProgressStatus,
	}, {
		name:  "target missing after grace",
		setup: func(t *testing.T, ns string) { create(t, readinessFor(ns, "shop")) },
		ready: "False/TargetNotFound", stalled: "True/TargetNotFound", want: status.FailedStatus,
	}, {
		name: "required check failing",
		setup: func(t *testing.T, ns string) {
			create(t, badDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
			markRolledOut(t, ns, "shop")
		},
		ready: "False/ChecksFailed", stalled: "True/ChecksFailed", want: status.FailedStatus,
	}, {
		name: "required check failing during a rollout",
		setup: func(t *testing.T, ns string) {
			create(t, badDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
		},
		ready: "False/ChecksFailed", stalled: "True/ChecksFailed", want: status.FailedStatus,
	}, {
		name: "rollout failed",
		setup: func(t *testing.T, ns string) {
			create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
			markRolledOut(t, ns, "shop")
			setKstatusDeploymentCondition(t, ns, "shop", appsv1.DeploymentCondition{
				Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded",
				Message: `ReplicaSet "shop-5d8c7" has timed out progressing.`,
			})
		},
		ready: "False/RolloutFailed", stalled: "True/RolloutFailed", want: status.FailedStatus,
	}, {
		name: "invalid spec",
		setup: func(t *testing.T, ns string) {
			create(t, goodDeployment(ns, "shop"), readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) {
				pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readyness"}}
			}))
		},
		ready: "False/InvalidSpec", stalled: "True/InvalidSpec", want: status.FailedStatus,
	}, {
		name: "no required check applies",
		setup: func(t *testing.T, ns string) {
			create(t, badDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop", exemptAllRequired("baseline")))
			markRolledOut(t, ns, "shop")
		},
		ready: "False/NoRequiredChecks", stalled: "True/NoRequiredChecks", want: status.FailedStatus,
	}}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			ns := newNamespace(t)
			row.setup(t, ns)
			u := expectKstatusConditions(t, ns, "shop", row.ready, row.reconciling, row.stalled)
			expectKstatus(t, u, row.want)
		})
	}
}

// Never reconciled: the object as the API server creates it (a dry-run create, so the operator
// never sees it) carries the schema's default status {observedGeneration: -1} and no condition.
func TestKstatusNeverReconciled(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	u := kstatusDryRunObject(t, readinessFor(ns, "shop"))
	g.Expect(k8s.Create(context.Background(), u, client.DryRunAll)).To(Succeed())

	observed, found, err := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(found).To(BeTrue(), "the dry-run result has no defaulted status.observedGeneration: %v", u.Object["status"])
	g.Expect(observed).To(Equal(int64(-1)))
	g.Expect(u.GetGeneration()).To(Equal(int64(1)))
	_, hasConditions, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	g.Expect(hasConditions).To(BeFalse())
	expectKstatus(t, u, status.InProgressStatus)
}

// A spec change makes yesterday's verdict stale: the object the API server returns from the
// update (generation 2, status still about generation 1 and Ready) is InProgress, and the
// operator then re-evaluates it.
func TestKstatusStaleGeneration(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")
	u := expectKstatusConditions(t, ns, "shop", "True/ChecksPassed", "", "")
	expectKstatus(t, u, status.CurrentStatus)

	// The operator may still write status after the read above: retry on conflicts only.
	g.Expect(retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(u), u); err != nil {
			return err
		}
		if err := unstructured.SetNestedField(u.Object, "baseline", "spec", "profile"); err != nil {
			return err
		}
		return k8s.Update(context.Background(), u)
	})).To(Succeed())
	g.Expect(u.GetGeneration()).To(Equal(int64(2)))
	observed, _, _ := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
	g.Expect(observed).To(Equal(int64(1)), "the update response already carries a new status")
	expectKstatus(t, u, status.InProgressStatus)

	u = expectKstatusConditions(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(u.GetGeneration()).To(Equal(int64(2)))
	expectKstatus(t, u, status.CurrentStatus)
}

// expectKstatusConditions waits until the object, read as unstructured from the API server,
// has been evaluated at its current generation with the given Ready/Reconciling/Stalled
// ("Status/Reason", "" = absent), and returns that read.
func expectKstatusConditions(t *testing.T, ns, name, ready, reconciling, stalled string) *unstructured.Unstructured {
	t.Helper()
	g := NewWithT(t)
	var u *unstructured.Unstructured
	eventually(g, func(g Gomega) {
		u = &unstructured.Unstructured{}
		u.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind("ProductionReadiness"))
		g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, u)).To(Succeed())
		pr := &v1alpha1.ProductionReadiness{}
		g.Expect(runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, pr)).To(Succeed())
		g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
		g.Expect([]string{condition(pr, v1alpha1.ConditionReady), condition(pr, v1alpha1.ConditionReconciling), condition(pr, v1alpha1.ConditionStalled)}).
			To(Equal([]string{ready, reconciling, stalled}), "conditions of %s/%s: %+v", ns, name, pr.Status.Conditions)
	}).Should(Succeed())
	return u
}

// expectKstatus computes kstatus on an object and compares it with the table.
func expectKstatus(t *testing.T, u *unstructured.Unstructured, want status.Status) {
	t.Helper()
	res, err := status.Compute(u)
	if err != nil {
		t.Fatalf("kstatus on %s/%s: %v", u.GetNamespace(), u.GetName(), err)
	}
	if res.Status != want {
		t.Errorf("kstatus of %s/%s = %s (%q), want %s; status: %v", u.GetNamespace(), u.GetName(), res.Status, res.Message, want, u.Object["status"])
	}
}

// setKstatusDeploymentCondition replaces a Deployment's status conditions with c, as the deployment
// controller reports a rollout past its progress deadline.
func setKstatusDeploymentCondition(t *testing.T, ns, name string, c appsv1.DeploymentCondition) {
	t.Helper()
	eventually(NewWithT(t), func() error {
		d := &appsv1.Deployment{}
		if err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, d); err != nil {
			return err
		}
		d.Status.Conditions = []appsv1.DeploymentCondition{c}
		return k8s.Status().Update(context.Background(), d)
	}).Should(Succeed())
}

// kstatusDryRunObject converts a ProductionReadiness to the unstructured object a client sends
// to create it (no status).
func kstatusDryRunObject(t *testing.T, pr *v1alpha1.ProductionReadiness) *unstructured.Unstructured {
	t.Helper()
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(pr)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{Object: m}
	u.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind("ProductionReadiness"))
	unstructured.RemoveNestedField(u.Object, "status")
	return u
}

var exemptAllRequired = testenv.ExemptAllRequired
