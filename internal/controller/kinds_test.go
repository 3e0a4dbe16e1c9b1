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
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/snapshot"
)

// A ProductionReadiness on an Argo Rollout: InvalidSpec while the Rollout CRD is not installed,
// then — once the CRD is installed with the manager running, no restart — ChecksFailed → Ready
// as the Rollout's template and status change, with the label following.
func TestRolloutTargetWithCRDInstalledLater(t *testing.T) {
	g := NewWithT(t)
	ctx := context.Background()
	ns := newNamespace(t)
	create(t, pdbFor(ns, "shop"), secretFor(ns, "db", "password"), readinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: "argoproj.io/v1alpha1", Kind: "Rollout", Name: "shop"}
	}))
	pr := expectVerdict(t, ns, "shop", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring("rollouts.argoproj.io is not installed"))

	raw, err := os.ReadFile(filepath.Join("testdata", "late-crds", "argoproj.io.yaml"))
	g.Expect(err).NotTo(HaveOccurred())
	crd := &unstructured.Unstructured{}
	g.Expect(yaml.Unmarshal(raw, &crd.Object)).To(Succeed())
	g.Expect(k8s.Create(ctx, crd)).To(Succeed())

	// A failing template (no probes, no resources, :latest, one replica).
	bad := badDeployment(ns, "shop")
	ro := &unstructured.Unstructured{}
	ro.SetAPIVersion("argoproj.io/v1alpha1")
	ro.SetKind("Rollout")
	ro.SetNamespace(ns)
	ro.SetName("shop")
	spec, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&bad.Spec)
	g.Expect(err).NotTo(HaveOccurred())
	delete(spec, "strategy")
	spec["strategy"] = map[string]any{"canary": map[string]any{"steps": []any{map[string]any{"setWeight": int64(20)}, map[string]any{"pause": map[string]any{}}}}}
	ro.Object["spec"] = spec
	eventually(g, func(g Gomega) { g.Expect(k8s.Create(ctx, ro.DeepCopy())).To(Succeed()) }).Should(Succeed()) // the CRD becomes served
	expectVerdict(t, ns, "shop", "False/ChecksFailed", "", "True/ChecksFailed")
	eventually(g, func(g Gomega) { g.Expect(rolloutLabel(g, ns, "shop")).To(Equal("false")) }).Should(Succeed())

	// Fix the template (the good Deployment's, two replicas), then report a healthy rollout of the
	// new generation.
	good := goodDeployment(ns, "shop")
	goodTemplate, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&good.Spec.Template)
	g.Expect(err).NotTo(HaveOccurred())
	update(t, ro, func() {
		g.Expect(unstructured.SetNestedField(ro.Object, goodTemplate, "spec", "template")).To(Succeed())
		g.Expect(unstructured.SetNestedField(ro.Object, int64(2), "spec", "replicas")).To(Succeed())
	})
	pr = expectVerdict(t, ns, "shop", "False/RolloutInProgress", "True/RolloutInProgress", "")
	g.Expect(result(pr, "rollout-strategy")).To(Equal(v1alpha1.ResultPass))
	g.Expect(ro.GetGeneration()).To(BeNumerically(">", 1))
	status := map[string]any{"observedGeneration": strings.TrimSpace(formatInt(ro.GetGeneration())), "phase": "Healthy",
		"replicas": int64(2), "updatedReplicas": int64(2), "readyReplicas": int64(2), "availableReplicas": int64(2)}
	g.Expect(unstructured.SetNestedField(ro.Object, status, "status")).To(Succeed())
	g.Expect(k8s.Status().Update(ctx, ro)).To(Succeed())
	expectVerdict(t, ns, "shop", "True/ChecksPassed", "", "")
	eventually(g, func(g Gomega) { g.Expect(rolloutLabel(g, ns, "shop")).To(Equal("true")) }).Should(Succeed())
}

