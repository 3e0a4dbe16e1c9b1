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
	"testing"
)

// mixedInput is the golden-test input: a Deployment configured by a ProductionReadiness
// (baseline, an Advisory override that warns, a container exemption), a StatefulSet without one
// (--profile baseline, fails) and a privileged DaemonSet (fails).
const mixedInput = "testdata/mixed.yaml"

// TestRenderGolden renders the same input in every format and compares with
// testdata/golden/mixed.*. Regenerate with: go test ./internal/cli -run Golden -update
func TestRenderGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"mixed.table", nil},
		{"mixed.table-verbose", []string{"-v"}},
		{"mixed.table-color", []string{"--fail-on", "required"}}, // on a terminal
		{"mixed.json", []string{"-o", "json"}},
		{"mixed.yaml", []string{"-o", "yaml"}},
		{"mixed.sarif", []string{"-o", "sarif"}},
		{"mixed.junit.xml", []string{"-o", "junit"}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			args := append([]string{"check", "-f", mixedInput, "--profile", "baseline"}, tc.args...)
			r := runWith(t, runOpts{terminal: tc.golden == "mixed.table-color"}, args...)
			if r.code != ExitFailed {
				t.Fatalf("exit %d, want 1 (two workloads fail); stderr: %s", r.code, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("unexpected stderr: %s", r.stderr)
			}
			golden(t, tc.golden, r.stdout)
		})
	}
}
