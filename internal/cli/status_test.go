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

package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// createReadiness creates a ProductionReadiness and, when status is not nil, writes it through
// the status subresource as the operator would.
func createReadiness(t *testing.T, c client.Client, ns, name, target string, status *v1alpha1.ProductionReadinessStatus) {
	t.Helper()
	ctx := context.Background()
	pr := testenv.ReadinessFor(ns, name, func(pr *v1alpha1.ProductionReadiness) { pr.Spec.TargetRef.Name = target })
	if err := c.Create(ctx, pr); err != nil {
		t.Fatalf("creating ProductionReadiness %s/%s: %v", ns, name, err)
	}
	if status == nil {
		return
	}
	pr.Status = *status
	if err := c.Status().Update(ctx, pr); err != nil {
		t.Fatalf("writing status of %s/%s: %v", ns, name, err)
	}
}

func createNamespace(t *testing.T, c client.Client, name string) {
	t.Helper()
	if err := c.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
}

func readyCond(status metav1.ConditionStatus, reason, msg string) []metav1.Condition {
	return []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: status, Reason: reason, Message: msg, ObservedGeneration: 1, LastTransitionTime: metav1.Now()}}
}

func TestStatus(t *testing.T) {
	c, kc := startEnvtest(t)
	createNamespace(t, c, "status-shop")
	createNamespace(t, c, "status-other")
	createReadiness(t, c, "status-shop", "checkout", "checkout-web", &v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Summary:            &v1alpha1.Summary{Required: 3, Passed: 2, Failed: 1, Warnings: 1, Score: 67, Ratio: "2/3"},
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Category: "health", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultFail, Message: `container "api" has no readinessProbe`},
			{ID: "resources-requests", Category: "resources", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass, Message: "every container (1) requests cpu and memory"},
			{ID: "image-digest-pinned", Category: "images", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultWarn, Message: `container "api" image "api:1.0" is not pinned by digest`},
		},
		Conditions: readyCond(metav1.ConditionFalse, v1alpha1.ReasonChecksFailed, "1 of 3 required checks fails: probe-readiness"),
	})
	createReadiness(t, c, "status-shop", "cart", "cart", &v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Summary:            &v1alpha1.Summary{Required: 2, Passed: 2, Score: 100, Ratio: "2/2"},
		Promotable:         true,
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Category: "health", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass, Message: "every container (1) has a readinessProbe"},
		},
		Conditions: readyCond(metav1.ConditionTrue, v1alpha1.ReasonChecksPassed, "all 2 required checks pass"),
	})
	createReadiness(t, c, "status-shop", "orphan", "gone", &v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Conditions:         readyCond(metav1.ConditionFalse, v1alpha1.ReasonTargetNotFound, `Deployment "gone" not found`),
	})
	createReadiness(t, c, "status-shop", "fresh", "fresh", nil) // never reconciled
	createReadiness(t, c, "status-other", "billing", "billing", &v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Summary:            &v1alpha1.Summary{Required: 1, Passed: 1, Score: 100, Ratio: "1/1"},
		Conditions:         readyCond(metav1.ConditionTrue, v1alpha1.ReasonChecksPassed, "all 1 required check passes"),
	})
	// Ready for generation 1, then its spec changed: a verdict for an older spec is no verdict.
	createNamespace(t, c, "status-stale")
	createReadiness(t, c, "status-stale", "ledger", "ledger", &v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Summary:            &v1alpha1.Summary{Required: 1, Passed: 1, Score: 100, Ratio: "1/1"},
		Conditions:         readyCond(metav1.ConditionTrue, v1alpha1.ReasonChecksPassed, "all 1 required check passes"),
	})
	stale := &v1alpha1.ProductionReadiness{}
	if err := c.Get(context.Background(), client.ObjectKey{Namespace: "status-stale", Name: "ledger"}, stale); err != nil {
		t.Fatal(err)
	}
	stale.Spec.Profile = "strict"
	if err := c.Update(context.Background(), stale); err != nil || stale.Generation != 2 {
		t.Fatalf("changing the spec: %v (generation %d)", err, stale.Generation)
	}

	t.Run("table", func(t *testing.T) {
		r := runCLI(t, "", "status", "-n", "status-shop", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		lines := strings.Split(r.stdout, "\n")
		assertFields(t, lines[0], "NAMESPACE/NAME", "TARGET", "READY", "REASON", "PASSED")
		assertFields(t, findLine(t, lines, "status-shop/cart "), "status-shop/cart", "Deployment/cart", "True", "ChecksPassed", "2/2")
		assertFields(t, findLine(t, lines, "status-shop/checkout "), "status-shop/checkout", "Deployment/checkout-web", "False", "ChecksFailed", "2/3")
		assertFields(t, findLine(t, lines, "status-shop/fresh "), "status-shop/fresh", "Deployment/fresh", "Unknown", "NotReconciled", "-")
		assertFields(t, findLine(t, lines, "status-shop/orphan "), "status-shop/orphan", "Deployment/gone", "False", "TargetNotFound", "-")
		assertContains(t, "status table", r.stdout,
			"status-shop/checkout:\n",
			`  FAIL  probe-readiness      container "api" has no readinessProbe`,
			`  WARN  image-digest-pinned  container "api" image "api:1.0" is not pinned by digest`,
			"status-shop/orphan:\n  TargetNotFound: Deployment \"gone\" not found")
		if strings.Contains(r.stdout, "status-other") {
			t.Errorf("-n status-shop listed another namespace:\n%s", r.stdout)
		}
		if strings.Contains(r.stdout, "resources-requests") {
			t.Errorf("passing checks are not listed:\n%s", r.stdout)
		}
	})

	t.Run("json", func(t *testing.T) {
		r := runCLI(t, "", "status", "-n", "status-shop", "checkout", "cart", "-o", "json", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		var rep Report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("status -o json is not a Report: %v\n%s", err, r.stdout)
		}
		if len(rep.Results) != 2 {
			t.Fatalf("names select 2 objects, got %d", len(rep.Results))
		}
		cart, checkout := rep.Results[0], rep.Results[1]
		if cart.Readiness != "cart" || !cart.Ready || cart.Reason != "ChecksPassed" || cart.Promotable == nil || !*cart.Promotable {
			t.Errorf("cart = %+v", cart)
		}
		want := WorkloadRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "status-shop", Name: "checkout-web"}
		if checkout.Workload != want || checkout.Ready || checkout.Profile != "production" || checkout.Summary.Failed != 1 || len(checkout.Checks) != 3 {
			t.Errorf("checkout = %+v", checkout)
		}
		if checkout.Checks[0].Result != v1alpha1.ResultFail || checkout.Checks[0].Message != `container "api" has no readinessProbe` {
			t.Errorf("checks are copied from status: %+v", checkout.Checks[0])
		}
	})

	t.Run("all namespaces", func(t *testing.T) {
		r := runCLI(t, "", "status", "-A", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		assertContains(t, "status -A", r.stdout, "status-other/billing", "status-shop/checkout")
		assertFields(t, findLine(t, strings.Split(r.stdout, "\n"), "status-stale/ledger "), "status-stale/ledger", "Deployment/ledger", "Unknown", "NotReconciled", "1/1")
	})

	t.Run("fleet summary", func(t *testing.T) {
		r := runCLI(t, "", "status", "-A", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		lines := strings.Split(r.stdout, "\n")
		assertFields(t, lines[0], "NAMESPACE", "WORKLOADS", "READY", "NOT", "READY", "TOP", "FAILING", "CHECKS")
		assertFields(t, findLine(t, lines, "status-shop "), "status-shop", "4", "1", "3", "probe-readiness", "(1)")
		assertFields(t, findLine(t, lines, "status-other "), "status-other", "1", "1", "0", "-")
		assertFields(t, findLine(t, lines, "status-stale "), "status-stale", "1", "0", "1", "-")
		if i := strings.Index(r.stdout, "NAMESPACE/NAME"); i < strings.Index(r.stdout, "status-other ") {
			t.Errorf("the summary comes before the per-object list:\n%s", r.stdout)
		}

		for _, d := range []struct{ name, team string }{{"checkout-web", "payments"}, {"cart", "payments"}, {"billing", "finance"}} {
			ns := "status-shop"
			if d.name == "billing" {
				ns = "status-other"
			}
			dep := testenv.GoodDeployment(ns, d.name)
			dep.Labels["team"] = d.team
			if err := c.Create(context.Background(), dep); err != nil {
				t.Fatal(err)
			}
		}
		r = runCLI(t, "", "status", "-A", "--by", "team", "-o", "json", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		var rep Report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(rep.Fleet)
		want := `[{"group":"\u003cnone\u003e","workloads":3,"ready":0,"notReady":3},` +
			`{"group":"finance","workloads":1,"ready":1,"notReady":0},` +
			`{"group":"payments","workloads":2,"ready":1,"notReady":1,"failingChecks":[{"id":"probe-readiness","count":1}]}]`
		if string(got) != want {
			t.Errorf("fleet by team:\n got %s\nwant %s", got, want)
		}
		r = runCLI(t, "", "status", "-A", "--by", "team", "--kubeconfig", kc, "--context", envtestContext)
		assertFields(t, strings.Split(r.stdout, "\n")[0], "TEAM", "WORKLOADS", "READY", "NOT", "READY", "TOP", "FAILING", "CHECKS")
	})

	t.Run("the context's namespace by default", func(t *testing.T) {
		r := runCLI(t, "", "status", "--kubeconfig", kc, "--context", envtestContext)
		if r.code != ExitOK || r.stdout != "" || !strings.Contains(r.stderr, `No ProductionReadiness found in namespace "default"`) {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("the current context is unreachable", func(t *testing.T) {
		r := runCLI(t, "", "status", "--kubeconfig", kc)
		if r.code != ExitError || !strings.Contains(r.stderr, "cannot reach the cluster at https://127.0.0.1:1") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})

	t.Run("usage errors", func(t *testing.T) {
		for _, args := range [][]string{
			{"status", "-A", "-n", "x", "--kubeconfig", kc},
			{"status", "-o", "sarif", "--kubeconfig", kc},
			{"status", "--context", "nope", "--kubeconfig", kc},
		} {
			if r := runCLI(t, "", args...); r.code != ExitError {
				t.Errorf("%v: exit %d, want 2", args, r.code)
			}
		}
	})
}

// findLine returns the line starting with prefix.
func findLine(t *testing.T, lines []string, prefix string) string {
	t.Helper()
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line starts with %q in:\n%s", prefix, strings.Join(lines, "\n"))
	return ""
}

// assertFields asserts a table row's whitespace-separated fields.
func assertFields(t *testing.T, line string, want ...string) {
	t.Helper()
	if got := strings.Fields(line); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row %q: fields %q, want %q", line, got, want)
	}
}
