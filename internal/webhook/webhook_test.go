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

package webhook

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/metrics"
	"github.com/prodready/prodready/internal/testenv"
)

var ctx = context.Background()

func dialWebhook(wio envtest.WebhookInstallOptions) error {
	d := &net.Dialer{Timeout: time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", net.JoinHostPort(wio.LocalServingHost, fmt.Sprint(wio.LocalServingPort)), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // test probe
	if err != nil {
		return err
	}
	return conn.Close()
}

func namespace(t *testing.T) string {
	t.Helper()
	ns, err := testenv.Namespace(ctx, operator)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// A ProductionReadiness that the operator would report as InvalidSpec is denied at apply time
// with the same field-naming message.
func TestProductionReadinessValidation(t *testing.T) {
	ns := namespace(t)
	cases := map[string]struct {
		mutate func(*v1alpha1.ProductionReadiness)
		want   []string
	}{
		"unknown check id": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-readyness"}}
		}, []string{`admission webhook "vproductionreadiness.readiness.prodready.io" denied the request`, `spec.checks[0].id`, `"probe-readyness"`}},
		"bad param": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "abc"}}}
		}, []string{`spec.checks[0].params[min]`, `check "replicas-minimum"`, `"abc" is not an integer`}},
		"empty list param": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "image-registry-allowed", Params: map[string]string{"registries": ""}}}
		}, []string{`spec.checks[0].params[registries]`}},
		"unknown profile": {func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = "prod" },
			[]string{`spec.profile`, `"prod"`}},
		"exemption of an unknown check": {func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"nope"}, Reason: "r"}}
		}, []string{`spec.exemptions[0].checks[0]`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			g := NewWithT(t)
			pr := testenv.ReadinessFor(ns, "x")
			tc.mutate(pr)
			err := alice.Create(ctx, pr)
			g.Expect(err).To(HaveOccurred())
			for _, w := range tc.want {
				g.Expect(err.Error()).To(ContainSubstring(w))
			}
		})
	}
	t.Run("valid object is accepted, and an update that breaks it is denied", func(t *testing.T) {
		g := NewWithT(t)
		pr := testenv.ReadinessFor(ns, "valid", func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "3"}}}
		})
		g.Expect(alice.Create(ctx, pr)).To(Succeed())
		g.Eventually(func(g Gomega) {
			g.Expect(alice.Get(ctx, client.ObjectKeyFromObject(pr), pr)).To(Succeed())
			pr.Spec.Checks[0].Params["min"] = "many"
			err := alice.Update(ctx, pr)
			g.Expect(apierrors.IsConflict(err)).To(BeFalse())
			g.Expect(err).To(MatchError(ContainSubstring(`"many" is not an integer`)))
		}).WithTimeout(10 * time.Second).Should(Succeed())
	})
}

// The validator reads organisation profiles: disallowed exemptions are denied, expired
// exemptions are accepted with a warning.
func TestValidationWithReadinessProfile(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	rp := &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: "platform-" + ns},
		Spec: v1alpha1.ReadinessProfileSpec{BasedOn: "production", DisallowExemptions: []string{"security-not-privileged"}}}
	g.Expect(alice.Create(ctx, rp)).To(Succeed())

	// The validator reads profiles from the cache: wait until it knows this one.
	g.Eventually(func() error {
		return alice.Create(ctx, testenv.ReadinessFor(ns, "uses-profile", func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = rp.Name }))
	}).WithTimeout(10 * time.Second).Should(Succeed())

	err := alice.Create(ctx, testenv.ReadinessFor(ns, "exempts", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Profile = rp.Name
		pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"security-not-privileged"}, Reason: "debugging"}}
	}))
	g.Expect(err).To(MatchError(ContainSubstring(fmt.Sprintf(`ReadinessProfile %q disallows exemptions for check "security-not-privileged"`, rp.Name))))

	// Expired exemption → accepted with a warning.
	warnings := &warningRecorder{}
	wcfg := rest.CopyConfig(aliceCfg)
	wcfg.WarningHandler = warnings
	wc, err := client.New(wcfg, client.Options{Scheme: scheme})
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(wc.Create(ctx, testenv.ReadinessFor(ns, "expired", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"probe-liveness"}, Reason: "old", Expires: &metav1.Time{Time: time.Now().Add(-time.Hour)}}}
	}))).To(Succeed())
	g.Expect(warnings.all()).To(ContainElement(ContainSubstring("spec.exemptions[0].expires: expired at")))
}

