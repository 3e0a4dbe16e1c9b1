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
	"strings"
	"testing"
	"time"

	"github.com/prodready/prodready/internal/checks"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

var ctx = context.Background()

// A failing Deployment is Stalled with the right per-check results and label "false"; fixing
// it walks through Reconciling (rollout of the new generation) to Ready with label "true".
func TestFailingThenFixedDeployment(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, badDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")

	expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	var pr *v1alpha1.ProductionReadiness
	eventually(g, func(g Gomega) {
		pr = getReadiness(g, ns, "shop")
		for id, want := range map[string]v1alpha1.Result{
			"probe-readiness":    v1alpha1.ResultFail,
			"probe-liveness":     v1alpha1.ResultFail,
			"resources-requests": v1alpha1.ResultFail,
			"resources-limits":   v1alpha1.ResultFail,
			"image-tag-pinned":   v1alpha1.ResultFail,
			"replicas-minimum":   v1alpha1.ResultFail,
			"pdb-present":        v1alpha1.ResultFail,
			"secrets-refs-exist": v1alpha1.ResultPass,
			"rollout-complete":   v1alpha1.ResultPass,
			"hpa-valid":          v1alpha1.ResultSkip,
		} {
			g.Expect(result(pr, id)).To(Equal(want), "check %s", id)
		}
	}).Should(Succeed())
	g.Expect(pr.Status.Summary).NotTo(BeNil())
	g.Expect(pr.Status.Summary.Failed).To(BeNumerically(">=", 7))
	g.Expect(pr.Status.Promotable).To(BeFalse())
	g.Expect(pr.Status.Target).To(Equal(&v1alpha1.TargetStatus{APIVersion: "apps/v1", Kind: "Deployment", Name: "shop", Generation: 1, ObservedGeneration: 1}))
	ready := findCondition(pr, v1alpha1.ConditionReady)
	g.Expect(ready.Message).To(ContainSubstring("probe-readiness"))
	g.Expect(ready.ObservedGeneration).To(Equal(pr.Generation))
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("false")) }).Should(Succeed())

	// Fix the manifest: the new generation is not rolled out yet → Reconciling.
	fixed := goodDeployment(ns, "shop")
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "shop"}}
	update(t, d, func() { d.Spec = fixed.Spec })
	create(t, pdbFor(ns, "shop"))
	pr = expectVerdict(t, ns, "shop", "False/RolloutInProgress", "True/RolloutInProgress", "")
	g.Expect(result(pr, "rollout-complete")).To(Equal(v1alpha1.ResultPending))
	g.Expect(label(g, ns, "shop")).To(Equal("false"))

	// The rollout completes → Ready, label "true".
	markRolledOut(t, ns, "shop")
	pr = expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(pr.Status.Promotable).To(BeTrue())
	g.Expect(pr.Status.Summary.Failed).To(BeZero())
	g.Expect(pr.Status.Target.Generation).To(Equal(int64(2)))
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())

	// Events were recorded for the Ready transitions after the first evaluation, none for the
	// first verdict (ChecksFailed) or the first label.
	eventually(g, func(g Gomega) {
		var evs eventsv1.EventList
		g.Expect(k8s.List(ctx, &evs, client.InNamespace(ns))).To(Succeed())
		var reasons []string
		for _, e := range evs.Items {
			reasons = append(reasons, e.Reason)
		}
		g.Expect(reasons).To(ContainElements("RolloutInProgress", "ChecksPassed", "PromotionLabel"))
		g.Expect(reasons).NotTo(ContainElement("ChecksFailed"))
		labelEvents := 0
		for _, e := range evs.Items {
			if e.Reason == "PromotionLabel" {
				labelEvents++
			}
		}
		g.Expect(labelEvents).To(Equal(1), "only the false → true change of the label: %v", reasons)
	}).Should(Succeed())
}

// Adding and removing a PDB or an HPA changes the verdict without touching the CR.
func TestRelatedObjectsChangeVerdict(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, goodDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")
	pr := expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "pdb-present")).To(Equal(v1alpha1.ResultFail))
	generation := pr.Generation

	pdb := pdbFor(ns, "shop")
	create(t, pdb)
	pr = expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(result(pr, "pdb-present")).To(Equal(v1alpha1.ResultPass))
	g.Expect(result(pr, "hpa-present")).To(Equal(v1alpha1.ResultWarn))

	// An HPA with minReplicas 1 makes the effective replicas 1: replicas-minimum and hpa-valid fail.
	hpa := hpaFor(ns, "shop", 1)
	create(t, hpa)
	pr = expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "hpa-present")).To(Equal(v1alpha1.ResultPass))
	g.Expect(result(pr, "hpa-valid")).To(Equal(v1alpha1.ResultFail))
	g.Expect(result(pr, "replicas-minimum")).To(Equal(v1alpha1.ResultFail))

	g.Expect(k8s.Delete(ctx, hpa)).To(Succeed())
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(k8s.Delete(ctx, pdb)).To(Succeed())
	pr = expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "pdb-present")).To(Equal(v1alpha1.ResultFail))
	g.Expect(pr.Generation).To(Equal(generation), "the CR itself was never changed")
}

