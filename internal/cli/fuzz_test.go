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
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

// FuzzEvaluate decodes arbitrary YAML into snapshots through the manifest reader and
// snapshot.Manifests, as `check` does, and evaluates every workload with every built-in profile
// (and the ProductionReadiness of the input, when it resolves), then renders every format. It
// must never panic, and no check may panic either: the engine turns a check's panic into an
// Error result saying "internal error", which fails the fuzz run too. The seed corpus is every
// check fixture; `go test` runs the seeds, `make fuzz` fuzzes.
func FuzzEvaluate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "checks", "testdata", "*", "*.yaml"))
	files = append(files, mixedInput, filepath.Join("..", "..", "docs", "examples", "shop.yaml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<16 {
			return // inputs are bounded to keep each run fast
		}
		set := readForFuzz(in)
		rep := &Report{Errors: []InputError{}}
		for i := range set.Workloads {
			rep.Results = append(rep.Results, evaluateWorkloadForFuzz(t, set, &set.Workloads[i])...)
		}
		for _, format := range checkFormats {
			if err := renderReport(io.Discard, format, rep, renderOptions{verbose: true, color: true}); err != nil {
				t.Fatalf("rendering %s: %v", format, err)
			}
		}
	})
}

// readForFuzz reads an input as `check` does; malformed documents are the CLI's input errors.
func readForFuzz(in []byte) *snapshot.Manifests {
	set := snapshot.NewManifests("default")
	rd := manifest.NewReader(bytes.NewReader(in), "fuzz.yaml")
	for {
		doc, err := rd.Next()
		if err != nil {
			return set
		}
		_ = set.Add(doc)
	}
}

// evaluateWorkloadForFuzz evaluates a workload with every built-in profile and with its
// ProductionReadiness when that resolves.
func evaluateWorkloadForFuzz(t *testing.T, set *snapshot.Manifests, w *snapshot.WorkloadDoc) []Result {
	t.Helper()
	s := set.Snapshot(w, fixedNow)
	var out []Result
	for _, name := range checks.BuiltinProfiles {
		pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: name}, set.ProfileGetter())
		if len(errs) > 0 {
			t.Fatalf("built-in profile %s does not resolve: %v", name, errs.ToAggregate())
		}
		out = append(out, evaluateForFuzz(t, s, pol, ""))
	}
	if pr, ok := set.ReadinessFor(w); ok {
		if pol, errs := checks.Resolve(&pr.Object.Spec, set.ProfileGetter()); len(errs) == 0 {
			out = append(out, evaluateForFuzz(t, s, pol, pr.Object.Name))
		}
	}
	return out
}

func evaluateForFuzz(t *testing.T, s *checks.Snapshot, pol *checks.Policy, readiness string) Result {
	t.Helper()
	r := checks.Evaluate(s, pol)
	for _, res := range r.Results {
		if res.Result == v1alpha1.ResultError && strings.Contains(res.Message, "internal error") {
			t.Fatalf("check %s panicked on %s (profile %s): %s", res.ID, s.Workload.String(), pol.Profile, res.Message)
		}
	}
	return resultOf(&s.Workload, manifest.Source{File: "fuzz.yaml", Line: 1}, readiness, pol, r)
}
