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

package checks_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

// fixtureNow is the evaluation time of every fixture (exemption expiry is relative to it).
var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// expectations maps a fixture file prefix to the result it must produce.
var expectations = map[string]v1alpha1.Result{
	"pass":    v1alpha1.ResultPass,
	"fail":    v1alpha1.ResultFail,
	"warn":    v1alpha1.ResultWarn,
	"skip":    v1alpha1.ResultSkip,
	"pending": v1alpha1.ResultPending,
	"error":   v1alpha1.ResultError,
}

// TestFixtures evaluates every testdata/<id>/<result>-<name>.yaml: the file holds exactly one
// workload, its related objects and optionally a ProductionReadiness (params, exemptions,
// enforcement). The check under test runs as Required unless that ProductionReadiness sets its
// enforcement, and must produce the result named by the file's prefix.
func TestFixtures(t *testing.T) {
	for _, c := range checks.All() {
		files, _ := filepath.Glob(filepath.Join("testdata", c.ID, "*.yaml"))
		sort.Strings(files)
		for _, file := range files {
			t.Run(c.ID+"/"+strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
				prefix, _, _ := strings.Cut(filepath.Base(file), "-")
				want, ok := expectations[prefix]
				if !ok {
					t.Fatalf("fixture name must start with one of pass-, fail-, warn-, skip-, pending-, error-")
				}
				got, _ := EvaluateFixture(t, file, c.ID)
				if got.Result != want {
					t.Fatalf("%s: result = %s, want %s\nmessage: %s", file, got.Result, want, got.Message)
				}
				if got.Message == "" {
					t.Errorf("%s: empty message", file)
				}
			})
		}
	}
}

// EvaluateFixture evaluates one fixture file for one check and returns that check's result and
// the snapshot it was evaluated on.
func EvaluateFixture(t *testing.T, file, id string) (v1alpha1.CheckResult, *checks.Snapshot) {
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
	set := snapshot.NewManifests("default")
	for _, d := range docs {
		if err := set.Add(d); err != nil {
			t.Fatalf("fixture does not decode: %v", err)
		}
	}
	if len(set.Workloads) != 1 {
		t.Fatalf("%s: a fixture holds exactly one workload, found %d", file, len(set.Workloads))
	}
	w := &set.Workloads[0]
	spec := v1alpha1.ProductionReadinessSpec{Profile: checks.ProfileProduction}
	if pr, ok := set.ReadinessFor(w); ok {
		spec = pr.Object.Spec
	}
	pol, errs := checks.Resolve(&spec, set.ProfileGetter())
	if len(errs) > 0 {
		t.Fatalf("%s: invalid ProductionReadiness: %v", file, errs.ToAggregate())
	}
	e, ok := pol.Entry(id)
	if !ok {
		t.Fatalf("check %q not in policy", id)
	}
	if !overridesEnforcement(&spec, id) {
		e.Enforcement = v1alpha1.EnforcementRequired
	}
	snap := set.Snapshot(w, fixtureNow)
	for _, res := range checks.Evaluate(snap, pol).Results {
		if res.ID == id {
			return res, snap
		}
	}
	t.Fatalf("%s: check %q was not evaluated (Disabled by the fixture?)", file, id)
	return v1alpha1.CheckResult{}, nil
}

// TestSecretsNoPlaintextFixturesNeverLeak evaluates every fixture of secrets-no-plaintext and
// asserts that its message contains no part of any literal env value of the fixture's workload.
func TestSecretsNoPlaintextFixturesNeverLeak(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "secrets-no-plaintext", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got, snap := EvaluateFixture(t, file, "secrets-no-plaintext")
			values := 0
			for _, c := range snap.Workload.AllContainers() {
				for _, e := range c.Env {
					for _, part := range checks.PlainValueParts(e.Value) {
						values++
						if strings.Contains(got.Message, part) {
							t.Errorf("message contains %q, part of the value of %s: %s", part, e.Name, got.Message)
						}
					}
				}
			}
			if values == 0 {
				t.Errorf("fixture has no literal env value to check")
			}
		})
	}
}

func overridesEnforcement(spec *v1alpha1.ProductionReadinessSpec, id string) bool {
	for _, o := range spec.Checks {
		if o.ID == id && o.Enforcement != "" {
			return true
		}
	}
	return false
}

// TestFixtureMessagesReadWell evaluates every fixture and checks the wording rules of messages:
// no nested parentheses, and no "all 1"/"1 ... have" count phrases.
func TestFixtureMessagesReadWell(t *testing.T) {
	countOfOne := regexp.MustCompile(`\b(?:all|of|every \w+ \()1\b|\b1 \w+s (?:have|are|run|do|differ|exist)\b`)
	for _, c := range checks.All() {
		files, _ := filepath.Glob(filepath.Join("testdata", c.ID, "*.yaml"))
		for _, file := range files {
			got, _ := EvaluateFixture(t, file, c.ID)
			depth, deepest := 0, 0
			for _, r := range got.Message {
				switch r {
				case '(':
					depth++
					deepest = max(deepest, depth)
				case ')':
					depth--
				}
			}
			if deepest > 1 {
				t.Errorf("%s: nested parentheses in %q", file, got.Message)
			}
			if m := countOfOne.FindString(got.Message); m != "" {
				t.Errorf("%s: %q reads badly for a count of one: %q", file, m, got.Message)
			}
		}
	}
}
