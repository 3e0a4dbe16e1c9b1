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

package customcheck_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/customcheck"
)

// hugeWorkload is a Deployment with n containers, each with a few env vars and ports.
func hugeWorkload(n int) string {
	var b strings.Builder
	b.WriteString("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: huge, namespace: shop}\nspec:\n  selector: {matchLabels: {app: huge}}\n  template:\n    metadata: {labels: {app: huge}}\n    spec:\n      containers:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - name: c%d\n        image: app:1\n        env: [{name: A, value: a1}, {name: B, value: b1}]\n        ports: [{containerPort: %d}]\n", i, 1000+i)
	}
	return b.String()
}

// quadratic passes the estimated cost budget (32 containers assumed) but is quadratic in the
// containers at runtime.
const quadratic = "containers.all(a, containers.all(b, a.name == b.name || a.ports[0].containerPort != b.ports[0].containerPort))"

// TestCostLimit: a rule that iterates over more, or longer, values than its estimate assumed
// stops at the runtime cost limit with Error; rules that each stay within the per-rule limit but
// together exceed the per-check limit stop too; the other checks are unaffected. The costs come
// from a 50k-character annotation matched against a 40-character regular expression (about
// 50,000 units a match, at runtime; 520 in the estimate, which assumes 512-character strings):
// the limits are reached in a few matches, far from the time limit even with -race.
func TestCostLimit(t *testing.T) {
	workload := strings.Replace(hugeWorkload(100), "metadata: {name: huge, namespace: shop}",
		"metadata: {name: huge, namespace: shop, annotations: {blob: "+strings.Repeat("b", 50_000)+"}}", 1)
	s := snap(t, workload)
	match := fmt.Sprintf("!object.metadata.annotations['blob'].matches('(%s)')", strings.Repeat("a", 38))
	rp := profileOf(
		v1alpha1.CustomCheck{ID: "over-limit", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "containers.all(c, " + match + ")"}}},
		v1alpha1.CustomCheck{ID: "linear", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "containers.all(c, c.image == 'app:1')"}}},
		// 16 rules of about 500k each (10 matches): within the per-rule limit, over the per-check one at the 4th.
		v1alpha1.CustomCheck{ID: "many-rules", Title: "t", Rules: repeatRule("containers.filter(c, c.name.size() < 3).all(c, "+match+")", 16)},
	)
	got := evaluate(t, rp, s)
	if r := got["over-limit"]; r.Result != v1alpha1.ResultError || r.Message != "rule 0 could not be evaluated: it exceeded the cost limit of 1000000 (too many items to iterate over)" {
		t.Errorf("over-limit: %s %q", r.Result, r.Message)
	}
	if r := got["linear"]; r.Result != v1alpha1.ResultPass {
		t.Errorf("linear: %s %q", r.Result, r.Message)
	}
	if r := got["many-rules"]; r.Result != v1alpha1.ResultError || r.Message != "rule 3: the check's rules exceeded the cost limit of 2000000 per evaluation" {
		t.Errorf("many-rules: %s %q", r.Result, r.Message)
	}
}

// TestHugeListBounded: on a 10k-container workload a quadratic rule reports Error within the
// time limit, whichever limit it reaches first.
func TestHugeListBounded(t *testing.T) {
	s := snap(t, hugeWorkload(10_000))
	rp := profileOf(v1alpha1.CustomCheck{ID: "quadratic", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: quadratic}}})
	start := time.Now()
	r := evaluate(t, rp, s)["quadratic"]
	elapsed := time.Since(start)
	if r.Result != v1alpha1.ResultError || !strings.Contains(r.Message, "limit") {
		t.Errorf("%s %q", r.Result, r.Message)
	}
	if elapsed > 2*time.Second {
		t.Errorf("evaluation took %s", elapsed)
	}
}

func repeatRule(expr string, n int) []v1alpha1.CustomCheckRule {
	out := make([]v1alpha1.CustomCheckRule, n)
	for i := range out {
		out[i] = v1alpha1.CustomCheckRule{Expression: expr}
	}
	return out
}

