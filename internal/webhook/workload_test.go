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
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/cli"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/testenv"
)

// warningCollector keeps the warnings the API server returns to a client.
type warningCollector struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warningCollector) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, text)
}

func (w *warningCollector) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.msgs)
}

func warningClient(t *testing.T) (client.Client, *warningCollector) {
	t.Helper()
	w := &warningCollector{}
	c := rest.CopyConfig(cfg)
	c.WarningHandler = w
	cl, err := client.New(c, client.Options{Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	return cl, w
}

// inScope waits until the operator has put ns into the workload webhook's namespaceSelector.
func inScope(t *testing.T, ns string) {
	t.Helper()
	eventually(NewWithT(t), func(g Gomega) {
		vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
		g.Expect(operator.Get(ctx, client.ObjectKey{Name: "validating-webhook-configuration"}, vwc)).To(Succeed())
		i := slices.IndexFunc(vwc.Webhooks, func(w admissionregistrationv1.ValidatingWebhook) bool { return w.Name == WorkloadWebhookName })
		g.Expect(i).To(BeNumerically(">=", 0))
		g.Expect(vwc.Webhooks[i].NamespaceSelector.MatchExpressions[0].Values).To(ContainElement(ns))
	}).Should(Succeed())
}

// Applying a failing Deployment that a ProductionReadiness targets returns one warning per
// failing Required check to the client, also on a server-side dry run; a Deployment in a
// namespace no ProductionReadiness concerns never reaches the webhook.
func TestWorkloadAdmissionWarns(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	g.Expect(operator.Create(ctx, testenv.ReadinessFor(ns, "shop"))).To(Succeed())
	inScope(t, ns)

	cl, warnings := warningClient(t)
	dry := testenv.BadDeployment(ns, "shop")
	g.Expect(cl.Create(ctx, dry, client.DryRunAll)).To(Succeed())
	g.Expect(warnings.all()).To(ContainElement(HavePrefix("prodready: probe-readiness: ")), "dry run: %v", warnings.all())

	g.Expect(cl.Create(ctx, testenv.BadDeployment(ns, "shop"))).To(Succeed())
	ws := warnings.all()
	for _, id := range []string{"probe-readiness", "resources-requests", "image-tag-pinned", "replicas-minimum"} {
		g.Expect(ws).To(ContainElement(HavePrefix("prodready: "+id+": ")), "warnings: %v", ws)
	}
	g.Expect(ws).NotTo(ContainElement(ContainSubstring("rollout-complete")), "live state is the operator's, not admission's")
	for _, w := range ws {
		g.Expect(len(w)).To(BeNumerically("<=", maxWarningLength))
	}

	// Nobody targets this namespace's workloads: the API server does not call the webhook.
	other := namespace(t)
	g.Expect(cl.Create(ctx, testenv.BadDeployment(other, "shop"))).To(Succeed())
	consistently(g, func() int { return admissions.get(other) }).Should(Equal(0))
	g.Expect(admissions.get(ns)).To(BeNumerically(">=", 2))
}

// With Deny, a failing Required check judged from the object alone rejects the change with the
// messages; checks that read related objects that may arrive in the same sync only warn.
func TestWorkloadAdmissionDeny(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	denyNamespaces.Store(ns, true)
	t.Cleanup(func() { denyNamespaces.Delete(ns) })
	g.Expect(operator.Create(ctx, testenv.ReadinessFor(ns, "shop"))).To(Succeed())
	inScope(t, ns)
	cl, warnings := warningClient(t)

	err := cl.Create(ctx, testenv.BadDeployment(ns, "shop"))
	g.Expect(apierrors.IsForbidden(err)).To(BeTrue(), "err = %v", err)
	g.Expect(err.Error()).To(ContainSubstring("prodready: probe-readiness: "))
	g.Expect(err.Error()).To(ContainSubstring("prodready: image-tag-pinned: "))

	// The good Deployment without its PDB and Secret: pdb-present and secrets-refs-exist fail,
	// but those objects may come in the same sync, so the change is admitted with warnings.
	g.Expect(cl.Create(ctx, testenv.GoodDeployment(ns, "shop"))).To(Succeed())
	g.Expect(warnings.all()).To(ContainElement(HavePrefix("prodready: pdb-present: ")))
	g.Expect(warnings.all()).To(ContainElement(HavePrefix("prodready: secrets-refs-exist: ")))
}

// A ReadinessPolicy with admission: Deny covering a namespace brings it into the webhook's scope
// and denies a failing workload there, even before any ProductionReadiness targets it (judged as
// the one the operator will generate).
func TestPolicyDenyCoversUntargetedWorkloads(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	rp := &v1alpha1.ReadinessPolicy{ObjectMeta: metav1.ObjectMeta{Name: "deny-" + ns}, Spec: v1alpha1.ReadinessPolicySpec{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}},
		Admission:         v1alpha1.AdmissionDeny,
	}}
	g.Expect(operator.Create(ctx, rp)).To(Succeed())
	t.Cleanup(func() { _ = operator.Delete(ctx, rp) })
	inScope(t, ns)
	eventually(g, func(g Gomega) {
		err := operator.Create(ctx, testenv.BadDeployment(ns, "worker"), client.DryRunAll)
		g.Expect(apierrors.IsForbidden(err)).To(BeTrue(), "err = %v", err)
		g.Expect(err.Error()).To(ContainSubstring("prodready: probe-readiness: "))
	}).Should(Succeed())
}