// Deleting a referenced Secret flips secrets-refs-exist; the operator never stores its value.
func TestDeletingSecretFlipsRefsCheck(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	secret := secretFor(ns, "db", "password")
	create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secret, readinessFor(ns, "shop"))
	markRolledOut(t, ns, "shop")
	pr := expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(result(pr, "secrets-refs-exist")).To(Equal(v1alpha1.ResultPass))

	g.Expect(k8s.Delete(ctx, secret)).To(Succeed())
	pr = expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "secrets-refs-exist")).To(Equal(v1alpha1.ResultFail))
	msg := checkMessage(pr, "secrets-refs-exist")
	g.Expect(msg).To(ContainSubstring(`"db"`))
	g.Expect(msg).NotTo(ContainSubstring("s3cr3t"))

	// A Secret with the wrong key is still a failure; with the right key it passes again.
	create(t, secretFor(ns, "db", "username"))
	eventually(g, func(g Gomega) {
		g.Expect(checkMessage(getReadiness(g, ns, "shop"), "secrets-refs-exist")).To(ContainSubstring(`has no key "password"`))
	}).Should(Succeed())
	s := &corev1.Secret{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "db"}, s)).To(Succeed())
	s.Data["password"] = []byte("another-s3cr3t")
	g.Expect(k8s.Update(ctx, s)).To(Succeed())
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
}

// A missing target is Reconciling, then Stalled once the grace period is over; creating it
// later is picked up by the watch.
func TestMissingTarget(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, readinessFor(ns, "shop"))
	pr := expectVerdict(t, ns, "shop", "False/TargetNotFound", "True/TargetNotFound", "")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(`Deployment "shop" not found`))
	g.Expect(pr.Status.Checks).To(BeEmpty())

	missingSince := findCondition(pr, v1alpha1.ConditionReady).LastTransitionTime.Time
	pr = expectVerdict(t, ns, "shop", "False/TargetNotFound", "", "True/TargetNotFound")
	stalledAt := findCondition(pr, v1alpha1.ConditionStalled).LastTransitionTime.Time
	// Condition times are whole seconds: allow one second of truncation.
	g.Expect(stalledAt.Sub(missingSince)).To(BeNumerically(">=", testGracePeriod-time.Second), "Stalled came before the grace period")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).LastTransitionTime.Time).To(Equal(missingSince), "Ready did not transition again")

	create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"))
	markRolledOut(t, ns, "shop")
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
}

// An unknown check id or a bad param is InvalidSpec naming the offending field.
func TestInvalidSpec(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, goodDeployment(ns, "shop"), readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readyness"}, {ID: "replicas-minimum", Params: map[string]string{"min": "abc"}}}
	}))
	pr := expectVerdict(t, ns, "shop", "False/InvalidSpec", "", "True/InvalidSpec")
	msg := findCondition(pr, v1alpha1.ConditionReady).Message
	g.Expect(msg).To(ContainSubstring(`spec.checks[0].id`))
	g.Expect(msg).To(ContainSubstring(`probe-readyness`))
	g.Expect(msg).To(ContainSubstring(`spec.checks[1].params[min]`))
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("false")) }).Should(Succeed())

	// An unknown profile too.
	pr = getReadiness(g, ns, "shop")
	update(t, pr, func() {
		pr.Spec.Checks = nil
		pr.Spec.Profile = "prod"
	})
	pr = expectVerdict(t, ns, "shop", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(`spec.profile`))
}

// A rollout in progress (status set by the test) is Reconciling; a progress deadline exceeded is
// RolloutFailed and Stalled.
func TestRolloutStates(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	readyApp(t, ns)

	setStatus := func(mutate func(*appsv1.Deployment)) {
		eventually(g, func() error {
			d := &appsv1.Deployment{}
			if err := k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, d); err != nil {
				return err
			}
			mutate(d)
			return k8s.Status().Update(ctx, d)
		}).Should(Succeed())
	}
	setStatus(func(d *appsv1.Deployment) { d.Status.UpdatedReplicas, d.Status.AvailableReplicas = 1, 1 })
	pr := expectVerdict(t, ns, "shop", "False/RolloutInProgress", "True/RolloutInProgress", "")
	g.Expect(result(pr, "rollout-complete")).To(Equal(v1alpha1.ResultPending))
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("false")) }).Should(Succeed())

	setStatus(func(d *appsv1.Deployment) {
		d.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse,
			Reason: "ProgressDeadlineExceeded", Message: `ReplicaSet "shop-5d8" has timed out progressing.`}}
	})
	pr = expectVerdict(t, ns, "shop", "False/RolloutFailed", "", "True/RolloutFailed")
	g.Expect(result(pr, "rollout-complete")).To(Equal(v1alpha1.ResultFail))
}

