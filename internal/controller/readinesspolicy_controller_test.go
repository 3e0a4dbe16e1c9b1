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
	"sort"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/metrics"
	"github.com/prodready/prodready/internal/testenv"
)

// policyFor is a ReadinessPolicy selecting exactly one namespace (its automatic
// kubernetes.io/metadata.name label): the suite's other tests never come under it.
func policyFor(ns string, mutate ...func(*v1alpha1.ReadinessPolicy)) *v1alpha1.ReadinessPolicy {
	p := &v1alpha1.ReadinessPolicy{ObjectMeta: metav1.ObjectMeta{Name: "policy-" + ns}, Spec: v1alpha1.ReadinessPolicySpec{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}},
		Profile:           "production",
	}}
	for _, m := range mutate {
		m(p)
	}
	return p
}

// createPolicy creates a policy and deletes it at the end of the test.
func createPolicy(t *testing.T, p *v1alpha1.ReadinessPolicy) {
	t.Helper()
	create(t, p)
	t.Cleanup(func() { _ = k8s.Delete(context.Background(), p) })
}

// prNames lists the ProductionReadiness objects of a namespace as "name<-generated-by" (the
// label's value, "" for a team's).
func prNames(g Gomega, ns string) []string {
	var list v1alpha1.ProductionReadinessList
	g.Expect(k8s.List(context.Background(), &list, client.InNamespace(ns))).To(Succeed())
	var out []string
	for _, pr := range list.Items {
		if pr.DeletionTimestamp.IsZero() {
			out = append(out, pr.Name+"<-"+pr.Labels[v1alpha1.GeneratedByLabel])
		}
	}
	sort.Strings(out)
	return out
}

// policyCounts reads a policy's status counts: namespaces, workloads, covered, generated,
// ready, not ready.
func policyCounts(g Gomega, name string) []int32 {
	p := &v1alpha1.ReadinessPolicy{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Name: name}, p)).To(Succeed())
	g.Expect(p.Status.ObservedGeneration).To(Equal(p.Generation))
	s := p.Status
	return []int32{s.Namespaces, s.Workloads, s.Covered, s.Generated, s.Ready, s.NotReady}
}

// installRolloutCRD installs the Argo Rollouts CRD stub (TestRolloutTargetWithCRDInstalledLater,
// earlier in the package, may have installed it already).
func installRolloutCRD(t *testing.T) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "late-crds", "argoproj.io.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	crd := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(raw, &crd.Object); err != nil {
		t.Fatal(err)
	}
	if err := k8s.Create(context.Background(), crd); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// rolloutFrom is a Rollout with a Deployment's template.
func rolloutFrom(t *testing.T, ns, name string) *unstructured.Unstructured {
	t.Helper()
	d := goodDeployment(ns, name)
	ro := &unstructured.Unstructured{}
	ro.SetAPIVersion("argoproj.io/v1alpha1")
	ro.SetKind("Rollout")
	ro.SetNamespace(ns)
	ro.SetName(name)
	spec, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&d.Spec)
	if err != nil {
		t.Fatal(err)
	}
	spec["strategy"] = map[string]any{"canary": map[string]any{}}
	ro.Object["spec"] = spec
	return ro
}

