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
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

func orgProfile(name string, mods ...func(*v1alpha1.ReadinessProfile)) *v1alpha1.ReadinessProfile {
	rp := &v1alpha1.ReadinessProfile{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v1alpha1.ReadinessProfileSpec{BasedOn: ProfileBaseline}}
	for _, m := range mods {
		m(rp)
	}
	return rp
}

func getter(profiles ...*v1alpha1.ReadinessProfile) ProfileGetter {
	return func(name string) (*v1alpha1.ReadinessProfile, bool) {
		for _, p := range profiles {
			if p.Name == name {
				return p, true
			}
		}
		return nil, false
	}
}

func TestResolveBuiltinProfiles(t *testing.T) {
	for _, name := range BuiltinProfiles {
		pol, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: name}, nil)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		if len(pol.Entries) != len(All()) {
			t.Fatalf("%s: %d entries, want %d", name, len(pol.Entries), len(All()))
		}
		for _, e := range pol.Entries {
			if e.Enforcement != BuiltinEnforcement(name, e.Check.ID) {
				t.Errorf("%s/%s: enforcement %s", name, e.Check.ID, e.Enforcement)
			}
		}
	}
	for profile, want := range map[string]bool{ProfileBaseline: false, ProfileProduction: false, ProfileStrict: true} {
		pol, _ := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: profile}, nil)
		if e, _ := pol.Entry("network-policy"); e.Params.Bool("egress") != want {
			t.Errorf("%s: network-policy egress = %v, want %v", profile, e.Params.Bool("egress"), want)
		}
	}
	pol, _ := Resolve(&v1alpha1.ProductionReadinessSpec{}, nil)
	if pol.Profile != ProfileProduction {
		t.Errorf("empty profile resolved to %q, want production", pol.Profile)
	}
}

// Bad input is reported with the field path, the check and the param, all at once.
func TestResolveErrorsNameTheField(t *testing.T) {
	cases := []struct {
		name string
		spec v1alpha1.ProductionReadinessSpec
		want []string
	}{
		{"unknown check id", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "probe-readyness"}}},
			[]string{`spec.checks[0].id`, `"probe-readyness"`, "unknown check id"}},
		{"param not an integer", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "abc"}}}},
			[]string{`spec.checks[0].params[min]`, `check "replicas-minimum"`, `"abc" is not an integer`}},
		{"param below minimum", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "0"}}}},
			[]string{`params[min]`, "below the minimum 1"}},
		{"empty list param", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "image-registry-allowed", Params: map[string]string{"registries": ""}}}},
			[]string{`params[registries]`, `check "image-registry-allowed"`, "empty"}},
		{"bool param", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "resources-limits", Params: map[string]string{"cpu": "yes please"}}}},
			[]string{`params[cpu]`, "not a boolean"}},
		{"unknown param", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"minimum": "3"}}}},
			[]string{`params[minimum]`, "unknown param", "takes min"}},
		{"param on a check without params", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "probe-readiness", Params: map[string]string{"x": "1"}}}},
			[]string{`params[x]`, "takes no params"}},
		{"duplicate override", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "probe-readiness"}, {ID: "probe-readiness"}}},
			[]string{`spec.checks[1].id`, "Duplicate"}},
		{"unknown profile", v1alpha1.ProductionReadinessSpec{Profile: "prod"},
			[]string{`spec.profile`, `"prod"`, "no ReadinessProfile"}},
		{"exemption of unknown check", v1alpha1.ProductionReadinessSpec{Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-readiness", "nope"}, Reason: "r"}}},
			[]string{`spec.exemptions[0].checks[1]`, `"nope"`}},
		{"exemption without reason", v1alpha1.ProductionReadinessSpec{Exemptions: []v1alpha1.Exemption{{Checks: []string{"probe-readiness"}, Reason: "  "}}},
			[]string{`spec.exemptions[0].reason`}},
		{"several errors at once", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "x"}, {ID: "replicas-minimum", Params: map[string]string{"min": "-3"}}}},
			[]string{`spec.checks[0].id`, `spec.checks[1].params[min]`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pol, errs := Resolve(&tc.spec, nil)
			if len(errs) == 0 {
				t.Fatalf("no error; policy %v", pol)
			}
			msg := errs.ToAggregate().Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestResolveOverrides(t *testing.T) {
	pol, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: ProfileBaseline, Checks: []v1alpha1.CheckOverride{
		{ID: "replicas-minimum", Enforcement: v1alpha1.EnforcementRequired, Params: map[string]string{"min": "3"}},
		{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementDisabled},
		{ID: "resources-limits", Params: map[string]string{"cpu": "true"}},
	}}, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	e, _ := pol.Entry("replicas-minimum")
	if e.Enforcement != v1alpha1.EnforcementRequired || e.Params.Int("min") != 3 {
		t.Errorf("replicas-minimum = %s min=%d", e.Enforcement, e.Params.Int("min"))
	}
	e, _ = pol.Entry("probe-readiness")
	if e.Enforcement != v1alpha1.EnforcementDisabled {
		t.Errorf("probe-readiness = %s", e.Enforcement)
	}
	e, _ = pol.Entry("resources-limits")
	if e.Enforcement != v1alpha1.EnforcementDisabled || !e.Params.Bool("cpu") {
		t.Errorf("resources-limits keeps the profile's enforcement and takes the param: %s cpu=%v", e.Enforcement, e.Params.Bool("cpu"))
	}
}