// A CronJob target: container checks apply, replica, PDB, probe and Service checks Skip with the
// reason, and rollout-complete reads the CronJob's own status.
func TestCronJobTarget(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	d := goodDeployment(ns, "report")
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "report", Namespace: ns}, Spec: batchv1.CronJobSpec{
		Schedule: "0 2 * * *", ConcurrencyPolicy: batchv1.ForbidConcurrent, StartingDeadlineSeconds: ptrTo(int64(300)),
	}}
	cj.Spec.JobTemplate.Spec.Template = d.Spec.Template
	cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
	cj.Spec.JobTemplate.Spec.BackoffLimit = ptrTo(int32(2))
	cj.Spec.JobTemplate.Spec.ActiveDeadlineSeconds = ptrTo(int64(600))
	create(t, cj, secretFor(ns, "db", "password"), readinessFor(ns, "report", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: "batch/v1", Kind: "CronJob", Name: "report"}
	}))
	pr := expectVerdict(t, ns, "report", "True/ChecksPassed", "", "")
	for id, want := range map[string]v1alpha1.Result{
		"resources-requests": v1alpha1.ResultPass, "image-tag-pinned": v1alpha1.ResultPass, "secrets-refs-exist": v1alpha1.ResultPass,
		"cronjob-concurrency-policy": v1alpha1.ResultPass, "job-backoff-limit": v1alpha1.ResultPass,
		"replicas-minimum": v1alpha1.ResultSkip, "pdb-present": v1alpha1.ResultSkip, "probe-readiness": v1alpha1.ResultSkip,
		"rollout-complete": v1alpha1.ResultSkip, // not scheduled yet
	} {
		g.Expect(result(pr, id)).To(Equal(want), "%s: %s", id, checkMessage(pr, id))
	}
	g.Expect(checkMessage(pr, "probe-readiness")).To(ContainSubstring("runs its pods to completion"))

	// The last scheduled run has not succeeded: rollout-complete fails.
	update(t, cj, func() {})
	cj.Status.LastScheduleTime = &metav1.Time{Time: metav1.Now().Add(-60e9)}
	g.Expect(k8s.Status().Update(context.Background(), cj)).To(Succeed())
	pr = expectVerdict(t, ns, "report", "False/RolloutFailed", "", "True/RolloutFailed")
	g.Expect(checkMessage(pr, "rollout-complete")).To(ContainSubstring("no run has succeeded"))
}

// An ExternalName Service selects no pods (the engine's rule): creating one whose selector would
// match re-evaluates nobody.
func TestExternalNameServiceReevaluatesNobody(t *testing.T) {
	ns := pair(t, nil)
	g := NewWithT(t)
	a, b := evals.count(ns, "a"), evals.count(ns, "b")
	create(t, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "a-alias", Namespace: ns}, Spec: corev1.ServiceSpec{
		Type: corev1.ServiceTypeExternalName, ExternalName: "db.example.com",
		Selector: map[string]string{"app.kubernetes.io/name": "a"},
		Ports:    []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("metrics")}},
	}})
	consistently(g, func() []int { return []int{evals.count(ns, "a"), evals.count(ns, "b")} }).Should(Equal([]int{a, b}))
	g.Expect(result(getReadiness(g, ns, "a"), "service-ports-valid")).To(Equal(v1alpha1.ResultSkip))
}

// A PodMonitor in another namespace whose namespaceSelector names the workload's namespace is
// read by the gatherer and re-evaluates exactly the workload it scrapes.
func TestMonitorInAnotherNamespace(t *testing.T) {
	ns := pair(t, nil)
	other := newNamespace(t)
	g := NewWithT(t)
	g.Expect(result(getReadiness(g, ns, "a"), "metrics-exposed")).To(Equal(v1alpha1.ResultWarn))
	pm := &unstructured.Unstructured{}
	pm.SetGroupVersionKind(snapshot.PodMonitorGVK)
	pm.SetNamespace(other)
	pm.SetName("a")
	g.Expect(unstructured.SetNestedField(pm.Object, map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": "a"}}, "spec", "selector")).To(Succeed())
	g.Expect(unstructured.SetNestedStringSlice(pm.Object, []string{ns}, "spec", "namespaceSelector", "matchNames")).To(Succeed())
	g.Expect(unstructured.SetNestedSlice(pm.Object, []any{map[string]any{"port": "http"}}, "spec", "podMetricsEndpoints")).To(Succeed())
	onlyA(t, ns, "metrics-exposed", v1alpha1.ResultPass, func() { create(t, pm) })
}

// rolloutLabel returns the promotion label of a Rollout ("<absent>" when missing).
func rolloutLabel(g Gomega, ns, name string) string {
	u := &unstructured.Unstructured{}
	u.SetAPIVersion("argoproj.io/v1alpha1")
	u.SetKind("Rollout")
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, u)).To(Succeed())
	v, ok := u.GetLabels()[v1alpha1.PromotableLabel]
	if !ok {
		return "<absent>"
	}
	return v
}

func formatInt(n int64) string {
	b, _ := yaml.Marshal(n)
	return string(b)
}
