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

package checks

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

func exemption(checks []string, containers []string, reason string, expires *time.Time) v1alpha1.Exemption {
	ex := v1alpha1.Exemption{Checks: checks, Containers: containers, Reason: reason}
	if expires != nil {
		ex.Expires = &metav1.Time{Time: *expires}
	}
	return ex
}

func TestExemptions(t *testing.T) {
	probe := func(c *corev1.Container) { c.ReadinessProbe = &corev1.Probe{} }
	past, future := testNow.Add(-time.Hour), testNow.Add(48*time.Hour)
	snap := func() *Snapshot { return withInit(deploy(ctr("api", probe), ctr("worker")), ctr("proxy", asSidecar)) }
	cases := []struct {
		name string
		ex   []v1alpha1.Exemption
		want v1alpha1.Result
		msg  []string
	}{
		{"none", nil, v1alpha1.ResultFail, []string{`"worker"`, `"proxy"`}},
		{"whole workload", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, nil, "batch consumer", nil)},
			v1alpha1.ResultSkip, []string{"exempted: batch consumer"}},
		{"whole workload until a future date", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, nil, "migration", &future)},
			v1alpha1.ResultSkip, []string{"exempted: migration (until 2026-06-03T00:00:00Z)"}},
		{"expired", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, nil, "migration", &past)},
			v1alpha1.ResultFail, []string{"exemption expired at 2026-05-31T23:00:00Z and no longer applies (migration)"}},
		{"some containers", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, []string{"proxy"}, "mesh", nil)},
			v1alpha1.ResultFail, []string{`"worker"`, `container "proxy" exempted: mesh`}},
		{"all failing containers", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, []string{"proxy", "worker"}, "mesh", nil)},
			v1alpha1.ResultPass, []string{"passes apart from exempted containers"}},
		{"unknown container warns", []v1alpha1.Exemption{exemption([]string{"probe-readiness"}, []string{"istio-proxy"}, "mesh", nil)},
			v1alpha1.ResultFail, []string{`warning: exemption names container "istio-proxy"`}},
		{"other check", []v1alpha1.Exemption{exemption([]string{"probe-liveness"}, nil, "n/a", nil)},
			v1alpha1.ResultFail, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := evalCheck(t, &probeReadiness, snap(), nil, tc.ex...)
			if got.Result != tc.want {
				t.Fatalf("result %s, want %s (%s)", got.Result, tc.want, got.Message)
			}
			for _, m := range tc.msg {
				if !strings.Contains(got.Message, m) {
					t.Errorf("message %q lacks %q", got.Message, m)
				}
			}
		})
	}
}

// The report says when the verdict will change by itself: at the next exemption expiry.
func TestNextChange(t *testing.T) {
	soon, later := testNow.Add(time.Hour), testNow.Add(2*time.Hour)
	pol := &Policy{Entries: []Entry{{Check: &probeReadiness, Enforcement: v1alpha1.EnforcementRequired}}, Exemptions: []v1alpha1.Exemption{
		exemption([]string{"probe-readiness"}, nil, "a", &later), exemption([]string{"probe-readiness"}, nil, "b", &soon),
	}}
	r := Evaluate(deploy(ctr("api")), pol)
	if !r.NextChange.Equal(soon) {
		t.Errorf("NextChange = %v, want %v", r.NextChange, soon)
	}
}