// A re-reconcile with nothing changed writes nothing, and the operator's own label write does
// not cause a second write.
func TestNoWriteWhenNothingChanged(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	readyApp(t, ns)

	// Let the label write's own watch event come and go, then take the baseline.
	var settled []string
	eventually(g, func(g Gomega) {
		settled = writes.in(ns)
		g.Consistently(func() int { return len(writes.in(ns)) }).WithTimeout(time.Second).Should(Equal(len(settled)))
	}).Should(Succeed())
	labelWrites := 0
	for _, w := range settled {
		if w == "patch v1.Deployment shop" {
			labelWrites++
		}
	}
	// One write for "false" before the first verdict is possible only if the first evaluation
	// was not Ready; here the first evaluation after the rollout is Ready.
	g.Expect(labelWrites).To(BeNumerically("<=", 2), "label writes: %v", settled)
	g.Expect(settled[len(settled)-1]).NotTo(Equal("patch v1.Deployment shop"), "the last write is a status patch, not a second label write")

	// Force re-evaluations: an unrelated label on the Deployment, and the reconcile-request
	// annotation on the CR. Both are evaluated; neither causes a write.
	before := evals.count(ns, "shop")
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "shop"}}
	update(t, d, func() { d.Labels["touched"] = "yes" })
	pr := getReadiness(g, ns, "shop")
	update(t, pr, func() { pr.Annotations = map[string]string{"reconcile.prodready.io/requestedAt": time.Now().String()} })
	eventually(g, func() int { return evals.count(ns, "shop") }).Should(BeNumerically(">=", before+2))
	consistently(g, func() []string { return writes.in(ns) }).Should(Equal(settled))
}

// Deleting the CR removes the label it set (on the delete event: there is no finalizer);
// promotion disabled leaves the workload untouched.
func TestDeletionAndPromotionDisabled(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	readyApp(t, ns)

	pr := getReadiness(g, ns, "shop")
	g.Expect(pr.Finalizers).To(BeEmpty())
	g.Expect(k8s.Delete(ctx, pr)).To(Succeed())
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("<absent>")) }).Should(Succeed())
	eventually(g, func() bool {
		return apierrors.IsNotFound(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, &v1alpha1.ProductionReadiness{}))
	}).Should(BeTrue())

	// Promotion disabled: evaluated, but the workload is not written.
	d := &appsv1.Deployment{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, d)).To(Succeed())
	rv := d.ResourceVersion
	create(t, readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Promotion = &v1alpha1.Promotion{Enabled: ptrTo(false)}
	}))
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	consistently(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, d)).To(Succeed())
		g.Expect(d.ResourceVersion).To(Equal(rv))
	}).Should(Succeed())
	g.Expect(d.Labels).NotTo(HaveKey(v1alpha1.PromotableLabel))
}

// Two ProductionReadiness objects on one workload: the label is true only when both are Ready.
func TestLabelIsAndOfSiblings(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	readyApp(t, ns)

	strict := readinessFor(ns, "shop-strict", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.TargetRef.Name = "shop"
		pr.Spec.Profile = "strict"
	})
	create(t, strict)
	expectVerdict(t, ns, "shop-strict", "False/ChecksFailed", "", "True/ChecksFailed")
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("false")) }).Should(Succeed())
	g.Expect(getReadiness(g, ns, "shop").Status.Promotable).To(BeFalse())

	g.Expect(k8s.Delete(ctx, strict)).To(Succeed())
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())
}

