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
	"time"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/snapshot"
)

// pair sets up two evaluated workloads, "a" and "b", in one namespace and waits until neither
// is being re-evaluated any more. mutate adjusts both Deployments before creation.
func pair(t *testing.T, mutate func(d *appsv1.Deployment), prMutate ...func(*v1alpha1.ProductionReadiness)) string {
	t.Helper()
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, secretFor(ns, "db", "password"))
	for _, name := range []string{"a", "b"} {
		d := goodDeployment(ns, name)
		if mutate != nil {
			mutate(d)
		}
		create(t, d, pdbFor(ns, name), readinessFor(ns, name, prMutate...))
		markRolledOut(t, ns, name)
	}
	for _, name := range []string{"a", "b"} {
		eventually(g, func(g Gomega) {
			pr := getReadiness(g, ns, name)
			g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
			g.Expect(result(pr, "rollout-complete")).To(Equal(v1alpha1.ResultPass))
		}).Should(Succeed())
	}
	settle(t, ns)
	return ns
}

// settle waits until no evaluation of a or b happens for a second.
func settle(t *testing.T, ns string) {
	t.Helper()
	g := NewWithT(t)
	eventually(g, func(g Gomega) {
		a, b := evals.count(ns, "a"), evals.count(ns, "b")
		g.Consistently(func() []int { return []int{evals.count(ns, "a"), evals.count(ns, "b")} }).
			WithTimeout(time.Second).WithPolling(50 * time.Millisecond).Should(Equal([]int{a, b}))
	}).Should(Succeed())
}

// onlyA asserts that change re-evaluates "a" (and the check moves to want) but not "b".
func onlyA(t *testing.T, ns, check string, want v1alpha1.Result, change func()) {
	t.Helper()
	g := NewWithT(t)
	a, b := evals.count(ns, "a"), evals.count(ns, "b")
	change()
	eventually(g, func(g Gomega) {
		g.Expect(evals.count(ns, "a")).To(BeNumerically(">", a))
		g.Expect(result(getReadiness(g, ns, "a"), check)).To(Equal(want))
	}).Should(Succeed())
	consistently(g, func() int { return evals.count(ns, "b") }).Should(Equal(b), "b was re-evaluated by a change that concerns only a")
}

func TestServiceReevaluatesOnlySelectedWorkloads(t *testing.T) {
	ns := pair(t, nil)
	g := NewWithT(t)
	g.Expect(result(getReadiness(g, ns, "a"), "service-ports-valid")).To(Equal(v1alpha1.ResultSkip))
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: ns}, Spec: corev1.ServiceSpec{
		Selector: map[string]string{"app.kubernetes.io/name": "a"},
		Ports:    []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("metrics")}},
	}}
	onlyA(t, ns, "service-ports-valid", v1alpha1.ResultFail, func() { create(t, svc) })
	settle(t, ns)
	onlyA(t, ns, "service-ports-valid", v1alpha1.ResultPass, func() {
		update(t, svc, func() { svc.Spec.Ports[0].TargetPort = intstr.FromString("http") })
	})
}

func TestNetworkPolicyReevaluatesOnlySelectedWorkloads(t *testing.T) {
	ns := pair(t, nil)
	g := NewWithT(t)
	g.Expect(result(getReadiness(g, ns, "a"), "network-policy")).To(Equal(v1alpha1.ResultWarn))
	np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: ns}, Spec: networkingv1.NetworkPolicySpec{
		PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": "a"}},
		PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
		Ingress: []networkingv1.NetworkPolicyIngressRule{{From: []networkingv1.NetworkPolicyPeer{{
			PodSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"role": "frontend"}}}}}},
	}}
	onlyA(t, ns, "network-policy", v1alpha1.ResultPass, func() { create(t, np) })
	settle(t, ns)
	onlyA(t, ns, "network-policy", v1alpha1.ResultWarn, func() { g.Expect(k8s.Delete(ctx, np)).To(Succeed()) })
}