func TestSummaryAndVerdict(t *testing.T) {
	results := func(rs ...v1alpha1.CheckResult) *Report {
		r := &Report{Results: rs}
		r.Summary = summarize(rs)
		return r
	}
	res := func(id string, e v1alpha1.Enforcement, r v1alpha1.Result) v1alpha1.CheckResult {
		return v1alpha1.CheckResult{ID: id, Enforcement: e, Result: r, Message: id + " says so"}
	}
	R, A := v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory
	cases := []struct {
		name   string
		report *Report
		reason string
		msg    string
	}{
		{"all pass", results(res("probe-readiness", R, v1alpha1.ResultPass), res("hpa-present", A, v1alpha1.ResultWarn)),
			v1alpha1.ReasonChecksPassed, "all 1 required check pass; 1 advisory warning: hpa-present"},
		{"static failure wins over rollout", results(res("rollout-complete", R, v1alpha1.ResultPending), res("probe-readiness", R, v1alpha1.ResultFail)),
			v1alpha1.ReasonChecksFailed, "1 of 2 required checks fails: probe-readiness. probe-readiness: probe-readiness says so"},
		{"error on a required check fails", results(res("probe-readiness", R, v1alpha1.ResultError)),
			v1alpha1.ReasonChecksFailed, "probe-readiness"},
		{"rollout failed", results(res("rollout-complete", R, v1alpha1.ResultFail), res("probe-readiness", R, v1alpha1.ResultPass)),
			v1alpha1.ReasonRolloutFailed, "rollout-complete says so"},
		{"rollout pending", results(res("rollout-complete", R, v1alpha1.ResultPending), res("probe-readiness", R, v1alpha1.ResultPass)),
			v1alpha1.ReasonRolloutInProgress, "rollout-complete says so"},
		{"advisory rollout pending does not block", results(res("rollout-complete", A, v1alpha1.ResultPending), res("probe-readiness", R, v1alpha1.ResultPass)),
			v1alpha1.ReasonChecksPassed, "all 1 required check pass"},
		{"no required check at all", results(res("rollout-complete", A, v1alpha1.ResultPending)),
			v1alpha1.ReasonNoRequiredChecks, "no Required check applies (0 Required"},
		{"every required check skipped or exempted", results(res("probe-readiness", R, v1alpha1.ResultSkip), res("security-not-privileged", R, v1alpha1.ResultSkip), res("hpa-present", A, v1alpha1.ResultWarn)),
			v1alpha1.ReasonNoRequiredChecks, "no Required check applies (2 Required"},
		{"one required check applies", results(res("probe-readiness", R, v1alpha1.ResultSkip), res("security-not-privileged", R, v1alpha1.ResultPass)),
			v1alpha1.ReasonChecksPassed, "all 2 required checks pass"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.report.Verdict()
			if v.Reason != tc.reason || !strings.Contains(v.Message, tc.msg) {
				t.Errorf("verdict %s %q, want %s containing %q", v.Reason, v.Message, tc.reason, tc.msg)
			}
		})
	}
	s := summarize([]v1alpha1.CheckResult{
		res("a", R, v1alpha1.ResultPass), res("b", R, v1alpha1.ResultPass), res("c", R, v1alpha1.ResultFail),
		res("d", A, v1alpha1.ResultWarn), res("e", R, v1alpha1.ResultSkip), res("f", A, v1alpha1.ResultError), res("g", R, v1alpha1.ResultPending),
	})
	want := v1alpha1.Summary{Required: 5, Passed: 2, Failed: 1, Warnings: 1, Skipped: 1, Errors: 1, Pending: 1, Score: 33, Ratio: "2/6"}
	if s != want {
		t.Errorf("summary %+v, want %+v", s, want)
	}
}

// A panicking check reports Error and the others still run.
func TestPanickingCheckIsIsolated(t *testing.T) {
	boom := &Check{Meta: Meta{ID: "boom"}, Run: func(*Snapshot, Params) Outcome { panic("nil map") }}
	pol := &Policy{Entries: []Entry{
		{Check: boom, Enforcement: v1alpha1.EnforcementRequired},
		{Check: &probeReadiness, Enforcement: v1alpha1.EnforcementRequired},
	}}
	r := Evaluate(deploy(ctr("api")), pol)
	if len(r.Results) != 2 || r.Results[0].Result != v1alpha1.ResultError || !strings.Contains(r.Results[0].Message, "nil map") {
		t.Fatalf("results %+v", r.Results)
	}
	if r.Results[1].Result != v1alpha1.ResultFail {
		t.Errorf("the next check did not run: %+v", r.Results[1])
	}
}

func TestMessagesAreBounded(t *testing.T) {
	var cs []corev1.Container
	for i := 0; i < 200; i++ {
		cs = append(cs, ctr(strings.Repeat("x", 40)+string(rune('a'+i%26))+strings.Repeat("y", i%7)))
	}
	got := evalCheck(t, &probeReadiness, deploy(cs...), nil)
	if len(got.Message) > MaxMessageLength || !strings.HasSuffix(got.Message, "more") {
		t.Errorf("message of %d bytes: %q", len(got.Message), got.Message[len(got.Message)-30:])
	}
	// A single finding too long for the bound is still cut by truncate.
	long := deploy(ctr("api", plainEnv("X", "1")))
	got = evalCheck(t, &probeReadiness, withInit(long, ctr(strings.Repeat("z", 2*MaxMessageLength), asSidecar)), nil)
	if len(got.Message) > MaxMessageLength || !strings.HasSuffix(got.Message, "(truncated)") {
		t.Errorf("message of %d bytes: %q", len(got.Message), got.Message[len(got.Message)-30:])
	}
}

