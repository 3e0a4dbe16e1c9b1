//go:build e2e

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

package e2e

import (
	"context"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

var ctx = context.Background()

func namespace(t *testing.T) string {
	t.Helper()
	ns, err := testenv.Namespace(ctx, k8s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k8s.Delete(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}) })
	return ns
}

func create(t *testing.T, objs ...client.Object) {
	t.Helper()
	for _, o := range objs {
		if err := k8s.Create(ctx, o); err != nil {
			t.Fatalf("creating %T %s: %v", o, o.GetName(), err)
		}
	}
}

// history records every Ready reason the operator writes on one ProductionReadiness and every
// value of the promotion label on its Deployment, through watches, so short-lived states are
// never missed.
type history struct {
	mu      sync.Mutex
	reasons []string
	labels  []string
	cancel  context.CancelFunc
}

func (h *history) snapshot() ([]string, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.reasons...), append([]string(nil), h.labels...)
}

func record(t *testing.T, ns, name string) *history {
	t.Helper()
	wctx, cancel := context.WithCancel(ctx)
	h := &history{cancel: cancel}
	t.Cleanup(cancel)
	prw, err := k8s.Watch(wctx, &v1alpha1.ProductionReadinessList{}, client.InNamespace(ns))
	if err != nil {
		t.Fatal(err)
	}
	dw, err := k8s.Watch(wctx, &appsv1.DeploymentList{}, client.InNamespace(ns))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev := range prw.ResultChan() {
			if pr, ok := ev.Object.(*v1alpha1.ProductionReadiness); ok && pr.Name == name {
				if c := meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReady); c != nil {
					h.mu.Lock()
					if len(h.reasons) == 0 || h.reasons[len(h.reasons)-1] != c.Reason {
						h.reasons = append(h.reasons, c.Reason)
					}
					h.mu.Unlock()
				}
			}
		}
	}()
	go func() {
		for ev := range dw.ResultChan() {
			if d, ok := ev.Object.(*appsv1.Deployment); ok && d.Name == name {
				v, has := d.Labels[v1alpha1.PromotableLabel]
				if !has {
					v = "<absent>"
				}
				h.mu.Lock()
				if len(h.labels) == 0 || h.labels[len(h.labels)-1] != v {
					h.labels = append(h.labels, v)
				}
				h.mu.Unlock()
			}
		}
	}()
	return h
}

func readiness(g Gomega, ns, name string) *v1alpha1.ProductionReadiness {
	pr := &v1alpha1.ProductionReadiness{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, pr)).To(Succeed())
	return pr
}

func readyReason(g Gomega, ns, name string) string {
	pr := readiness(g, ns, name)
	c := meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReady)
	if c == nil || c.ObservedGeneration != pr.Generation {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

func label(g Gomega, ns, name string) string {
	d := &appsv1.Deployment{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, d)).To(Succeed())
	if v, ok := d.Labels[v1alpha1.PromotableLabel]; ok {
		return v
	}
	return "<absent>"
}

func eventually(g *WithT, f any) AsyncAssertion {
	return g.Eventually(f).WithTimeout(90 * time.Second).WithPolling(200 * time.Millisecond)
}

// app creates a production-ready Deployment (rolled out by the real controllers; minReadySeconds
// makes each rollout last a few seconds), its PDB and Secret, and a ProductionReadiness.
func app(t *testing.T, ns string, mutate func(*appsv1.Deployment)) {
	t.Helper()
	d := testenv.GoodDeployment(ns, "shop")
	d.Spec.MinReadySeconds = 3
	if mutate != nil {
		mutate(d)
	}
	create(t, testenv.SecretFor(ns, "db", "password"), testenv.PDBFor(ns, "shop"), d, testenv.ReadinessFor(ns, "shop"))
}

// A Deployment rolling out a new image goes Reconciling (label "false") and back to Ready
// (label "true") once the real rollout completes.
func TestRolloutOfANewImage(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	app(t, ns, nil)
	eventually(g, func(g Gomega) { g.Expect(readyReason(g, ns, "shop")).To(Equal("True/ChecksPassed")) }).Should(Succeed())
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())

	h := record(t, ns, "shop")
	d := &appsv1.Deployment{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, d)).To(Succeed())
	d.Spec.Template.Spec.Containers[0].Image = "registry.example.com/shop/api:1.4.3"
	g.Expect(k8s.Update(ctx, d)).To(Succeed())

	eventually(g, func(g Gomega) {
		reasons, labels := h.snapshot()
		g.Expect(reasons).To(ContainElement(v1alpha1.ReasonRolloutInProgress))
		g.Expect(labels).To(ContainElement("false"))
		g.Expect(readyReason(g, ns, "shop")).To(Equal("True/ChecksPassed"))
		g.Expect(label(g, ns, "shop")).To(Equal("true"))
	}).Should(Succeed())

	// The verdict is about the new generation, rolled out by the deployment controller.
	g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, d)).To(Succeed())
	pr := readiness(g, ns, "shop")
	g.Expect(pr.Status.Target.Generation).To(Equal(d.Generation))
	g.Expect(d.Status.UpdatedReplicas).To(Equal(int32(2)))
	g.Expect(d.Status.AvailableReplicas).To(Equal(int32(2)))
	reasons, labels := h.snapshot()
	t.Logf("Ready reasons seen: %v; labels seen: %v", reasons, labels)
	g.Expect(reasons[len(reasons)-1]).To(Equal(v1alpha1.ReasonChecksPassed))
}