// BenchmarkHugeList evaluates a rule that reaches the cost limit on a 10k-container workload.
func BenchmarkHugeList(b *testing.B) {
	s := snap(b, hugeWorkload(10_000))
	pol := policy(b, profileOf(v1alpha1.CustomCheck{ID: "quadratic", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: quadratic}}}))
	b.ResetTimer()
	for b.Loop() {
		if r := result(checks.Evaluate(s, pol), "quadratic"); r.Result != v1alpha1.ResultError {
			b.Fatalf("%s %q", r.Result, r.Message)
		}
	}
}

// BenchmarkLinear2k evaluates a linear rule over 2,000 containers (within the limits).
func BenchmarkLinear2k(b *testing.B) {
	s := snap(b, hugeWorkload(2_000))
	pol := policy(b, profileOf(v1alpha1.CustomCheck{ID: "linear", Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "containers.all(c, c.image == 'app:1')"}}}))
	b.ResetTimer()
	for b.Loop() {
		if r := result(checks.Evaluate(s, pol), "linear"); r.Result != v1alpha1.ResultPass {
			b.Fatalf("%s %q", r.Result, r.Message)
		}
	}
}

func policy(tb testing.TB, rp *v1alpha1.ReadinessProfile) *checks.Policy {
	tb.Helper()
	pol, errs := checks.ResolveProfile(rp)
	if len(errs) > 0 {
		tb.Fatal(errs.ToAggregate())
	}
	// Only the custom checks: the built-in ones would dominate the figures.
	var kept []checks.Entry
	for _, e := range pol.Entries {
		if _, builtin := checks.Lookup(e.Check.ID); !builtin {
			kept = append(kept, e)
		}
	}
	pol.Entries = kept
	return pol
}

func result(rep *checks.Report, id string) v1alpha1.CheckResult {
	for _, r := range rep.Results {
		if r.ID == id {
			return r
		}
	}
	return v1alpha1.CheckResult{}
}

// TestCostFigures logs each rule's estimated cost and its actual cost on the test deployment
// and on the 10k-container workload (the figures of docs/custom-checks.md), and checks that the
// actual cost on a workload within the estimate's size bounds stays within the estimate.
func TestCostFigures(t *testing.T) {
	rp := examplesProfile(t)
	small := snap(t, deployment)
	huge := snap(t, hugeWorkload(10_000))
	params := map[string]checks.Params{}
	pol := policy(t, rp)
	for _, e := range pol.Entries {
		params[e.Check.ID] = e.Params
	}
	onHuge := customcheck.RuleCosts(rp, huge, params)
	for i, c := range customcheck.RuleCosts(rp, small, params) {
		t.Logf("%-22s rule %d: estimated %7d, actual %4d on the test Deployment, %7d on 10k containers", c.Check, c.Rule, c.Estimated, c.Actual, onHuge[i].Actual)
		if c.Actual > c.Estimated {
			t.Errorf("%s rule %d: actual cost %d above the estimate %d", c.Check, c.Rule, c.Actual, c.Estimated)
		}
	}
}

// BenchmarkExamples evaluates the five checks of docs/custom-checks.md on an ordinary Deployment
// (one rule each, so ns/op divided by five is the time of one rule).
func BenchmarkExamples(b *testing.B) {
	s := snap(b, deployment)
	pol := policy(b, examplesProfile(b))
	b.ResetTimer()
	for b.Loop() {
		if rep := checks.Evaluate(s, pol); len(rep.Results) != 5 {
			b.Fatal(len(rep.Results))
		}
	}
}

// BenchmarkCompile compiles the five example checks without the cache (what the webhook does
// for a new or changed profile).
func BenchmarkCompile(b *testing.B) {
	rp := examplesProfile(b)
	for i := 0; b.Loop(); i++ {
		fresh := rp.DeepCopy()
		for j := range fresh.Spec.CustomChecks {
			fresh.Spec.CustomChecks[j].Description = fmt.Sprint(i) // a new hash: compiled again
		}
		if _, errs := customcheck.Compile(fresh); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