// The CRD refuses invalid values with a clear message.
func TestCRDValidation(t *testing.T) {
	ns := newNamespace(t)
	cases := map[string]struct {
		mutate func(*v1alpha1.ProductionReadiness)
		want   string
	}{
		"enforcement": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readiness", Enforcement: "Mandatory"}}
		}, `spec.checks[0].enforcement: Unsupported value: "Mandatory"`},
		"kind": {func(pr *v1alpha1.ProductionReadiness) { pr.Spec.TargetRef.Kind = "ReplicaSet" }, `spec.targetRef.kind: Unsupported value: "ReplicaSet"`},
		"apiVersion of another kind": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: "apps/v1", Kind: "CronJob", Name: "x"}
		}, `apiVersion does not serve this kind`},
		"unknown apiVersion": {func(pr *v1alpha1.ProductionReadiness) { pr.Spec.TargetRef.APIVersion = "apps/v1beta2" },
			`spec.targetRef.apiVersion: Unsupported value: "apps/v1beta2"`},
		"exemption without reason": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"probe-readiness"}}}
		}, `spec.exemptions[0].reason`},
		"malformed profile": {func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = "Not A Name" }, `spec.profile`},
		"malformed name":    {func(pr *v1alpha1.ProductionReadiness) { pr.Spec.TargetRef.Name = "Shop_1" }, `spec.targetRef.name`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			g := NewWithT(t)
			pr := readinessFor(ns, "x")
			tc.mutate(pr)
			err := k8s.Create(ctx, pr)
			g.Expect(apierrors.IsInvalid(err)).To(BeTrue(), "err = %v", err)
			g.Expect(err.Error()).To(ContainSubstring(tc.want))
		})
	}
	t.Run("targetRef is immutable", func(t *testing.T) {
		g := NewWithT(t)
		g.Expect(k8s.Create(ctx, readinessFor(ns, "immutable"))).To(Succeed())
		// Retry past conflicts with the operator's own finalizer patch.
		eventually(g, func(g Gomega) {
			pr := getReadiness(g, ns, "immutable")
			pr.Spec.TargetRef.Name = "other"
			err := k8s.Update(ctx, pr)
			g.Expect(apierrors.IsConflict(err)).To(BeFalse())
			g.Expect(err).To(HaveOccurred())
			g.Expect(err.Error()).To(ContainSubstring("targetRef is immutable"))
		}).Should(Succeed())
	})
	t.Run("status default", func(t *testing.T) {
		g := NewWithT(t)
		pr := readinessFor(ns, "never-reconciled")
		g.Expect(k8s.Create(ctx, pr, client.DryRunAll)).To(Succeed())
		g.Expect(pr.Status.ObservedGeneration).To(Equal(int64(-1)))
		g.Expect(pr.Status.Conditions).To(BeEmpty())
	})
	t.Run("defaults", func(t *testing.T) {
		g := NewWithT(t)
		pr := readinessFor(ns, "defaults")
		g.Expect(k8s.Create(ctx, pr)).To(Succeed())
		g.Expect(pr.Spec.Profile).To(Equal("production"))
		// No apiVersion default (it depends on the kind): status.target names the served one.
		g.Expect(pr.Spec.TargetRef.APIVersion).To(BeEmpty())
		eventually(g, func(g Gomega) {
			st := getReadiness(g, ns, "defaults").Status.Target
			g.Expect(st).NotTo(BeNil())
			g.Expect(st.APIVersion).To(Equal("apps/v1"))
		}).Should(Succeed())
	})
	t.Run("every registered kind with its apiVersion", func(t *testing.T) {
		g := NewWithT(t)
		for _, k := range checks.Kinds() {
			pr := readinessFor(ns, "kind-"+strings.ToLower(k.Kind))
			pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: k.APIVersion(), Kind: k.Kind, Name: "x"}
			g.Expect(k8s.Create(ctx, pr, client.DryRunAll)).To(Succeed(), k.Kind)
		}
	})
}

// A label nobody maintains — forged on a workload no ProductionReadiness targets, or left by a
// legacy finalizer-less deletion — is removed by the repair; one a ProductionReadiness maintains
// is not.
func TestLabelRepair(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	forged := goodDeployment(ns, "forged")
	forged.Labels[v1alpha1.PromotableLabel] = "true"
	create(t, forged)
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "forged")).To(Equal("<absent>")) }).Should(Succeed())

	// Added later by hand: removed again.
	update(t, forged, func() { forged.Labels[v1alpha1.PromotableLabel] = "true" })
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "forged")).To(Equal("<absent>")) }).Should(Succeed())

	// A maintained label stays, and an object with the legacy finalizer loses it when it is
	// reconciled (after an upgrade, the start-up list reconciles every object).
	readyApp(t, ns)
	pr := getReadiness(g, ns, "shop")
	update(t, pr, func() {
		pr.Finalizers = append(pr.Finalizers, LegacyFinalizer)
		pr.Annotations = map[string]string{"reconcile.prodready.io/requestedAt": time.Now().String()}
	})
	eventually(g, func(g Gomega) { g.Expect(getReadiness(g, ns, "shop").Finalizers).To(BeEmpty()) }).Should(Succeed())
	consistently(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())
}

func findCondition(pr *v1alpha1.ProductionReadiness, typ string) *metav1.Condition {
	for i := range pr.Status.Conditions {
		if pr.Status.Conditions[i].Type == typ {
			return &pr.Status.Conditions[i]
		}
	}
	return &metav1.Condition{}
}

func checkMessage(pr *v1alpha1.ProductionReadiness, id string) string {
	for _, c := range pr.Status.Checks {
		if c.ID == id {
			return c.Message
		}
	}
	return ""
}