// Kinds outside a check's Kinds report Skip naming the kind.
func TestKindNotApplicable(t *testing.T) {
	c, _ := Lookup("replicas-minimum")
	got := evalCheck(t, c, daemonSet(deploy(ctr("agent"))), nil)
	if got.Result != v1alpha1.ResultSkip || got.Message != "does not apply to a DaemonSet: it has no replica count to scale" {
		t.Errorf("%+v", got)
	}
}

// Every check survives an empty workload and a workload with nil pointers everywhere.
func TestEveryCheckSurvivesEmptyInput(t *testing.T) {
	for _, s := range []*Snapshot{deploy(), statefulSet(deploy()), daemonSet(deploy()), {Now: testNow, Workload: Workload{WorkloadKind: deploy().Workload.WorkloadKind, Object: dep(deploy())}}} {
		s.Workload.Template().Labels = nil
		pol, _ := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: ProfileStrict}, nil)
		for i := range pol.Entries {
			pol.Entries[i].Enforcement = v1alpha1.EnforcementRequired
		}
		for _, r := range Evaluate(s, pol).Results {
			if r.Result == v1alpha1.ResultError {
				t.Errorf("%s on an empty %s: %s", r.ID, s.Workload.Kind(), r.Message)
			}
		}
	}
}

// The checks of one evaluation share their selections (PDBs, Services), but the caller's
// snapshot is never written and the next evaluation selects afresh.
func TestEvaluateSharesSelectionsWithinOneEvaluation(t *testing.T) {
	s := deploy(ctr("api"))
	pol := &Policy{Entries: []Entry{
		{Check: &pdbPresent, Enforcement: v1alpha1.EnforcementRequired},
		{Check: &pdbAllowsDisruption, Enforcement: v1alpha1.EnforcementRequired},
	}}
	r := Evaluate(s, pol)
	if r.Results[0].Result != v1alpha1.ResultFail || r.Results[1].Result != v1alpha1.ResultSkip {
		t.Fatalf("without a PDB: %+v", r.Results)
	}
	if s.selected != nil {
		t.Fatalf("Evaluate wrote the caller's snapshot")
	}
	availWithPDB(s, availPDB("web", availMatch("app", "web"), availMaxUnavailable(intstr.FromInt32(1))))
	r = Evaluate(s, pol)
	if r.Results[0].Result != v1alpha1.ResultPass || r.Results[1].Result != v1alpha1.ResultPass {
		t.Fatalf("with a PDB added: %+v", r.Results)
	}
}

// Many violations are summarised with whole findings only: the message says how many there are
// and ends with a count of the rest, never in the middle of a finding.
func TestManyFindingsAreSummarised(t *testing.T) {
	var cs []corev1.Container
	for i := 0; i < 60; i++ {
		cs = append(cs, ctr(fmt.Sprintf("worker-%02d", i)))
	}
	got := evalCheck(t, &probeReadiness, deploy(cs...), nil)
	if !strings.HasPrefix(got.Message, "60 violations: ") || strings.Contains(got.Message, "(truncated)") {
		t.Fatalf("message not summarised: %q", got.Message)
	}
	if !regexp.MustCompile(`has no readinessProbe[^;]*; and \d+ more$`).MatchString(got.Message) {
		t.Fatalf("message does not end with a whole finding and a count: %q", got.Message[len(got.Message)-80:])
	}
	if len(got.Message) > MaxMessageLength {
		t.Fatalf("message of %d bytes", len(got.Message))
	}
	for _, tc := range []struct {
		msgs []string
		want string
	}{
		{[]string{"a", "b"}, "a; b"},
		{[]string{"aaaaaaaaaaaaaaaaaaaa"}, "aaaaaaaaaaaaaaaaaaaa"},
		{[]string{"aaaa", "bbbb", "cccc"}, "3 violations: aaaa; and 2 more"},
		{[]string{strings.Repeat("x", 40), "y"}, "2 violations: " + strings.Repeat("x", 40) + "; and 1 more"},
	} {
		if got := summarizeFindings(tc.msgs, 12); got != tc.want {
			t.Errorf("summarizeFindings(%q) = %q, want %q", tc.msgs, got, tc.want)
		}
	}
}
