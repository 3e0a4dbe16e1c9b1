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

package v1alpha1

import (
	"encoding/json"
	"slices"
	"testing"
)

func compactFixture() []CheckResult {
	return []CheckResult{
		{ID: "probe-readiness", Category: "health", Enforcement: EnforcementRequired, Result: ResultPass, Message: "ok"},
		{ID: "pdb-present", Category: "availability", Enforcement: EnforcementRequired, Result: ResultFail, Message: "no PDB"},
		{ID: "spread-zones", Category: "availability", Enforcement: EnforcementAdvisory, Result: ResultWarn, Message: "no spread"},
		{ID: "replicas-minimum", Category: "availability", Enforcement: EnforcementRequired, Result: ResultPass, Message: "2 replicas"},
		{ID: "cronjob-starting-deadline", Category: "batch", Enforcement: EnforcementAdvisory, Result: ResultSkip, Message: "not a CronJob"},
	}
}

// A compacted status keeps the results that do not pass, in order, and still tells whether a
// list is the whole one it was made from.
func TestCompactChecks(t *testing.T) {
	st := ProductionReadinessStatus{Checks: compactFixture()}
	if st.ChecksCompacted() || !st.SameChecks(compactFixture()) {
		t.Fatal("an uncompacted status compares its list as it is")
	}
	st.CompactChecks()
	if !st.ChecksCompacted() {
		t.Fatal("not compacted")
	}
	var ids []string
	for _, c := range st.Checks {
		ids = append(ids, c.ID)
	}
	if want := []string{"pdb-present", "spread-zones", "cronjob-starting-deadline"}; !slices.Equal(ids, want) || cap(st.Checks) != len(st.Checks) {
		t.Errorf("kept %v (cap %d), want %v", ids, cap(st.Checks), want)
	}
	if !st.SameChecks(compactFixture()) {
		t.Error("the whole list is not the same as its compacted status")
	}
	for name, change := range map[string]func([]CheckResult) []CheckResult{
		"a Pass message":   func(c []CheckResult) []CheckResult { c[3].Message = "3 replicas"; return c },
		"a Pass category":  func(c []CheckResult) []CheckResult { c[0].Category = "probes"; return c },
		"a result":         func(c []CheckResult) []CheckResult { c[0].Result = ResultFail; return c },
		"the order":        func(c []CheckResult) []CheckResult { c[0], c[3] = c[3], c[0]; return c },
		"one less":         func(c []CheckResult) []CheckResult { return c[1:] },
		"one more":         func(c []CheckResult) []CheckResult { return append(c, CheckResult{ID: "x", Result: ResultPass}) },
		"none":             func([]CheckResult) []CheckResult { return nil },
		"fields run on":    func(c []CheckResult) []CheckResult { c[0].ID, c[0].Category = "probe-readinesshealth", ""; return c },
		"only what passes": func(c []CheckResult) []CheckResult { return []CheckResult{c[0], c[3]} },
	} {
		if st.SameChecks(change(compactFixture())) {
			t.Errorf("%s: a different list compares as the same", name)
		}
	}
	again := st
	again.CompactChecks()
	if !slices.Equal(again.Checks, st.Checks) || !again.SameChecks(compactFixture()) {
		t.Error("compacting twice changed the status")
	}
	if cp := st.DeepCopy(); !cp.ChecksCompacted() || !cp.SameChecks(compactFixture()) {
		t.Error("a deep copy lost the compaction")
	}
	if got, want := mustMarshal(t, st), mustMarshal(t, ProductionReadinessStatus{Checks: st.Checks}); got != want {
		t.Errorf("the digest is serialized: %s", got)
	}
	st.SetChecks(compactFixture())
	if st.ChecksCompacted() || len(st.Checks) != 5 {
		t.Error("SetChecks leaves a whole list")
	}
	empty := ProductionReadinessStatus{}
	empty.CompactChecks()
	if !empty.ChecksCompacted() || !empty.SameChecks(nil) || empty.SameChecks(compactFixture()) {
		t.Error("an empty list compacts too")
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