func TestBoundWarnings(t *testing.T) {
	g := NewWithT(t)
	var many []string
	for i := 0; i < 25; i++ {
		many = append(many, "prodready: check: "+strings.Repeat("x", 400))
	}
	got := boundWarnings(many)
	g.Expect(got).To(HaveLen(maxWarnings))
	g.Expect(got[maxWarnings-1]).To(ContainSubstring("and 16 more failing checks"))
	for _, w := range got {
		g.Expect(len(w)).To(BeNumerically("<=", maxWarningLength))
	}
	g.Expect(boundWarnings([]string{"a", "b"})).To(Equal([]string{"a", "b"}))
}

// One fixture set evaluated by the CLI, the operator and the workload webhook gives the same
// result for every check (exemptions, expiry, overrides and profiles included). rollout-complete
// is the one exception by design: it reads live status, which only the operator judges.
func TestParityCLIOperatorWebhook(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "parity", "*.yaml"))
	if err != nil || len(files) < 3 {
		t.Fatalf("parity fixtures: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			g := NewWithT(t)
			ns := namespace(t)
			// kube-controller-manager, absent from envtest, creates this in every namespace.
			g.Expect(operator.Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns}})).To(Succeed())
			docs := readFixture(t, file)
			var workload, readiness *unstructured.Unstructured
			for _, u := range docs {
				u.SetNamespace(ns)
				g.Expect(operator.Create(ctx, u)).To(Succeed(), "%s %s", u.GetKind(), u.GetName())
				switch u.GetKind() {
				case "ProductionReadiness":
					readiness = u
				case "Deployment", "StatefulSet", "CronJob":
					workload = u
				}
			}
			// The operator.
			var pr v1alpha1.ProductionReadiness
			eventually(g, func(g Gomega) {
				g.Expect(operator.Get(ctx, client.ObjectKey{Namespace: ns, Name: readiness.GetName()}, &pr)).To(Succeed())
				g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
				g.Expect(pr.Status.Checks).NotTo(BeEmpty())
			}).Should(Succeed())
			operatorResults := results(pr.Status.Checks)

			// The CLI, on the same file.
			var out, errb bytes.Buffer
			code := cli.Run(ctx, &cli.Env{In: strings.NewReader(""), Out: &out, Err: &errb, Now: time.Now, Binary: "prodready",
				IsTerminal: func(io.Writer) bool { return false }}, []string{"check", "-f", file, "-n", ns, "-o", "json", "--fail-on", "none"})
			g.Expect(code).To(Equal(0), errb.String())
			var rep cli.Report
			g.Expect(json.Unmarshal(out.Bytes(), &rep)).To(Succeed())
			g.Expect(rep.Results).To(HaveLen(1))
			cliResults := results(rep.Results[0].Checks)

			// The webhook, on the object as the API server admitted it (defaults applied).
			live := &unstructured.Unstructured{}
			live.SetGroupVersionKind(workload.GroupVersionKind())
			g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(workload), live)).To(Succeed())
			raw, err := json.Marshal(live.Object)
			g.Expect(err).NotTo(HaveOccurred())
			gvk := workload.GroupVersionKind()
			verdicts, err := workloadAdmission.Evaluate(ctx, admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
				Kind: metav1.GroupVersionKind{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind}, Namespace: ns,
				Operation: admissionv1.Update, Object: runtime.RawExtension{Raw: raw},
			}})
			g.Expect(err).NotTo(HaveOccurred())
			g.Expect(verdicts).To(HaveLen(1))
			webhookResults := results(verdicts[0].Report.Results)

			g.Expect(operatorResults).To(HaveLen(len(cliResults)))
			for id, want := range operatorResults {
				if id == "rollout-complete" {
					continue
				}
				g.Expect(cliResults[id]).To(Equal(want), "%s: operator %s, CLI %s", id, want, cliResults[id])
				g.Expect(webhookResults[id]).To(Equal(want), "%s: operator %s, webhook %s", id, want, webhookResults[id])
			}
		})
	}
}