// Only the operator may set or change the promotion label; removing it is allowed.
func TestPromotionLabelGuard(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)

	// alice cannot create a workload that claims to be promotable.
	d := testenv.GoodDeployment(ns, "shop")
	d.Labels[v1alpha1.PromotableLabel] = "true"
	err := alice.Create(ctx, d)
	g.Expect(err).To(MatchError(ContainSubstring(`admission webhook "vpromotionlabel.readiness.prodready.io" denied the request`)))
	g.Expect(err.Error()).To(ContainSubstring("alice may not set it"))

	// The operator labels its targets through the same webhook.
	g.Expect(alice.Create(ctx, testenv.GoodDeployment(ns, "shop"))).To(Succeed())
	g.Expect(alice.Create(ctx, testenv.PDBFor(ns, "shop"))).To(Succeed())
	g.Expect(alice.Create(ctx, testenv.SecretFor(ns, "db", "password"))).To(Succeed())
	g.Expect(testenv.MarkRolledOut(ctx, alice, ns, "shop")).To(Succeed())
	g.Expect(alice.Create(ctx, testenv.ReadinessFor(ns, "shop"))).To(Succeed())
	label := func(g Gomega) string {
		got := &appsv1.Deployment{}
		g.Expect(alice.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, got)).To(Succeed())
		return got.Labels[v1alpha1.PromotableLabel]
	}
	g.Eventually(label).WithTimeout(30 * time.Second).Should(Equal("true"))

	// alice cannot flip it, whatever the value.
	for _, v := range []string{"false", "yes"} {
		got := &appsv1.Deployment{}
		g.Expect(alice.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, got)).To(Succeed())
		got.Labels[v1alpha1.PromotableLabel] = v
		g.Expect(alice.Update(ctx, got)).To(MatchError(ContainSubstring("is maintained by prodready")))
	}

	// Other changes pass (the matchConditions keep them away from the webhook altogether).
	got := &appsv1.Deployment{}
	g.Expect(alice.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, got)).To(Succeed())
	got.Labels["team"] = "payments"
	g.Expect(alice.Update(ctx, got)).To(Succeed())

	// Removing the label is allowed; the operator puts it back.
	g.Expect(alice.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, got)).To(Succeed())
	delete(got.Labels, v1alpha1.PromotableLabel)
	g.Expect(alice.Update(ctx, got)).To(Succeed())
	g.Eventually(label).WithTimeout(30 * time.Second).Should(Equal("true"))
}

type warningRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warningRecorder) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, text)
}

func (w *warningRecorder) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.msgs...)
}

// The ReadinessProfile validator refuses custom checks whose rules do not compile, do not
// type-check or are over the estimated cost budget, and ids of built-in checks; the CRD schema
// refuses malformed ids and param defaults.
func TestReadinessProfileValidation(t *testing.T) {
	ns := namespace(t)
	check := func(id, expr string) v1alpha1.CustomCheck {
		return v1alpha1.CustomCheck{ID: id, Title: "A custom check", Rules: []v1alpha1.CustomCheckRule{{Expression: "true"}, {Expression: expr}}}
	}
	profile := func(name string, ccs ...v1alpha1.CustomCheck) *v1alpha1.ReadinessProfile {
		return &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name + "-" + ns}, Spec: v1alpha1.ReadinessProfileSpec{CustomChecks: ccs}}
	}
	for _, tc := range []struct {
		name string
		rp   *v1alpha1.ReadinessProfile
		want []string
	}{
		{"syntax", profile("syntax", check("probes", "containers.all(c, has(c.readinessProbe)")),
			[]string{`admission webhook "vreadinessprofile.readiness.prodready.io" denied the request`, `spec.customChecks[0].rules[1].expression`, `custom check "probes" rule 1: line 1, column`, `Syntax error`}},
		{"unknown field", profile("field", check("probes", "containers.all(c, c.readinesProbe.httpGet.path != '')")),
			[]string{`vreadinessprofile.readiness.prodready.io`, `custom check "probes" rule 1: line 1, column 20: undefined field 'readinesProbe'`}},
		{"no secret values", profile("secret", check("secrets", "secrets.all(s, s.data.size() > 0)")),
			[]string{`vreadinessprofile.readiness.prodready.io`, `undefined field 'data'`}},
		{"over budget", profile("cost", check("slow", "containers.all(a, containers.all(b, containers.all(c, c.env.all(e, e.name != a.name + b.name))))")),
			[]string{`vreadinessprofile.readiness.prodready.io`, `estimated cost`, `exceeds the budget of 1000000`}},
		{"built-in id (CRD)", profile("builtin", check("probe-readiness", "true")),
			[]string{`spec.customChecks[0]`, `id is the id of a built-in check; custom checks need their own id`}},
		{"malformed id (CRD)", profile("badid", check("Probes_Differ", "true")),
			[]string{`spec.customChecks[0].id`, `should match`}},
		{"int default (CRD)", profile("default", v1alpha1.CustomCheck{ID: "max", Title: "t",
			Params: []v1alpha1.CustomCheckParam{{Name: "max", Type: "int", Default: "ten"}}, Rules: []v1alpha1.CustomCheckRule{{Expression: "params.max > 0"}}}),
			[]string{`default of an int param must be an integer`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewWithT(t)
			err := alice.Create(ctx, tc.rp)
			g.Expect(err).To(HaveOccurred())
			for _, w := range tc.want {
				g.Expect(err.Error()).To(ContainSubstring(w))
			}
		})
	}

	// A valid profile is accepted; an update that breaks a rule is refused.
	g := NewWithT(t)
	rp := profile("valid", check("probes", "containers.all(c, has(c.readinessProbe))"))
	g.Expect(alice.Create(ctx, rp)).To(Succeed())
	g.Eventually(func(g Gomega) {
		g.Expect(alice.Get(ctx, client.ObjectKeyFromObject(rp), rp)).To(Succeed())
		rp.Spec.CustomChecks[0].Rules[1].Expression = "containers.size()"
		err := alice.Update(ctx, rp)
		g.Expect(apierrors.IsConflict(err)).To(BeFalse())
		g.Expect(err).To(MatchError(ContainSubstring(`custom check "probes" rule 1: must evaluate to bool, not int`)))
	}).WithTimeout(10 * time.Second).Should(Succeed())
}