func TestServiceAccountReevaluatesOnlyItsUsers(t *testing.T) {
	ns := pair(t, func(d *appsv1.Deployment) { d.Spec.Template.Spec.ServiceAccountName = d.Name + "-sa" })
	g := NewWithT(t)
	g.Expect(result(getReadiness(g, ns, "a"), "serviceaccount-dedicated")).To(Equal(v1alpha1.ResultWarn))
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "a-sa", Namespace: ns}, AutomountServiceAccountToken: ptrTo(false)}
	onlyA(t, ns, "serviceaccount-dedicated", v1alpha1.ResultPass, func() { create(t, sa) })
	g.Expect(result(getReadiness(g, ns, "a"), "serviceaccount-token")).To(Equal(v1alpha1.ResultPass))
}

func TestConfigMapReevaluatesOnlyItsUsers(t *testing.T) {
	ns := pair(t, func(d *appsv1.Deployment) {
		c := &d.Spec.Template.Spec.Containers[0]
		c.Env = append(c.Env, corev1.EnvVar{Name: "LOG_LEVEL", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: d.Name + "-config"}, Key: "log-level"}}})
	})
	g := NewWithT(t)
	g.Expect(result(getReadiness(g, ns, "a"), "configmaps-refs-exist")).To(Equal(v1alpha1.ResultFail))
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a-config", Namespace: ns}, Data: map[string]string{"level": "info"}}
	// Exists, but without the key: still failing, and only a is re-evaluated.
	onlyA(t, ns, "configmaps-refs-exist", v1alpha1.ResultFail, func() { create(t, cm) })
	settle(t, ns)
	onlyA(t, ns, "configmaps-refs-exist", v1alpha1.ResultPass, func() {
		update(t, cm, func() { cm.Data["log-level"] = "info" })
	})
}

func TestReadinessProfileReevaluatesOnlyItsUsers(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	profile := func(name string) *v1alpha1.ReadinessProfile {
		return &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessProfileSpec{BasedOn: "production"}}
	}
	teamA, teamB := profile(ns+"-a"), profile(ns+"-b")
	create(t, teamA, teamB)
	ns2 := pair(t, nil, func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = ns + "-" + pr.Name })
	g.Expect(condition(getReadiness(g, ns2, "a"), v1alpha1.ConditionReady)).To(Equal("True/ChecksPassed"))

	// Team A's profile now requires three replicas.
	onlyA(t, ns2, "replicas-minimum", v1alpha1.ResultFail, func() {
		update(t, teamA, func() {
			teamA.Spec.Checks = []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "3"}}}
		})
	})
	expectVerdict(t, ns2, "a", "False/ChecksFailed", "", "True/ChecksFailed")
	expectVerdict(t, ns2, "b", "True/ChecksPassed", "", "")

	// The profile's own status reports it valid, with its counts.
	eventually(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(teamA), teamA)).To(Succeed())
		g.Expect(teamA.Status.ObservedGeneration).To(Equal(teamA.Generation))
		c := findProfileCondition(teamA, v1alpha1.ConditionReady)
		g.Expect(c.Reason).To(Equal(v1alpha1.ReasonValid))
		g.Expect(teamA.Status.Required).To(BeNumerically(">", 20))
	}).Should(Succeed())
}

