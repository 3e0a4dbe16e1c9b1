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

package integrations

import (
	"context"
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

// evaluated returns a ProductionReadiness as the operator leaves it (generation 3, evaluated)
// after status is applied.
func evaluated(name string, status func(*v1alpha1.ProductionReadiness)) *v1alpha1.ProductionReadiness {
	pr := readiness("shop", name, "Deployment", "checkout")
	pr.UID, pr.Generation = types.UID("0d6f2c2e-1111-4c5e-9a43-3f0f4d6c0001"), 3
	status(pr)
	return pr
}

func TestBuildReport(t *testing.T) {
	target := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "checkout", Namespace: "shop", UID: "5a1c0de0-2222-4b1e-8f0d-9c1b7e3a0002"}}
	cases := []struct {
		name   string
		pr     *v1alpha1.ProductionReadiness
		target client.Object
		// want is the expected Report as YAML ("" = nil).
		want string
		// check inspects the Report further.
		check func(t *testing.T, u *unstructured.Unstructured)
	}{{
		name:   "never evaluated",
		pr:     evaluated("checkout", func(pr *v1alpha1.ProductionReadiness) { pr.Status.ObservedGeneration = -1 }),
		target: target,
	}, {
		name: "stale: evaluated for an older generation",
		pr: evaluated("checkout", func(pr *v1alpha1.ProductionReadiness) {
			failedStatus(pr)
			pr.Status.ObservedGeneration = 2
		}),
		target: target,
	}, {
		name:   "checks failed",
		pr:     evaluated("checkout", failedStatus),
		target: target,
		want: `
apiVersion: openreports.io/v1alpha1
kind: Report
metadata:
  name: prodready-checkout
  namespace: shop
  labels:
    app.kubernetes.io/managed-by: prodready
    readiness.prodready.io/name: checkout
  ownerReferences:
  - apiVersion: readiness.prodready.io/v1alpha1
    kind: ProductionReadiness
    name: checkout
    uid: 0d6f2c2e-1111-4c5e-9a43-3f0f4d6c0001
    controller: true
    blockOwnerDeletion: true
source: prodready
scope: {apiVersion: apps/v1, kind: Deployment, namespace: shop, name: checkout, uid: 5a1c0de0-2222-4b1e-8f0d-9c1b7e3a0002}
summary: {pass: 1, fail: 1, warn: 1, error: 2, skip: 1}
results:
- source: prodready
  policy: image-digest-pinned
  rule: Images are pinned by digest
  category: images
  severity: medium
  timestamp: {seconds: 1772442000, nanos: 0}
  result: warn
  message: container "api" image is not pinned by digest
  properties: {enforcement: Advisory, profile: production, result: Warn}
- source: prodready
  policy: network-policy
  rule: TITLE(network-policy)
  category: network
  severity: medium
  timestamp: {seconds: 1772442000, nanos: 0}
  result: error
  message: cannot list NetworkPolicies
  properties: {enforcement: Advisory, profile: production, result: Error}
- source: prodready
  policy: probe-readiness
  rule: Containers have a readiness probe
  category: health
  severity: high
  timestamp: {seconds: 1772442000, nanos: 0}
  result: fail
  scored: true
  message: container "api" has no readinessProbe
  properties: {enforcement: Required, profile: production, result: Fail}
- source: prodready
  policy: replicas-minimum
  rule: TITLE(replicas-minimum)
  category: availability
  severity: high
  timestamp: {seconds: 1772442000, nanos: 0}
  result: skip
  scored: true
  message: "exempted: scaled by KEDA"
  properties: {enforcement: Required, profile: production, result: Skip}
- source: prodready
  policy: resources-requests
  rule: TITLE(resources-requests)
  category: resources
  severity: high
  timestamp: {seconds: 1772442000, nanos: 0}
  result: pass
  scored: true
  properties: {enforcement: Required, profile: production, result: Pass}
- source: prodready
  policy: secrets-refs-exist
  rule: Referenced Secrets and keys exist
  category: secrets
  severity: high
  timestamp: {seconds: 1772442000, nanos: 0}
  result: error
  scored: true
  message: cannot read Secret "db"
  properties: {enforcement: Required, profile: production, result: Error}
`,
	}, {
		name: "rollout pending is skip; missing target leaves the uid out",
		pr: evaluated("checkout", func(pr *v1alpha1.ProductionReadiness) {
			readyStatus(pr)
			pr.Spec.Profile = "strict"
			pr.Status.Checks = append(pr.Status.Checks, v1alpha1.CheckResult{ID: "rollout-complete", Category: "rollout",
				Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPending, Message: "1 of 3 updated replicas"})
		}),
		check: func(t *testing.T, u *unstructured.Unstructured) {
			expectNested(t, u, summary(1, 0, 1, 0, 1), "summary")
			expectNested(t, u, map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "checkout"}, "scope")
			r := resultFor(t, u, "rollout-complete")
			expectNested(t, r, "skip", "result")
			expectNested(t, r, map[string]any{"enforcement": "Required", "profile": "strict", "result": "Pending"}, "properties")
		},
	}, {
		name: "invalid spec: one error result for the verdict",
		pr: evaluated("checkout", func(pr *v1alpha1.ProductionReadiness) {
			verdictStatus(pr, v1alpha1.ReasonInvalidSpec, `spec.checks[0].id: Not found: "probe-readyness"`, true)
		}),
		target: target,
		check: func(t *testing.T, u *unstructured.Unstructured) {
			expectNested(t, u, summary(0, 0, 0, 1, 0), "summary")
			r := resultFor(t, u, "production-readiness")
			expectNested(t, r, "InvalidSpec", "rule")
			expectNested(t, r, "error", "result")
			expectNested(t, r, `spec.checks[0].id: Not found: "probe-readyness"`, "message")
		},
	}, {
		name: "target missing within its grace period: skip",
		pr: evaluated("checkout", func(pr *v1alpha1.ProductionReadiness) {
			verdictStatus(pr, v1alpha1.ReasonTargetNotFound, `Deployment "checkout" not found in namespace "shop"`, false)
		}),
		check: func(t *testing.T, u *unstructured.Unstructured) {
			expectNested(t, resultFor(t, u, "production-readiness"), "skip", "result")
		},
	}, {
		name:   "a long name: shortened report name, no name label",
		pr:     evaluated(strings.Repeat("a", 250), readyStatus),
		target: target,
		check: func(t *testing.T, u *unstructured.Unstructured) {
			if n := u.GetName(); len(n) > 253 || !strings.HasPrefix(n, "prodready-aaaa") {
				t.Errorf("name %q (%d characters)", n, len(n))
			}
			if _, ok := u.GetLabels()[labelReadinessName]; ok {
				t.Errorf("a 250-character name cannot be a label value: %v", u.GetLabels())
			}
			if u.GetName() == ReportName(strings.Repeat("a", 249)+"b") {
				t.Error("two long names give the same report name")
			}
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := BuildReport(tc.pr, tc.target)
			if tc.want == "" && tc.check == nil {
				if got != nil {
					t.Fatalf("want no Report, got %v", got.Object)
				}
				return
			}
			if got == nil {
				t.Fatal("want a Report, got nil")
			}
			if tc.want != "" {
				want := map[string]any{}
				if err := yaml.Unmarshal([]byte(withTitles(tc.want)), &want); err != nil {
					t.Fatal(err)
				}
				if !equalJSON(got.Object, want) {
					g, _ := yaml.Marshal(got.Object)
					t.Errorf("Report:\n%s", g)
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// The publisher on a real API server (with a test stub of the Report CRD): a Report appears once
// the object is evaluated, is applied again only when its content changes, is repaired when
// someone else changes or deletes it, and is owned by the ProductionReadiness.
func TestReportPublisher(t *testing.T) {
	g := NewWithT(t)
	ctx := context.Background()
	ns := newNamespace(t)
	target := testenv.GoodDeployment(ns, "checkout")
	create(t, target)

	pr := readiness(ns, "checkout", "Deployment", "checkout")
	create(t, pr)
	report := func(g Gomega) *unstructured.Unstructured {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(ReportGVK)
		g.Expect(k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "prodready-checkout"}, u)).To(Succeed())
		return u
	}
	// Not evaluated yet: no Report.
	consistently(g, func() int { return applies.count(ns, "prodready-checkout") }).Should(BeZero())

	setStatus(t, pr, failedStatus)
	var u *unstructured.Unstructured
	eventually(g, func(g Gomega) {
		u = report(g)
		expectNestedG(g, u, summary(1, 1, 1, 2, 1), "summary")
	}).Should(Succeed())
	g.Expect(sameReport(u, BuildReport(pr, target))).To(BeTrue(), "the stored Report differs from BuildReport: %v", u.Object)
	g.Expect(u.GetUID()).NotTo(BeEmpty())
	scopeUID, _, _ := unstructured.NestedString(u.Object, "scope", "uid")
	g.Expect(scopeUID).To(Equal(string(target.UID)))
	owner := metav1.GetControllerOf(u)
	g.Expect(owner).NotTo(BeNil())
	g.Expect(owner.UID).To(Equal(pr.UID))
	g.Expect(owner.BlockOwnerDeletion).To(Equal(ptr.To(true)))
	g.Expect(managers(u)).To(ContainElement(ReportFieldOwner))
	consistently(g, func() int { return applies.count(ns, "prodready-checkout") }).Should(Equal(1))

	// An event that changes nothing the Report shows: no write.
	g.Expect(k8s.Get(ctx, client.ObjectKeyFromObject(pr), pr)).To(Succeed())
	pr.Annotations = map[string]string{"example.com/touched": "yes"}
	g.Expect(k8s.Update(ctx, pr)).To(Succeed())
	consistently(g, func() int { return applies.count(ns, "prodready-checkout") }).Should(Equal(1))

	// A new verdict: the Report follows.
	setStatus(t, pr, readyStatus)
	eventually(g, func(g Gomega) {
		expectNestedG(g, report(g), summary(1, 0, 1, 0, 0), "summary")
	}).Should(Succeed())
	g.Expect(applies.count(ns, "prodready-checkout")).To(Equal(2))

	// Someone else edits the Report: it is repaired.
	u = report(g)
	g.Expect(unstructured.SetNestedField(u.Object, int64(7), "summary", "fail")).To(Succeed())
	g.Expect(k8s.Update(ctx, u)).To(Succeed())
	eventually(g, func(g Gomega) {
		fail, _, _ := unstructured.NestedInt64(report(g).Object, "summary", "fail")
		g.Expect(fail).To(BeZero())
	}).Should(Succeed())

	// Deleted: recreated.
	g.Expect(k8s.Delete(ctx, report(g))).To(Succeed())
	eventually(g, func(g Gomega) {
		g.Expect(sameReport(report(g), BuildReport(pr, target))).To(BeTrue())
	}).Should(Succeed())
}

// AddOpenReports adds the publisher only when enabled and the Report CRD is served.
func TestAddOpenReports(t *testing.T) {
	g := NewWithT(t)
	mgr := newTestManager(t)
	g.Expect(AddOpenReports(mgr, false)).To(Succeed())
	g.Expect(mgr.added).To(BeEmpty(), "disabled")

	noCRD, err := newManager(skipNameValidation, func(o *ctrl.Options) {
		o.MapperProvider = func(*rest.Config, *http.Client) (meta.RESTMapper, error) {
			// An API server without openreports.io (it serves the Secrets the cache options name).
			m := meta.NewDefaultRESTMapper(nil)
			m.Add(corev1.SchemeGroupVersion.WithKind("Secret"), meta.RESTScopeNamespace)
			return m, nil
		}
	})
	g.Expect(err).NotTo(HaveOccurred())
	missing := &recordingManager{Manager: noCRD}
	g.Expect(AddOpenReports(missing, true)).To(Succeed())
	g.Expect(missing.added).To(BeEmpty(), "enabled but the CRD is not installed")

	g.Expect(AddOpenReports(mgr, true)).To(Succeed())
	g.Expect(mgr.added).To(HaveLen(1), "enabled with the CRD installed")
}

// summary is a Report's summary as read back from the API server.
func summary(pass, fail, warn, errors, skip int64) map[string]any {
	return map[string]any{"pass": pass, "fail": fail, "warn": warn, "error": errors, "skip": skip}
}

// verdictStatus is the status of an object evaluated without check results.
func verdictStatus(pr *v1alpha1.ProductionReadiness, reason, message string, stalled bool) {
	cond := func(typ string, s metav1.ConditionStatus) metav1.Condition {
		return metav1.Condition{Type: typ, Status: s, Reason: reason, Message: message, ObservedGeneration: pr.Generation, LastTransitionTime: transition}
	}
	second := cond(v1alpha1.ConditionReconciling, metav1.ConditionTrue)
	if stalled {
		second = cond(v1alpha1.ConditionStalled, metav1.ConditionTrue)
	}
	pr.Status = v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: pr.Generation,
		Conditions:         []metav1.Condition{cond(v1alpha1.ConditionReady, metav1.ConditionFalse), second},
	}
}

// withTitles replaces TITLE(id) with the check's title from the registry.
func withTitles(s string) string {
	for {
		i := strings.Index(s, "TITLE(")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], ")")
		id := s[i+len("TITLE(") : i+j]
		title := id
		if c, ok := checks.Lookup(id); ok {
			title = c.Title
		}
		s = s[:i] + title + s[i+j+1:]
	}
}

func resultFor(t *testing.T, u *unstructured.Unstructured, policy string) *unstructured.Unstructured {
	t.Helper()
	results, _, _ := unstructured.NestedSlice(u.Object, "results")
	for _, r := range results {
		if m, ok := r.(map[string]any); ok && m["policy"] == policy {
			return &unstructured.Unstructured{Object: m}
		}
	}
	t.Fatalf("no result for policy %s in %v", policy, results)
	return nil
}

func expectNested(t *testing.T, u *unstructured.Unstructured, want any, path ...string) {
	t.Helper()
	got, _, _ := unstructured.NestedFieldNoCopy(u.Object, path...)
	if !equality.Semantic.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", strings.Join(path, "."), got, want)
	}
}

func expectNestedG(g Gomega, u *unstructured.Unstructured, want any, path ...string) {
	got, _, _ := unstructured.NestedFieldNoCopy(u.Object, path...)
	g.Expect(got).To(Equal(want), strings.Join(path, "."))
}

func managers(u *unstructured.Unstructured) []string {
	var out []string
	for _, m := range u.GetManagedFields() {
		out = append(out, m.Manager)
	}
	return out
}
