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

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
)

// withCompiler installs a custom-check compiler for one test.
func withCompiler(t *testing.T, c CustomCompiler) {
	t.Helper()
	customMu.RLock()
	before := customCompiler
	customMu.RUnlock()
	RegisterCustomCompiler(c)
	t.Cleanup(func() { RegisterCustomCompiler(before) })
}

// fakeCompiler compiles every custom check into one that always fails, with the profile's
// enforcement (Required by default).
func fakeCompiler(rp *v1alpha1.ReadinessProfile) ([]CustomEntry, field.ErrorList) {
	var out []CustomEntry
	for _, cc := range rp.Spec.CustomChecks {
		enf := cc.Enforcement
		if enf == "" {
			enf = v1alpha1.EnforcementRequired
		}
		out = append(out, CustomEntry{Enforcement: enf, Check: &Check{
			Meta: Meta{ID: cc.ID, Title: cc.Title, Category: "custom", Params: []ParamSpec{{Name: "max", Type: ParamInt, Default: "3"}}},
			Run:  func(*Snapshot, Params) Outcome { return Violation("custom rule does not hold") },
		}})
	}
	return out, nil
}

func customProfile(ids ...string) *v1alpha1.ReadinessProfile {
	return orgProfile("platform", func(rp *v1alpha1.ReadinessProfile) {
		for _, id := range ids {
			rp.Spec.CustomChecks = append(rp.Spec.CustomChecks, v1alpha1.CustomCheck{ID: id, Title: "t", Rules: []v1alpha1.CustomCheckRule{{Expression: "false"}}})
		}
	})
}

// The hook: custom checks join the policy after the built-in ones, can be overridden, exempted
// and disallowed by id, and may not take a built-in id.
func TestCustomChecksInPolicy(t *testing.T) {
	withCompiler(t, fakeCompiler)
	rp := customProfile("team-owner")
	pol, errs := ResolveProfile(rp)
	if len(errs) > 0 {
		t.Fatal(errs.ToAggregate())
	}
	last := pol.Entries[len(pol.Entries)-1]
	if last.Check.ID != "team-owner" || last.Enforcement != v1alpha1.EnforcementRequired || last.Params.Int("max") != 3 {
		t.Errorf("last entry %s %s %v", last.Check.ID, last.Enforcement, last.Params.Values())
	}

	for _, tc := range []struct {
		name string
		spec v1alpha1.ProductionReadinessSpec
		want string
	}{
		{"override", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "team-owner", Enforcement: v1alpha1.EnforcementAdvisory, Params: map[string]string{"max": "5"}}}}, ""},
		{"bad param", v1alpha1.ProductionReadinessSpec{Checks: []v1alpha1.CheckOverride{{ID: "team-owner", Params: map[string]string{"max": "x"}}}}, "spec.checks[0].params[max]"},
		{"exemption", v1alpha1.ProductionReadinessSpec{Exemptions: []v1alpha1.Exemption{{Checks: []string{"team-owner"}, Reason: "r"}}}, ""},
		{"unknown exemption", v1alpha1.ProductionReadinessSpec{Exemptions: []v1alpha1.Exemption{{Checks: []string{"team-owners"}, Reason: "r"}}}, `spec.exemptions[0].checks[0]: Not found: "team-owners"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.Profile = rp.Name
			_, errs := Resolve(&tc.spec, getter(rp))
			got := errs.ToAggregate()
			switch {
			case tc.want == "" && got != nil:
				t.Errorf("unexpected errors %v", got)
			case tc.want != "" && (got == nil || !strings.Contains(got.Error(), tc.want)):
				t.Errorf("errors %v, want %q", got, tc.want)
			}
		})
	}

	t.Run("disallowed exemption", func(t *testing.T) {
		rp := customProfile("team-owner")
		rp.Spec.DisallowExemptions = []string{"team-owner"}
		_, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: rp.Name, Exemptions: []v1alpha1.Exemption{{Checks: []string{"team-owner"}, Reason: "r"}}}, getter(rp))
		if errs == nil || !strings.Contains(errs.ToAggregate().Error(), `disallows exemptions for check "team-owner"`) {
			t.Errorf("errors %v", errs)
		}
	})
	t.Run("built-in id", func(t *testing.T) {
		_, errs := ResolveProfile(customProfile("pdb-present"))
		if errs == nil || !strings.Contains(errs.ToAggregate().Error(), `spec.customChecks[0].id: Invalid value: "pdb-present": is the id of a built-in check`) {
			t.Errorf("errors %v", errs)
		}
	})
}

// Without a compiler (a binary that does not link internal/customcheck) a profile with custom
// checks is refused, never evaluated without them.
func TestCustomChecksWithoutCompiler(t *testing.T) {
	withCompiler(t, nil)
	_, errs := ResolveProfile(customProfile("team-owner"))
	if errs == nil || !strings.Contains(errs.ToAggregate().Error(), "this build cannot evaluate custom checks") {
		t.Errorf("errors %v", errs)
	}
	if _, errs := ResolveProfile(customProfile()); len(errs) > 0 {
		t.Errorf("a profile without custom checks: %v", errs)
	}
}