// Coverage: a policy with generate creates a ProductionReadiness for existing and new workloads
// (a Deployment and, with its CRD, a Rollout), named after the workload, labelled, owned by it
// and using the policy's profile; it leaves a team-written one alone; it deletes its own when
// the workload is deleted, stops matching, or the policy goes; and its status counts follow.
func TestPolicyGeneratesProductionReadiness(t *testing.T) {
	g := NewWithT(t)
	ctx := context.Background()
	installRolloutCRD(t)
	ns := newNamespace(t)
	// "ok" passes the production profile and is rolled out; "team" has its own object.
	// The team's object for "team" is named like the generated one of "later" would be.
	create(t, goodDeployment(ns, "ok"), pdbFor(ns, "ok"), secretFor(ns, "db", "password"), badDeployment(ns, "team"),
		readinessFor(ns, "deployment-later", func(pr *v1alpha1.ProductionReadiness) { pr.Spec.TargetRef.Name = "team" }))
	laterName := GeneratedName("Deployment", "later", func(n string) bool { return n == "deployment-later" })
	markRolledOut(t, ns, "ok")
	p := policyFor(ns, func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.Generate = true
		p.Spec.Kinds = []string{"Deployment", "Rollout"}
		p.Spec.WorkloadSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: "prodready.io/opt-out", Operator: metav1.LabelSelectorOpDoesNotExist}}}
	})
	createPolicy(t, p)

	eventually(g, func(g Gomega) {
		g.Expect(prNames(g, ns)).To(Equal([]string{"deployment-later<-", "deployment-ok<-" + p.Name}))
	}).Should(Succeed())
	gen := getReadiness(g, ns, "deployment-ok")
	g.Expect(gen.Spec.TargetRef).To(Equal(v1alpha1.TargetRef{APIVersion: "apps/v1", Kind: "Deployment", Name: "ok"}))
	g.Expect(gen.Spec.Profile).To(Equal("production"))
	g.Expect(gen.OwnerReferences).To(HaveLen(1))
	g.Expect(gen.OwnerReferences[0].Kind).To(Equal("Deployment"))
	g.Expect(gen.OwnerReferences[0].Name).To(Equal("ok"))
	expectVerdict(t, ns, "deployment-ok", "True/ChecksPassed", "", "")
	team := getReadiness(g, ns, "deployment-later")
	g.Expect(team.Labels).NotTo(HaveKey(v1alpha1.GeneratedByLabel))
	// namespaces, workloads, covered, generated, ready, not ready
	eventually(g, func(g Gomega) { g.Expect(policyCounts(g, p.Name)).To(Equal([]int32{1, 2, 2, 1, 1, 1})) }).Should(Succeed())

	// A new Deployment and a Rollout are covered within a reconcile.
	create(t, badDeployment(ns, "later"), rolloutFrom(t, ns, "canary"))
	eventually(g, func(g Gomega) {
		g.Expect(prNames(g, ns)).To(ConsistOf("deployment-later<-", laterName+"<-"+p.Name, "deployment-ok<-"+p.Name,
			"rollout-canary<-"+p.Name))
	}).Should(Succeed())
	g.Expect(getReadiness(g, ns, "rollout-canary").Spec.TargetRef.APIVersion).To(Equal("argoproj.io/v1alpha1"))
	eventually(g, func(g Gomega) { g.Expect(policyCounts(g, p.Name)).To(Equal([]int32{1, 4, 4, 3, 1, 3})) }).Should(Succeed())
	// The team's object was never replaced, relabelled or deleted (the ProductionReadiness
	// reconciler's own finalizer and status patches aside), and no generated object was ever
	// deleted and re-created along the way.
	g.Expect(writes.in(ns)).NotTo(ContainElement(MatchRegexp(`^(update|delete) .*ProductionReadiness deployment-later$`)))
	g.Expect(getReadiness(g, ns, "deployment-later").Labels).NotTo(HaveKey(v1alpha1.GeneratedByLabel))
	g.Expect(getReadiness(g, ns, laterName).Spec.TargetRef.Name).To(Equal("later"))
	g.Expect(writes.in(ns)).NotTo(ContainElement(HavePrefix("delete ")))

	// Stops matching (opt-out label), then deleted: the generated objects go.
	later := badDeployment(ns, "later")
	update(t, later, func() { later.Labels["prodready.io/opt-out"] = "true" })
	g.Expect(k8s.Delete(ctx, goodDeployment(ns, "ok"))).To(Succeed())
	eventually(g, func(g Gomega) {
		g.Expect(prNames(g, ns)).To(Equal([]string{"deployment-later<-", "rollout-canary<-" + p.Name}))
	}).Should(Succeed())
	eventually(g, func(g Gomega) { g.Expect(policyCounts(g, p.Name)).To(Equal([]int32{1, 2, 2, 1, 0, 2})) }).Should(Succeed())

	// Nothing changes: a policy re-reconcile writes nothing.
	before := len(writes.in(ns))
	update(t, p, func() { p.Annotations = map[string]string{"touch": "1"} })
	consistently(g, func() int { return len(writes.in(ns)) }).Should(Equal(before))

	// The policy goes: so do its generated objects; the team's stays.
	g.Expect(k8s.Delete(ctx, p)).To(Succeed())
	eventually(g, func(g Gomega) { g.Expect(prNames(g, ns)).To(Equal([]string{"deployment-later<-"})) }).Should(Succeed())
}

