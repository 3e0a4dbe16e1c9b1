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
	"encoding/json"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/docs"
)

func TestChecksCommand(t *testing.T) {
	r := runCLI(t, "", "checks")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	assertFields(t, lines[0], "ID", "CATEGORY", "B", "P", "S", "TITLE")
	if len(lines) != len(checks.All())+1 {
		t.Fatalf("%d rows, want one per check (%d)", len(lines)-1, len(checks.All()))
	}
	letters := map[v1alpha1.Enforcement]string{v1alpha1.EnforcementRequired: "R", v1alpha1.EnforcementAdvisory: "A", v1alpha1.EnforcementDisabled: "–"}
	for i, c := range checks.All() {
		f := strings.Fields(lines[i+1])
		want := []string{c.ID, string(c.Category), letters[checks.BuiltinEnforcement("baseline", c.ID)],
			letters[checks.BuiltinEnforcement("production", c.ID)], letters[checks.BuiltinEnforcement("strict", c.ID)]}
		if strings.Join(f[:5], " ") != strings.Join(want, " ") || !strings.HasSuffix(lines[i+1], c.Title) {
			t.Errorf("row %q, want %v ... %s", lines[i+1], want, c.Title)
		}
	}
	assertContains(t, "checks", r.stdout, "probe-readiness", "priority-class")

	for _, format := range []string{"json", "yaml"} {
		r := runCLI(t, "", "checks", "-o", format)
		var list struct {
			Checks []CheckInfo `json:"checks"`
		}
		if err := yaml.Unmarshal([]byte(r.stdout), &list); err != nil || r.code != ExitOK {
			t.Fatalf("%s: exit %d, %v", format, r.code, err)
		}
		if len(list.Checks) != len(checks.All()) {
			t.Fatalf("%s: %d checks", format, len(list.Checks))
		}
		var hv CheckInfo
		for _, c := range list.Checks {
			if c.ID == "hpa-valid" {
				hv = c
			}
		}
		if hv.ID != "hpa-valid" || hv.Enforcement["production"] != v1alpha1.EnforcementRequired || hv.Enforcement["baseline"] != v1alpha1.EnforcementDisabled ||
			len(hv.Params) != 1 || hv.Params[0].Name != "min" || hv.Docs == "" || len(hv.Examples) != 0 {
			t.Errorf("%s: %+v", format, hv)
		}
	}
	if r := runCLI(t, "", "checks", "-o", "sarif"); r.code != ExitError {
		t.Errorf("checks -o sarif: exit %d, want 2", r.code)
	}
}

func TestExplain(t *testing.T) {
	c, _ := checks.Lookup("replicas-minimum")
	r := runCLI(t, "", "explain", "replicas-minimum")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	assertContains(t, "explain", r.stdout,
		"replicas-minimum: "+c.Title,
		"Enforcement  baseline Disabled · production Required · strict Required",
		"WHAT IT CHECKS", "WHY IT MATTERS IN PRODUCTION", "HOW TO FIX",
		"PARAMETERS\n  min (int, default \"2\")",
		"EXAMPLES", "Passes: pass-three-replicas.yaml", "Fails: fail-single-replica.yaml",
		"    kind: Deployment", "docs/checks/replicas-minimum.md")
	for _, para := range []string{c.Description, c.Rationale, c.Remediation} {
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), strings.Join(strings.Fields(para), " ")) {
			t.Errorf("explain does not include %q", para)
		}
	}

	md := runCLI(t, "", "explain", "replicas-minimum", "-o", "markdown")
	if md.stdout != docs.CheckPage(c) {
		t.Error("explain -o markdown is not the generated docs page")
	}
	js := runCLI(t, "", "explain", "replicas-minimum", "-o", "json")
	var info CheckInfo
	if err := json.Unmarshal([]byte(js.stdout), &info); err != nil || info.ID != c.ID || len(info.Examples) != len(checks.Examples(c.ID)) {
		t.Errorf("explain -o json: %v %+v", err, info)
	}
}

func TestExplainUnknown(t *testing.T) {
	cases := map[string]string{
		"probe-readyness":  `did you mean "probe-readiness"?`,
		"replicas-minimun": `did you mean "replicas-minimum"?`,
		"readiness":        `did you mean "probe-readiness"?`,
		"spread":           `did you mean "spread-nodes" or "spread-zones"?`,
		"zzzzzzzzzzzzzz":   "(`prodready checks` lists every check)",
	}
	for id, want := range cases {
		r := runCLI(t, "", "explain", id)
		if r.code != ExitError || !strings.Contains(r.stderr, `unknown check "`+id+`"`) || !strings.Contains(r.stderr, want) {
			t.Errorf("explain %s: exit %d, stderr %q; want 2 and %q", id, r.code, r.stderr, want)
		}
	}
	if r := runCLI(t, "", "explain", "zzzzzzzzzzzzzz"); strings.Contains(r.stderr, "did you mean") {
		t.Errorf("no suggestion for a far-off id: %q", r.stderr)
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"probe-readyness", "probe-readiness", 1}, {"ü", "u", 1}} {
		if got := levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