func results(rs []v1alpha1.CheckResult) map[string]v1alpha1.Result {
	out := map[string]v1alpha1.Result{}
	for _, r := range rs {
		out[r.ID] = r.Result
	}
	return out
}

func readFixture(t *testing.T, file string) []*unstructured.Unstructured {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	docs, err := manifest.ReadAll(f, file)
	if err != nil {
		t.Fatal(err)
	}
	var out []*unstructured.Unstructured
	for _, d := range docs {
		if d.Err != nil {
			t.Fatal(d.Err)
		}
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(d.JSON, &u.Object); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func eventually(g *WithT, f any) AsyncAssertion {
	return g.Eventually(f).WithTimeout(30 * time.Second).WithPolling(100 * time.Millisecond)
}

func consistently(g *WithT, f any) AsyncAssertion {
	return g.Consistently(f).WithTimeout(2 * time.Second).WithPolling(100 * time.Millisecond)
}

// docs/admission.md lists exactly the checks that can deny.
func TestAdmissionDocListsTheDenyingChecks(t *testing.T) {
	g := NewWithT(t)
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "admission.md"))
	g.Expect(err).NotTo(HaveOccurred())
	_, rest, _ := strings.Cut(string(raw), "<!-- deny-list -->")
	list, _, _ := strings.Cut(rest, "<!-- /deny-list -->")
	var documented, want []string
	for _, id := range strings.Split(list, ",") {
		documented = append(documented, strings.Trim(strings.TrimSpace(id), "`"))
	}
	for _, c := range checks.All() {
		if CanDeny(c) {
			want = append(want, c.ID)
		}
	}
	slices.Sort(documented)
	slices.Sort(want)
	g.Expect(documented).To(Equal(want), "update the deny list in docs/admission.md")
}

// Workload admission evaluates with the floor of the ReadinessPolicies covering the namespace:
// a baseline ProductionReadiness under a production floor warns about probe-liveness, which
// baseline leaves Disabled.
func TestWorkloadAdmissionAppliesTheFloor(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	g.Expect(operator.Create(ctx, testenv.ReadinessFor(ns, "shop", func(pr *v1alpha1.ProductionReadiness) { pr.Spec.Profile = "baseline" }))).To(Succeed())
	inScope(t, ns)
	cl, warnings := warningClient(t)
	g.Expect(cl.Create(ctx, testenv.BadDeployment(ns, "shop"), client.DryRunAll)).To(Succeed())
	g.Expect(warnings.all()).NotTo(ContainElement(HavePrefix("prodready: probe-liveness: ")), "baseline alone: %v", warnings.all())

	p := policyFor(ns)
	g.Expect(alice.Create(ctx, p)).To(Succeed())
	t.Cleanup(func() { _ = alice.Delete(ctx, p) })
	g.Eventually(func(g Gomega) {
		cl, warnings := warningClient(t)
		g.Expect(cl.Create(ctx, testenv.BadDeployment(ns, "shop"), client.DryRunAll)).To(Succeed())
		g.Expect(warnings.all()).To(ContainElement(HavePrefix("prodready: probe-liveness: ")))
	}).WithTimeout(10 * time.Second).Should(Succeed())
}