// A rollout that cannot progress exceeds its progress deadline: RolloutFailed, Stalled.
func TestRolloutExceedingItsDeadline(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	app(t, ns, func(d *appsv1.Deployment) {
		d.Spec.ProgressDeadlineSeconds = testenv.Ptr(int32(5))
		d.Spec.Template.Spec.NodeSelector = map[string]string{"prodready.io/no-such-node": "true"} // pods stay Pending
	})
	h := record(t, ns, "shop")
	eventually(g, func(g Gomega) {
		g.Expect(readyReason(g, ns, "shop")).To(Equal("False/RolloutFailed"))
		pr := readiness(g, ns, "shop")
		g.Expect(meta.IsStatusConditionTrue(pr.Status.Conditions, v1alpha1.ConditionStalled)).To(BeTrue())
		g.Expect(meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReconciling)).To(BeNil())
	}).Should(Succeed())
	g.Expect(label(g, ns, "shop")).To(Equal("false"))
	reasons, _ := h.snapshot()
	t.Logf("Ready reasons seen: %v", reasons)
}

// The label follows the checks: removing the PDB withdraws promotion, restoring it grants it
// again, deleting the ProductionReadiness removes the label.
func TestLabelFollowsTheChecks(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	app(t, ns, nil)
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())

	g.Expect(k8s.Delete(ctx, testenv.PDBFor(ns, "shop"))).To(Succeed())
	eventually(g, func(g Gomega) {
		g.Expect(readyReason(g, ns, "shop")).To(Equal("False/ChecksFailed"))
		g.Expect(label(g, ns, "shop")).To(Equal("false"))
	}).Should(Succeed())

	create(t, testenv.PDBFor(ns, "shop"))
	eventually(g, func(g Gomega) {
		g.Expect(readyReason(g, ns, "shop")).To(Equal("True/ChecksPassed"))
		g.Expect(label(g, ns, "shop")).To(Equal("true"))
	}).Should(Succeed())

	g.Expect(k8s.Delete(ctx, testenv.ReadinessFor(ns, "shop"))).To(Succeed())
	eventually(g, func(g Gomega) { g.Expect(label(g, ns, "shop")).To(Equal("<absent>")) }).Should(Succeed())
}

// StatefulSets and DaemonSets roll out through their real controllers and pass rollout-complete.
func TestStatefulSetAndDaemonSet(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	tmpl := testenv.GoodDeployment(ns, "db")
	headless := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: ns}, Spec: corev1.ServiceSpec{
		ClusterIP: corev1.ClusterIPNone, Selector: tmpl.Spec.Template.Labels, Ports: []corev1.ServicePort{{Name: "http", Port: 8080}}}}
	sts := &appsv1.StatefulSet{ObjectMeta: tmpl.ObjectMeta, Spec: appsv1.StatefulSetSpec{
		Replicas: testenv.Ptr(int32(3)), ServiceName: "db", Selector: tmpl.Spec.Selector, Template: tmpl.Spec.Template}}
	agentTmpl := testenv.GoodDeployment(ns, "agent")
	ds := &appsv1.DaemonSet{ObjectMeta: agentTmpl.ObjectMeta, Spec: appsv1.DaemonSetSpec{Selector: agentTmpl.Spec.Selector, Template: agentTmpl.Spec.Template}}
	baseline := func(kind, name string) *v1alpha1.ProductionReadiness {
		return testenv.ReadinessFor(ns, name, func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.TargetRef.Kind = kind
			pr.Spec.Profile = "baseline"
		})
	}
	create(t, testenv.SecretFor(ns, "db", "password"), headless, sts, ds, baseline("StatefulSet", "db"), baseline("DaemonSet", "agent"))

	for _, name := range []string{"db", "agent"} {
		eventually(g, func(g Gomega) {
			g.Expect(readyReason(g, ns, name)).To(Equal("True/ChecksPassed"))
			pr := readiness(g, ns, name)
			g.Expect(pr.Status.Checks).To(ContainElement(And(
				HaveField("ID", "rollout-complete"), HaveField("Result", v1alpha1.ResultPass))), "rollout-complete must be evaluated and pass")
		}).Should(Succeed())
	}
	g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(ds), ds)).To(Succeed())
	g.Expect(ds.Status.DesiredNumberScheduled).To(Equal(int32(3)), "one pod per fake node")
}