// policyFor is a ReadinessPolicy selecting exactly one namespace (by its automatic
// kubernetes.io/metadata.name label), so policies of parallel tests never overlap.
func policyFor(ns string, mutate ...func(*v1alpha1.ReadinessPolicy)) *v1alpha1.ReadinessPolicy {
	p := &v1alpha1.ReadinessPolicy{ObjectMeta: metav1.ObjectMeta{Name: "floor-" + ns}, Spec: v1alpha1.ReadinessPolicySpec{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}},
		Profile:           "production",
		Exemptions:        &v1alpha1.ExemptionGovernance{RequireExpiry: true, MaxDuration: "720h"},
	}}
	for _, m := range mutate {
		m(p)
	}
	return p
}

// A ReadinessPolicy that the operator would report as InvalidSpec is refused at apply time by
// the CRD schema or the webhook, naming the field.
func TestReadinessPolicyValidation(t *testing.T) {
	ns := namespace(t)
	cases := map[string]struct {
		mutate func(*v1alpha1.ReadinessPolicy)
		want   []string
	}{
		"unknown profile": {func(p *v1alpha1.ReadinessPolicy) { p.Spec.Profile = "payments" },
			[]string{`admission webhook "vreadinesspolicy.readiness.prodready.io" denied the request`, `spec.profile`, `"payments"`}},
		"selector that does not parse": {func(p *v1alpha1.ReadinessPolicy) {
			p.Spec.WorkloadSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Bogus"}}}
		}, []string{`spec.workloadSelector`, `not a valid label selector`}},
		"unknown kind": {func(p *v1alpha1.ReadinessPolicy) { p.Spec.Kinds = []string{"ReplicaSet"} },
			[]string{`spec.kinds[0]`, `"ReplicaSet"`}},
		"maxDuration that does not parse": {func(p *v1alpha1.ReadinessPolicy) { p.Spec.Exemptions.MaxDuration = "30d" },
			[]string{`spec.exemptions.maxDuration`, `maxDuration must be a positive duration`}},
		"no namespaceSelector": {func(p *v1alpha1.ReadinessPolicy) { p.Spec.NamespaceSelector = nil },
			[]string{`spec.namespaceSelector`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			g := NewWithT(t)
			p := policyFor(ns, tc.mutate)
			err := alice.Create(ctx, p)
			g.Expect(err).To(HaveOccurred())
			for _, w := range tc.want {
				g.Expect(err.Error()).To(ContainSubstring(w))
			}
		})
	}
	g := NewWithT(t)
	p := policyFor(ns)
	g.Expect(alice.Create(ctx, p)).To(Succeed())
	t.Cleanup(func() { _ = alice.Delete(ctx, p) })
}