// The floor in the operator: a team object that got in before the policy (no webhook here)
// with an override weakening a floor check is InvalidSpec naming the policy and the field;
// the "everything exempted" object is NoRequiredChecks without a policy and InvalidSpec
// under one that requires exemptions to expire; a stricter object stays as it was.
func TestPolicyFloorInOperator(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, badDeployment(ns, "weak"), badDeployment(ns, "exempt"), goodDeployment(ns, "strict"), pdbFor(ns, "strict"), secretFor(ns, "db", "password"),
		readinessFor(ns, "weak", func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Profile = "baseline"
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementAdvisory}}
		}),
		readinessFor(ns, "exempt", exemptAllRequired("baseline")),
		readinessFor(ns, "strict"))
	markRolledOut(t, ns, "exempt")
	markRolledOut(t, ns, "strict")
	expectVerdict(t, ns, "weak", "False/ChecksFailed", "", "True/ChecksFailed")
	expectVerdict(t, ns, "exempt", "False/NoRequiredChecks", "", "True/NoRequiredChecks")
	expectVerdict(t, ns, "strict", "True/ChecksPassed", "", "")

	p := policyFor(ns, func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.Exemptions = &v1alpha1.ExemptionGovernance{RequireExpiry: true}
	})
	createPolicy(t, p)
	pr := expectVerdict(t, ns, "weak", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(
		`spec.checks[0].enforcement: Forbidden: ReadinessPolicy "` + p.Name + `" makes check "probe-readiness" Required in this namespace`))
	pr = expectVerdict(t, ns, "exempt", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(
		`spec.exemptions[0].expires: Required value: ReadinessPolicy "` + p.Name + `" requires every exemption to expire`))
	expectVerdict(t, ns, "strict", "True/ChecksPassed", "", "")

	// The floor raises a weaker profile without an override: the team's baseline object now
	// runs probe-liveness (Required in production).
	update(t, pr, func() { pr.Spec.Exemptions = nil })
	pr = expectVerdict(t, ns, "exempt", "False/ChecksFailed", "", "True/ChecksFailed")
	g.Expect(result(pr, "probe-liveness")).To(Equal(v1alpha1.ResultFail))

	// The policy goes: the weakening override is the team's business again.
	g.Expect(k8s.Delete(context.Background(), p)).To(Succeed())
	expectVerdict(t, ns, "weak", "False/ChecksFailed", "", "True/ChecksFailed")
}

// A policy naming an unknown profile is Stalled/InvalidSpec and generates nothing; the other
// objects of its namespace keep being evaluated.
func TestInvalidPolicy(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, badDeployment(ns, "app"), readinessFor(ns, "app"))
	// The webhook would refuse it; the operator must cope when it is not running.
	p := policyFor(ns, func(p *v1alpha1.ReadinessPolicy) { p.Spec.Profile = "nope"; p.Spec.Generate = true })
	createPolicy(t, p)
	eventually(g, func(g Gomega) {
		got := &v1alpha1.ReadinessPolicy{}
		g.Expect(k8s.Get(context.Background(), client.ObjectKey{Name: p.Name}, got)).To(Succeed())
		c := findPolicyCondition(got, v1alpha1.ConditionStalled)
		g.Expect(c).NotTo(BeNil())
		g.Expect(c.Reason).To(Equal(v1alpha1.ReasonInvalidSpec))
		g.Expect(c.Message).To(ContainSubstring(`spec.profile: Not found: "nope"`))
	}).Should(Succeed())
	expectVerdict(t, ns, "app", "False/ChecksFailed", "", "True/ChecksFailed")
	consistently(g, func(g Gomega) { g.Expect(prNames(g, ns)).To(Equal([]string{"app<-"})) }).Should(Succeed())
}

