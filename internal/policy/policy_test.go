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

package policy

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	_ "github.com/prodready/prodready/internal/customcheck" // the CEL compiler of custom checks
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func pol(name, profile string, mut ...func(*v1alpha1.ReadinessPolicy)) *v1alpha1.ReadinessPolicy {
	p := &v1alpha1.ReadinessPolicy{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessPolicySpec{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"env": "production"}},
		Profile:           profile,
	}}
	for _, m := range mut {
		m(p)
	}
	return p
}

func at(d time.Duration) *metav1.Time { t := metav1.NewTime(now.Add(d)); return &t }

// orgProfiles holds one ReadinessProfile, "payments", that forbids exempting secrets-no-plaintext.
func orgProfiles(name string) (*v1alpha1.ReadinessProfile, bool) {
	if name == "acme" {
		return &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessProfileSpec{
			BasedOn: checks.ProfileBaseline,
			CustomChecks: []v1alpha1.CustomCheck{{ID: "acme-owner-label", Title: "An owner label",
				Rules: []v1alpha1.CustomCheckRule{{Expression: "true"}}}},
		}}, true
	}
	if name != "payments" {
		return nil, false
	}
	return &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessProfileSpec{
		BasedOn:            checks.ProfileBaseline,
		Checks:             []v1alpha1.CheckOverride{{ID: "replicas-minimum", Enforcement: v1alpha1.EnforcementRequired, Params: map[string]string{"min": "3"}}},
		DisallowExemptions: []string{"secrets-no-plaintext"},
	}}, true
}