// The floor at admission: in a namespace a ReadinessPolicy covers, a team's override that weakens
// a floor check, an exemption without expiry or one longer than maxDuration is denied naming the
// policy and the field; a stricter spec is accepted.
func TestFloorAtAdmission(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	p := policyFor(ns)
	g.Expect(alice.Create(ctx, p)).To(Succeed())
	t.Cleanup(func() { _ = alice.Delete(ctx, p) })

	weakening := func(name string) *v1alpha1.ProductionReadiness {
		return testenv.ReadinessFor(ns, name, func(pr *v1alpha1.ProductionReadiness) {
			pr.Spec.Profile = "baseline"
			pr.Spec.Checks = []v1alpha1.CheckOverride{{ID: "probe-liveness", Enforcement: v1alpha1.EnforcementDisabled}}
		})
	}
	// The validator reads policies from the cache: wait until it knows this one.
	g.Eventually(func() error { return alice.Create(ctx, weakening("weakens")) }).WithTimeout(10 * time.Second).
		Should(MatchError(ContainSubstring(fmt.Sprintf(`spec.checks[0].enforcement: Forbidden: ReadinessPolicy %q makes check "probe-liveness" Required in this namespace`, p.Name))))

	later := metav1.NewTime(time.Now().Add(2000 * time.Hour))
	cases := map[string]struct {
		ex   v1alpha1.Exemption
		want string
	}{
		"exemption without expiry": {v1alpha1.Exemption{Checks: []string{"probe-liveness"}, Reason: "r"},
			fmt.Sprintf(`spec.exemptions[0].expires: Required value: ReadinessPolicy %q requires every exemption to expire`, p.Name)},
		"exemption too long": {v1alpha1.Exemption{Checks: []string{"probe-liveness"}, Reason: "r", Expires: &later},
			fmt.Sprintf(`ReadinessPolicy %q allows exemptions of at most 720h0m0s from now`, p.Name)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := alice.Create(ctx, testenv.ReadinessFor(ns, "exempts", func(pr *v1alpha1.ProductionReadiness) {
				pr.Spec.Exemptions = []v1alpha1.Exemption{tc.ex}
			}))
			NewWithT(t).Expect(err).To(MatchError(ContainSubstring(tc.want)))
		})
	}
	// An object older than the policy: metadata-only updates (a label, an annotation) pass, a
	// spec change that keeps the violation does not.
	other := namespace(t)
	old := weakening("older")
	old.Namespace = other
	g.Expect(alice.Create(ctx, old)).To(Succeed())
	p2 := policyFor(other)
	g.Expect(alice.Create(ctx, p2)).To(Succeed())
	t.Cleanup(func() { _ = alice.Delete(ctx, p2) })
	g.Eventually(func() error {
		probe := weakening("probe")
		probe.Namespace = other
		return alice.Create(ctx, probe)
	}).WithTimeout(10 * time.Second).Should(HaveOccurred())
	g.Eventually(func() error {
		if err := alice.Get(ctx, client.ObjectKeyFromObject(old), old); err != nil {
			return err
		}
		old.Labels = map[string]string{"touched": "true"}
		return alice.Update(ctx, old)
	}).WithTimeout(10 * time.Second).Should(Succeed())
	g.Expect(alice.Get(ctx, client.ObjectKeyFromObject(old), old)).To(Succeed())
	old.Spec.Profile = "production"
	g.Expect(alice.Update(ctx, old)).To(MatchError(ContainSubstring(`ReadinessPolicy "` + p2.Name + `" makes check "probe-liveness" Required`)))

	soon := metav1.NewTime(time.Now().Add(24 * time.Hour))
	g.Expect(alice.Create(ctx, testenv.ReadinessFor(ns, "stricter", func(pr *v1alpha1.ProductionReadiness) {
		pr.Spec.Profile = "strict"
		pr.Spec.Exemptions = []v1alpha1.Exemption{{Checks: []string{"probe-startup"}, Reason: "slow start is known", Expires: &soon}}
	}))).To(Succeed())
}

// The webhook metrics the chart's alerts use (metrics.ControllerRuntimeNames) are exported once
// the webhooks answered.
func TestWebhookMetricsExported(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	_ = alice.Create(ctx, testenv.ReadinessFor(ns, "m"))
	g.Eventually(func(g Gomega) {
		families, err := ctrlmetrics.Registry.Gather()
		g.Expect(err).NotTo(HaveOccurred())
		var names []string
		for _, f := range families {
			names = append(names, f.GetName())
		}
		for _, n := range metrics.ControllerRuntimeNames {
			if strings.Contains(n, "webhook") {
				g.Expect(names).To(ContainElement(n))
			}
		}
	}).WithTimeout(10 * time.Second).Should(Succeed())
}

// A ProductionReadiness targeting an optional kind whose CRD is not installed (this suite has no
// Argo Rollouts CRD) is refused at apply time, as the operator reports it InvalidSpec.
func TestTargetOfAnUnservedKindIsRefused(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	pr := testenv.ReadinessFor(ns, "web")
	pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: "argoproj.io/v1alpha1", Kind: "Rollout", Name: "web"}
	err := alice.Create(ctx, pr)
	g.Expect(apierrors.IsInvalid(err)).To(BeTrue(), "err = %v", err)
	g.Expect(err.Error()).To(ContainSubstring("spec.targetRef.kind"))
	g.Expect(err.Error()).To(ContainSubstring("rollouts.argoproj.io is not installed"))
}