func TestResolveOrganisationProfile(t *testing.T) {
	platform := orgProfile("platform", func(rp *v1alpha1.ReadinessProfile) {
		rp.Spec.Checks = []v1alpha1.CheckOverride{
			{ID: "replicas-minimum", Enforcement: v1alpha1.EnforcementRequired, Params: map[string]string{"min": "3"}},
			{ID: "labels-recommended", Enforcement: v1alpha1.EnforcementRequired, Params: map[string]string{"required": "team"}},
		}
		rp.Spec.DisallowExemptions = []string{"replicas-minimum", "security-not-privileged"}
	})
	get := getter(platform, orgProfile("broken", func(rp *v1alpha1.ReadinessProfile) {
		rp.Spec.Checks = []v1alpha1.CheckOverride{{ID: "nope"}}
	}))

	pol, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: "platform"}, get)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if pol.BasedOn != ProfileBaseline || pol.Profile != "platform" {
		t.Errorf("policy %s based on %s", pol.Profile, pol.BasedOn)
	}
	e, _ := pol.Entry("replicas-minimum")
	if e.Enforcement != v1alpha1.EnforcementRequired || e.Params.Int("min") != 3 {
		t.Errorf("replicas-minimum = %s min=%d", e.Enforcement, e.Params.Int("min"))
	}
	e, _ = pol.Entry("probe-liveness")
	if e.Enforcement != v1alpha1.EnforcementDisabled {
		t.Errorf("probe-liveness should keep baseline's Disabled, got %s", e.Enforcement)
	}

	for name, tc := range map[string]struct {
		spec v1alpha1.ProductionReadinessSpec
		want string
	}{
		"exempting a disallowed check": {v1alpha1.ProductionReadinessSpec{Profile: "platform", Exemptions: []v1alpha1.Exemption{{Checks: []string{"replicas-minimum"}, Reason: "r"}}},
			`spec.exemptions[0].checks[0]: Forbidden: ReadinessProfile "platform" disallows exemptions for check "replicas-minimum"`},
		"weakening a disallowed check": {v1alpha1.ProductionReadinessSpec{Profile: "platform", Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Enforcement: v1alpha1.EnforcementAdvisory}}},
			`spec.checks[0].enforcement: Forbidden`},
		"changing params of a disallowed check": {v1alpha1.ProductionReadinessSpec{Profile: "platform", Checks: []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "1"}}}},
			`spec.checks[0].params: Forbidden`},
		"an invalid organisation profile": {v1alpha1.ProductionReadinessSpec{Profile: "broken"},
			`ReadinessProfile "broken" is invalid: spec.checks[0].id`},
	} {
		t.Run(name, func(t *testing.T) {
			_, errs := Resolve(&tc.spec, get)
			if msg := errs.ToAggregate(); msg == nil || !strings.Contains(msg.Error(), tc.want) {
				t.Fatalf("error %v does not contain %q", msg, tc.want)
			}
		})
	}
	// Strengthening a disallowed check is fine.
	if _, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: "platform", Checks: []v1alpha1.CheckOverride{{ID: "security-not-privileged", Enforcement: v1alpha1.EnforcementRequired}}}, get); len(errs) > 0 {
		t.Errorf("strengthening refused: %v", errs)
	}
}

func TestResolveProfileErrors(t *testing.T) {
	rp := orgProfile("p", func(rp *v1alpha1.ReadinessProfile) {
		rp.Spec.BasedOn = "prod"
	})
	if _, errs := ResolveProfile(rp); len(errs) == 0 || !strings.Contains(errs.ToAggregate().Error(), "spec.basedOn") {
		t.Errorf("bad basedOn: %v", errs)
	}
	rp = orgProfile("p", func(rp *v1alpha1.ReadinessProfile) {
		rp.Spec.Checks = []v1alpha1.CheckOverride{{ID: "hpa-valid", Params: map[string]string{"min": "two"}}}
		rp.Spec.DisallowExemptions = []string{"unknown-check"}
	})
	_, errs := ResolveProfile(rp)
	msg := errs.ToAggregate().Error()
	for _, w := range []string{`spec.checks[0].params[min]`, `spec.disallowExemptions[0]`} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q lacks %q", msg, w)
		}
	}
}