func TestApplicable(t *testing.T) {
	prod := map[string]string{"env": "production"}
	all := pol("all", "", func(p *v1alpha1.ReadinessPolicy) { p.Spec.NamespaceSelector = &metav1.LabelSelector{} })
	web := pol("web", "", func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.WorkloadSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "web"}}
		p.Spec.Kinds = []string{"Deployment"}
	})
	bad := pol("bad", "", func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.NamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: "Bogus"}}}
	})
	policies := []v1alpha1.ReadinessPolicy{*web, *all, *bad}
	cases := []struct {
		name string
		t    Target
		want string
	}{
		{"every namespace, default kinds, unknown workload", Target{NamespaceLabels: nil, Kind: "Deployment"}, "all"},
		{"default kinds leave Job out", Target{NamespaceLabels: prod, Kind: "Job"}, ""},
		{"workload selector taken to match an unknown workload", Target{NamespaceLabels: prod, Kind: "Deployment"}, "all,web"},
		{"workload selector matches", Target{NamespaceLabels: prod, Kind: "Deployment", WorkloadLabels: map[string]string{"tier": "web"}}, "all,web"},
		{"workload selector does not match", Target{NamespaceLabels: prod, Kind: "Deployment", WorkloadLabels: map[string]string{"tier": "db"}}, "all"},
		{"kind not listed", Target{NamespaceLabels: prod, Kind: "StatefulSet", WorkloadLabels: map[string]string{"tier": "web"}}, "all"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var names []string
			for _, p := range Applicable(policies, tc.t) {
				names = append(names, p.Name)
			}
			if got := strings.Join(names, ","); got != tc.want {
				t.Errorf("applicable = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		p    *v1alpha1.ReadinessPolicy
		want string // substring of the errors; "" = valid
	}{
		{"valid built-in", pol("p", "strict"), ""},
		{"valid organisation profile", pol("p", "payments"), ""},
		{"unknown profile", pol("p", "nope"), `spec.profile: Not found: "nope"`},
		{"selector missing", pol("p", "", func(p *v1alpha1.ReadinessPolicy) { p.Spec.NamespaceSelector = nil }), "spec.namespaceSelector: Required"},
		{"bad selector", pol("p", "", func(p *v1alpha1.ReadinessPolicy) {
			p.Spec.WorkloadSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "In"}}}
		}), "spec.workloadSelector: Invalid value"},
		{"unknown kind", pol("p", "", func(p *v1alpha1.ReadinessPolicy) { p.Spec.Kinds = []string{"ReplicaSet"} }), `spec.kinds[0]: Unsupported value: "ReplicaSet"`},
		{"bad maxDuration", pol("p", "", func(p *v1alpha1.ReadinessPolicy) {
			p.Spec.Exemptions = &v1alpha1.ExemptionGovernance{MaxDuration: "30d"}
		}), `spec.exemptions.maxDuration: Invalid value: "30d"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := Validate(tc.p, orgProfiles)
			got := errs.ToAggregate()
			switch {
			case tc.want == "" && got != nil:
				t.Fatalf("unexpected errors: %v", got)
			case tc.want != "" && (got == nil || !strings.Contains(got.Error(), tc.want)):
				t.Fatalf("errors %v, want one containing %q", got, tc.want)
			}
		})
	}
}

func TestResolveWithFloor(t *testing.T) {
	requireExpiry := func(p *v1alpha1.ReadinessPolicy) {
		p.Spec.Exemptions = &v1alpha1.ExemptionGovernance{RequireExpiry: true, MaxDuration: "720h"}
	}
	cases := []struct {
		name     string
		spec     v1alpha1.ProductionReadinessSpec
		policies []*v1alpha1.ReadinessPolicy
		errs     []string // substrings, each expected
		// want: check id -> "Enforcement" or "Enforcement min=N" for replicas-minimum
		want map[string]string
	}{
		{name: "no policy: the spec as written", spec: v1alpha1.ProductionReadinessSpec{Profile: "baseline"},
			want: map[string]string{"probe-liveness": "Disabled", "replicas-minimum": "Disabled"}},
		{name: "a weaker profile is raised to the floor", spec: v1alpha1.ProductionReadinessSpec{Profile: "baseline"},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production")},
			want:     map[string]string{"probe-liveness": "Required", "image-digest-pinned": "Advisory", "replicas-minimum": "Required min=2"}},
		{name: "a team may be stricter", spec: v1alpha1.ProductionReadinessSpec{Profile: "strict"},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "baseline")},
			want:     map[string]string{"image-digest-pinned": "Required", "probe-liveness": "Required"}},
		{name: "a team may make an advisory floor check Required", spec: v1alpha1.ProductionReadinessSpec{
			Checks: []v1alpha1.CheckOverride{{ID: "image-digest-pinned", Enforcement: v1alpha1.EnforcementRequired}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production")},
			want:     map[string]string{"image-digest-pinned": "Required"}},
		{name: "weakening override refused", spec: v1alpha1.ProductionReadinessSpec{
			Checks: []v1alpha1.CheckOverride{{ID: "probe-liveness", Enforcement: v1alpha1.EnforcementDisabled}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production")},
			errs:     []string{`spec.checks[0].enforcement: Forbidden: ReadinessPolicy "prod" makes check "probe-liveness" Required in this namespace; it may not be set Disabled`}},
		{name: "disabling an advisory floor check refused", spec: v1alpha1.ProductionReadinessSpec{
			Checks: []v1alpha1.CheckOverride{{ID: "hpa-present", Enforcement: v1alpha1.EnforcementDisabled}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production")},
			errs:     []string{`spec.checks[0].enforcement: Forbidden: ReadinessPolicy "prod" makes check "hpa-present" Advisory`}},
		{name: "changing a floor check's params refused", spec: v1alpha1.ProductionReadinessSpec{
			Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "1"}}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("pay", "payments")},
			errs:     []string{`spec.checks[0].params: Forbidden: ReadinessPolicy "pay" requires check "replicas-minimum" with its profile's params (min=3)`}},
		{name: "the floor's params apply", spec: v1alpha1.ProductionReadinessSpec{Profile: "production"},
			policies: []*v1alpha1.ReadinessPolicy{pol("pay", "payments")},
			want:     map[string]string{"replicas-minimum": "Required min=3"}},
		{name: "forbidden exemption refused", spec: v1alpha1.ProductionReadinessSpec{
			Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-startup", "secrets-no-plaintext"}, Reason: "r", Expires: at(time.Hour)}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("pay", "payments")},
			errs:     []string{`spec.exemptions[0].checks[1]: Forbidden: ReadinessPolicy "pay" disallows exemptions for check "secrets-no-plaintext"`}},
		{name: "expiry required", spec: v1alpha1.ProductionReadinessSpec{
			Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-liveness"}, Reason: "r"}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production", requireExpiry)},
			errs:     []string{`spec.exemptions[0].expires: Required value: ReadinessPolicy "prod" requires every exemption to expire`}},
		{name: "exemption too long", spec: v1alpha1.ProductionReadinessSpec{
			Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-liveness"}, Reason: "r", Expires: at(721 * time.Hour)}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production", requireExpiry)},
			errs:     []string{`spec.exemptions[0].expires: Invalid value: "2026-04-01T10:00:00Z"`, `ReadinessPolicy "prod" allows exemptions of at most 720h0m0s from now`}},
		{name: "exemption within maxDuration", spec: v1alpha1.ProductionReadinessSpec{
			Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-liveness"}, Reason: "r", Expires: at(719 * time.Hour)}}},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production", requireExpiry)},
			want:     map[string]string{"probe-liveness": "Required"}},
		{name: "two policies: the stricter per check, shortest maxDuration", spec: v1alpha1.ProductionReadinessSpec{Profile: "baseline",
			Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-liveness"}, Reason: "r", Expires: at(48 * time.Hour)}}},
			policies: []*v1alpha1.ReadinessPolicy{
				pol("a", "strict", func(p *v1alpha1.ReadinessPolicy) {
					p.Spec.Exemptions = &v1alpha1.ExemptionGovernance{MaxDuration: "24h"}
				}),
				pol("b", "production", requireExpiry)},
			errs: []string{`ReadinessPolicy "a" allows exemptions of at most 24h0m0s`}},
		{name: "two policies combined", spec: v1alpha1.ProductionReadinessSpec{Profile: "baseline"},
			policies: []*v1alpha1.ReadinessPolicy{pol("b", "production"), pol("a", "payments")},
			want:     map[string]string{"image-digest-pinned": "Advisory", "replicas-minimum": "Required min=3", "probe-liveness": "Required"}},
		{name: "the floor's custom checks join another profile", spec: v1alpha1.ProductionReadinessSpec{Profile: "production"},
			policies: []*v1alpha1.ReadinessPolicy{pol("acme", "acme")},
			want:     map[string]string{"acme-owner-label": "Required", "probe-liveness": "Required"}},
		{name: "a policy with an unknown profile is left out", spec: v1alpha1.ProductionReadinessSpec{Profile: "baseline"},
			policies: []*v1alpha1.ReadinessPolicy{pol("broken", "nope")},
			want:     map[string]string{"probe-liveness": "Disabled"}},
		{name: "the spec's own errors come first", spec: v1alpha1.ProductionReadinessSpec{Profile: "nope"},
			policies: []*v1alpha1.ReadinessPolicy{pol("prod", "production")},
			errs:     []string{`spec.profile: Not found: "nope"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, _, errs := Resolve(&tc.spec, orgProfiles, tc.policies, now)
			if len(tc.errs) > 0 {
				if len(errs) == 0 {
					t.Fatalf("no errors, want %q", tc.errs)
				}
				got := errs.ToAggregate().Error()
				for _, e := range tc.errs {
					if !strings.Contains(got, e) {
						t.Errorf("errors %q lack %q", got, e)
					}
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs.ToAggregate())
			}
			for id, want := range tc.want {
				e, ok := p.Entry(id)
				if !ok {
					t.Fatalf("no entry %s", id)
				}
				got := string(e.Enforcement)
				if id == "replicas-minimum" && e.Enforcement != v1alpha1.EnforcementDisabled {
					got += " min=" + e.Params.String("min")
				}
				if got != want {
					t.Errorf("%s: %s, want %s", id, got, want)
				}
			}
		})
	}
}

// Required > Advisory > Disabled.
func TestStricter(t *testing.T) {
	R, A, D := v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory, v1alpha1.EnforcementDisabled
	for _, c := range [][3]v1alpha1.Enforcement{{R, A, R}, {A, R, R}, {A, D, A}, {D, D, D}, {D, R, R}} {
		if got := Stricter(c[0], c[1]); got != c[2] {
			t.Errorf("Stricter(%s, %s) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}