// A profile that does not exist is InvalidSpec naming it, until it is created.
func TestMissingAndInvalidReadinessProfile(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	name := ns + "-platform"
	create(t, goodDeployment(ns, "shop"), pdbFor(ns, "shop"), secretFor(ns, "db", "password"),
		readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = name }))
	markRolledOut(t, ns, "shop")
	pr := expectVerdict(t, ns, "shop", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(`spec.profile: Not found: "` + name + `"`))

	// Created invalid (an unknown check id the schema cannot refuse): the profile reports it,
	// and so does the ProductionReadiness.
	rp := &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessProfileSpec{
		BasedOn: "production", Checks: []v1alpha1.CheckOverride{{ID: "no-such-check"}}}}
	create(t, rp)
	eventually(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(rp), rp)).To(Succeed())
		c := findProfileCondition(rp, v1alpha1.ConditionReady)
		g.Expect(c.Status).To(Equal(metav1.ConditionFalse))
		g.Expect(c.Message).To(ContainSubstring("spec.checks[0].id"))
		g.Expect(findProfileCondition(rp, v1alpha1.ConditionStalled).Status).To(Equal(metav1.ConditionTrue))
		g.Expect(findCondition(getReadiness(g, ns, "shop"), v1alpha1.ConditionReady).Message).To(ContainSubstring(`ReadinessProfile "` + name + `" is invalid`))
	}).Should(Succeed())

	// Fixed: both become valid, the workload Ready.
	update(t, rp, func() { rp.Spec.Checks = nil })
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	eventually(g, func(g Gomega) {
		g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(rp), rp)).To(Succeed())
		g.Expect(findProfileCondition(rp, v1alpha1.ConditionReady).Status).To(Equal(metav1.ConditionTrue))
		g.Expect(findProfileCondition(rp, v1alpha1.ConditionStalled)).To(Equal(&metav1.Condition{}))
	}).Should(Succeed())
}

// An exemption that expires turns Skip into Fail at its expiry, without any object changing.
func TestExemptionExpiry(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	expires := metav1.NewTime(time.Now().Add(8 * time.Second).Truncate(time.Second))
	create(t, goodDeployment(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"pdb-present", "pdb-allows-disruption"}, Reason: "PDB lands next sprint", Expires: &expires}}
	}))
	markRolledOut(t, ns, "shop")
	pr := expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	g.Expect(result(pr, "pdb-present")).To(Equal(v1alpha1.ResultSkip))
	g.Expect(checkMessage(pr, "pdb-present")).To(ContainSubstring("exempted: PDB lands next sprint (until "))

	pr = expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "pdb-present")).To(Equal(v1alpha1.ResultFail))
	g.Expect(checkMessage(pr, "pdb-present")).To(ContainSubstring("exemption expired at"))
	g.Expect(time.Now()).To(BeTemporally(">=", expires.Time))
}

func findProfileCondition(rp *v1alpha1.ReadinessProfile, typ string) *metav1.Condition {
	for i := range rp.Status.Conditions {
		if rp.Status.Conditions[i].Type == typ {
			return &rp.Status.Conditions[i]
		}
	}
	return &metav1.Condition{}
}

// With the Prometheus Operator's CRDs installed, a ServiceMonitor re-evaluates only the
// workloads whose Service it selects.
func TestServiceMonitorReevaluatesOnlyScrapedWorkloads(t *testing.T) {
	ns := pair(t, nil)
	g := NewWithT(t)
	create(t, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: ns, Labels: map[string]string{"monitoring": "a"}}, Spec: corev1.ServiceSpec{
		Selector: map[string]string{"app.kubernetes.io/name": "a"}, Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}}}})
	settle(t, ns)
	g.Expect(result(getReadiness(g, ns, "a"), "metrics-exposed")).To(Equal(v1alpha1.ResultWarn))

	sm := &unstructured.Unstructured{}
	sm.SetGroupVersionKind(snapshot.ServiceMonitorGVK)
	sm.SetNamespace(ns)
	sm.SetName("a")
	g.Expect(unstructured.SetNestedField(sm.Object, map[string]any{"matchLabels": map[string]any{"monitoring": "a"}}, "spec", "selector")).To(Succeed())
	g.Expect(unstructured.SetNestedSlice(sm.Object, []any{map[string]any{"port": "http"}}, "spec", "endpoints")).To(Succeed())
	onlyA(t, ns, "metrics-exposed", v1alpha1.ResultPass, func() { create(t, sm) })
	g.Expect(result(getReadiness(g, ns, "b"), "metrics-exposed")).To(Equal(v1alpha1.ResultWarn))
}