func findPolicyCondition(p *v1alpha1.ReadinessPolicy, typ string) *metav1.Condition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == typ {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

// The operator gives the shared policy fixtures (internal/testenv) the verdicts the CLI gives
// them (internal/cli TestPolicyFixturesInCLI): the same objects, the same policy.
func TestPolicyFixturesInOperator(t *testing.T) {
	g := NewWithT(t)
	ctx := context.Background()
	objs, want := testenv.PolicyFixtures()
	for _, o := range objs {
		create(t, o)
		if p, ok := o.(*v1alpha1.ReadinessPolicy); ok {
			t.Cleanup(func() { _ = k8s.Delete(ctx, p) })
		}
	}
	for _, o := range objs {
		if d, ok := o.(*appsv1.Deployment); ok {
			markRolledOut(t, d.Namespace, d.Name)
		}
	}
	for key, v := range want {
		ns, name, _ := strings.Cut(key, "/")
		eventually(g, func(g Gomega) {
			pr := getReadiness(g, ns, name)
			g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
			c := findCondition(pr, v1alpha1.ConditionReady)
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).To(Equal(v.Reason), "%s: %s", key, c.Message)
			if v.Error != "" {
				g.Expect(c.Message).To(ContainSubstring(v.Error))
			}
		}).Should(Succeed())
	}
	// Exactly the expected objects exist: nothing generated for a team-covered workload.
	for _, ns := range []string{testenv.PolicyFixtureNamespace, testenv.PolicyFixtureFreeNamespace} {
		var list v1alpha1.ProductionReadinessList
		g.Expect(k8s.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
		for _, pr := range list.Items {
			g.Expect(want).To(HaveKey(ns+"/"+pr.Name), "unexpected ProductionReadiness %s/%s", ns, pr.Name)
		}
	}
}

// The controller-runtime metrics the chart's dashboard and alerts use
// (metrics.ControllerRuntimeNames) are exported by the running manager.
func TestControllerRuntimeMetricsExported(t *testing.T) {
	g := NewWithT(t)
	eventually(g, func(g Gomega) {
		families, err := ctrlmetrics.Registry.Gather()
		g.Expect(err).NotTo(HaveOccurred())
		var names []string
		for _, f := range families {
			names = append(names, f.GetName())
		}
		for _, n := range metrics.ControllerRuntimeNames {
			if strings.Contains(n, "webhook") {
				continue // the webhook suite checks those
			}
			g.Expect(names).To(ContainElement(n))
		}
	}).Should(Succeed())
}

// GeneratedName: kind and name, a hash of both when that is taken or too long, always a valid
// object name.
func TestGeneratedName(t *testing.T) {
	none := func(string) bool { return false }
	long := strings.Repeat("a", 250)
	cases := []struct {
		kind, name string
		taken      func(string) bool
		want       string
	}{
		{"Deployment", "checkout", none, "deployment-checkout"},
		{"Rollout", "web", none, "rollout-web"},
		{"Deployment", "checkout", func(n string) bool { return n == "deployment-checkout" }, "deployment-checkout-"},
	}
	for _, tc := range cases {
		got := GeneratedName(tc.kind, tc.name, tc.taken)
		if !strings.HasPrefix(got, tc.want) || (tc.want[len(tc.want)-1] != '-' && got != tc.want) {
			t.Errorf("GeneratedName(%s, %s) = %q, want %q…", tc.kind, tc.name, got, tc.want)
		}
	}
	a := GeneratedName("Deployment", "checkout", func(n string) bool { return n == "deployment-checkout" })
	b := GeneratedName("StatefulSet", "checkout", func(n string) bool { return n == "statefulset-checkout" })
	if a == b || len(a) != len("deployment-checkout-")+8 {
		t.Errorf("hashed names %q, %q", a, b)
	}
	g := GeneratedName("Deployment", long, none)
	if len(g) > 253 || !strings.HasPrefix(g, "deployment-aaa") || strings.HasSuffix(g, "-") {
		t.Errorf("long name %q (%d)", g, len(g))
	}
	if errs := validation.IsDNS1123Subdomain(g); len(errs) > 0 {
		t.Errorf("long name is not a valid object name: %v", errs)
	}
}

// A namespace that comes to match later (a label added) is covered on that event: the workload
// without an object gets one, and a team object there is re-evaluated against the floor at once;
// removing the label undoes both.
func TestPolicyCoversNamespaceLabelledLater(t *testing.T) {
	g := NewWithT(t)
	ctx := context.Background()
	ns := newNamespace(t)
	create(t, badDeployment(ns, "bare"), badDeployment(ns, "weak"), secretFor(ns, "db", "password"),
		readinessFor(ns, "weak", func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementDisabled}}
		}))
	markRolledOut(t, ns, "weak")
	expectVerdict(t, ns, "weak", "False/ChecksFailed", "", "True/ChecksFailed")
	p := policyFor(ns, func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"prodready.io/covered-by": ns}}
		p.Spec.Generate = true
	})
	createPolicy(t, p)
	consistently(g, func(g Gomega) { g.Expect(prNames(g, ns)).To(Equal([]string{"weak<-"})) }).Should(Succeed())

	nsObj := &corev1.Namespace{}
	g.Expect(k8s.Get(ctx, client.ObjectKey{Name: ns}, nsObj)).To(Succeed())
	update(t, nsObj, func() { nsObj.Labels["prodready.io/covered-by"] = ns })
	eventually(g, func(g Gomega) {
		g.Expect(prNames(g, ns)).To(Equal([]string{"deployment-bare<-" + p.Name, "weak<-"}))
	}).Should(Succeed())
	pr := expectVerdict(t, ns, "weak", "False/InvalidSpec", "", "True/InvalidSpec")
	g.Expect(findCondition(pr, v1alpha1.ConditionReady).Message).To(ContainSubstring(`ReadinessPolicy "` + p.Name + `"`))

	update(t, nsObj, func() { delete(nsObj.Labels, "prodready.io/covered-by") })
	eventually(g, func(g Gomega) { g.Expect(prNames(g, ns)).To(Equal([]string{"weak<-"})) }).Should(Succeed())
	expectVerdict(t, ns, "weak", "False/ChecksFailed", "", "True/ChecksFailed")
}

// A generated object whose policy no longer exists (deleted while the operator was down) is
// deleted when the operator sees it: its label maps it to the missing policy.
func TestGeneratedObjectOfMissingPolicyIsDeleted(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	create(t, badDeployment(ns, "app"), readinessFor(ns, "deployment-app", func(pr *v1alpha1.ProductionReadiness) {
		pr.Labels = map[string]string{v1alpha1.GeneratedByLabel: "gone-" + ns}
	}), readinessFor(ns, "app"))
	eventually(g, func(g Gomega) { g.Expect(prNames(g, ns)).To(Equal([]string{"app<-"})) }).Should(Succeed())
}
