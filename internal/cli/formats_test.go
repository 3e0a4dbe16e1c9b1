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
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodready/prodready/internal/checks"
)

// TestSARIFStructure validates `check -o sarif` against the fields SARIF 2.1.0 requires (§3.13
// sarifLog, §3.14 run, §3.18 tool, §3.19 toolComponent, §3.49 reportingDescriptor, §3.27 result,
// §3.28 location, §3.29 physicalLocation, §3.4 artifactLocation, §3.30 region, §3.20
// invocation, §3.58 notification) and the profile of it that code scanning reads.
func TestSARIFStructure(t *testing.T) {
	in := yamlDocs(good("web"), bad("api"), "kind: [\n", readiness("api", "api", "  checks:\n  - id: image-digest-pinned\n    enforcement: Advisory\n"))
	path := writeFile(t, t.TempDir(), "app.yaml", in)
	r := runCLI(t, "", "check", "-f", path, "-o", "sarif")
	if r.code != ExitError {
		t.Fatalf("exit %d, want 2 (one malformed document)", r.code)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	v := &sarifValidator{t: t}
	v.equal("version", log["version"], "2.1.0")
	v.str("$schema", log["$schema"])
	runs := v.array("runs", log["runs"])
	if len(runs) != 1 {
		t.Fatalf("want exactly one run, got %d", len(runs))
	}
	run := v.object("runs[0]", runs[0])
	driver := v.object("tool.driver", v.object("tool", run["tool"])["driver"])
	v.equal("tool.driver.name", driver["name"], "prodready")
	v.str("tool.driver.version", driver["version"])
	rules := v.array("tool.driver.rules", driver["rules"])
	if len(rules) != len(checks.All()) {
		t.Errorf("rules: %d, want the catalogue (%d)", len(rules), len(checks.All()))
	}
	ruleIDs := make([]string, len(rules))
	for i, raw := range rules {
		rule := v.object("rule", raw)
		id := v.str("rule.id", rule["id"])
		ruleIDs[i] = id
		c, ok := checks.Lookup(id)
		if !ok {
			t.Errorf("rule %q is not a check", id)
			continue
		}
		v.equal("rule.shortDescription.text", v.object("shortDescription", rule["shortDescription"])["text"], c.Title)
		v.str("rule.fullDescription.text", v.object("fullDescription", rule["fullDescription"])["text"])
		help := v.object("help", rule["help"])
		if !strings.Contains(v.str("rule.help.text", help["text"]), strings.TrimSpace(c.Remediation)) {
			t.Errorf("rule %s: help is not the remediation", id)
		}
		uri := v.str("rule.helpUri", rule["helpUri"])
		if !strings.HasSuffix(uri, "/docs/checks/"+id+".md") {
			t.Errorf("rule %s: helpUri %q does not point to docs/checks/%s.md", id, uri, id)
		}
		if _, err := os.Stat(filepath.Join("..", "..", "docs", "checks", id+".md")); err != nil {
			t.Errorf("rule %s: helpUri points to a missing page: %v", id, err)
		}
	}

	results := v.array("results", run["results"])
	levels := map[string]int{}
	for _, raw := range results {
		res := v.object("result", raw)
		id := v.str("result.ruleId", res["ruleId"])
		idx, ok := res["ruleIndex"].(float64)
		if !ok || int(idx) < 0 || int(idx) >= len(ruleIDs) || ruleIDs[int(idx)] != id {
			t.Errorf("result %s: ruleIndex %v does not point to its rule", id, res["ruleIndex"])
		}
		level := v.str("result.level", res["level"])
		levels[level]++
		v.str("result.message.text", v.object("message", res["message"])["text"])
		locs := v.array("result.locations", res["locations"])
		if len(locs) != 1 {
			t.Fatalf("result %s: want one location, got %d", id, len(locs))
		}
		phys := v.object("physicalLocation", v.object("location", locs[0])["physicalLocation"])
		v.equal("artifactLocation.uri", v.object("artifactLocation", phys["artifactLocation"])["uri"], "file://"+filepath.ToSlash(path))
		line, _ := v.object("region", phys["region"])["startLine"].(float64)
		if line != 1 && line != 21 {
			t.Errorf("result %s: startLine %v, want the workload's line (1 or 21)", id, line)
		}
	}
	if levels["error"] == 0 || levels["warning"] == 0 || len(levels) != 2 {
		t.Errorf("levels %v: want error for Fail and warning for Warn, nothing else", levels)
	}
	invs := v.array("invocations", run["invocations"])
	inv := v.object("invocation", invs[0])
	if ok, isBool := inv["executionSuccessful"].(bool); !isBool || ok {
		t.Errorf("executionSuccessful = %v, want false with an input error", inv["executionSuccessful"])
	}
	notes := v.array("toolExecutionNotifications", inv["toolExecutionNotifications"])
	if len(notes) != 1 || !strings.Contains(v.str("notification.message.text", v.object("message", v.object("notification", notes[0])["message"])["text"]), "malformed YAML") {
		t.Errorf("notifications %v: want the malformed document", notes)
	}
}

// sarifValidator asserts JSON types, failing the test with the field's path.
type sarifValidator struct{ t *testing.T }

func (v *sarifValidator) object(path string, x any) map[string]any {
	v.t.Helper()
	m, ok := x.(map[string]any)
	if !ok {
		v.t.Fatalf("%s: want an object, got %T", path, x)
	}
	return m
}

func (v *sarifValidator) array(path string, x any) []any {
	v.t.Helper()
	a, ok := x.([]any)
	if !ok {
		v.t.Fatalf("%s: want an array, got %T", path, x)
	}
	return a
}

func (v *sarifValidator) str(path string, x any) string {
	v.t.Helper()
	s, ok := x.(string)
	if !ok || s == "" {
		v.t.Fatalf("%s: want a non-empty string, got %#v", path, x)
	}
	return s
}

func (v *sarifValidator) equal(path string, x any, want string) {
	v.t.Helper()
	if got := v.str(path, x); got != want {
		v.t.Errorf("%s = %q, want %q", path, got, want)
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"deploy/app.yaml":     "deploy/app.yaml",
		"./deploy/app.yaml":   "deploy/app.yaml",
		"deploy/my app.yaml":  "deploy/my%20app.yaml",
		"/abs/path/app.yaml":  "file:///abs/path/app.yaml",
		"deploy/../app.yaml":  "app.yaml",
		"charts/x/a#b%c.yaml": "charts/x/a%23b%25c.yaml",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJUnitStructure parses `check -o junit` and checks the counts against the JSON report.
func TestJUnitStructure(t *testing.T) {
	in := yamlDocs(good("web"), bad("api"), "kind: [\n")
	js := decodeReport(t, runCLI(t, in, "check", "-f", "-", "-o", "json").stdout)
	r := runCLI(t, in, "check", "-f", "-", "-o", "junit")
	if r.code != ExitError || !strings.HasPrefix(r.stdout, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Fatalf("exit %d, output %q", r.code, r.stdout)
	}
	var doc junitSuites
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JUnit XML: %v", err)
	}
	if len(doc.Suites) != len(js.Results)+1 {
		t.Fatalf("%d suites, want one per workload plus one for input errors", len(doc.Suites))
	}
	total := 0
	for i, res := range js.Results {
		s := doc.Suites[i]
		if s.Name != res.Workload.String() || len(s.Cases) != len(res.Checks) || s.Tests != len(res.Checks) {
			t.Errorf("suite %q has %d cases, want %q with %d", s.Name, len(s.Cases), res.Workload.String(), len(res.Checks))
			continue
		}
		failures, skipped := 0, 0
		for j, c := range s.Cases {
			chk := res.Checks[j]
			if c.Name != chk.ID {
				t.Errorf("case %q, want %q", c.Name, chk.ID)
			}
			switch string(chk.Result) {
			case "Fail", "Warn":
				failures++
				if c.Failure == nil || c.Failure.Message != chk.Message || c.Failure.Type != string(chk.Result) {
					t.Errorf("%s: %s is a failure with the message: %+v", s.Name, chk.ID, c.Failure)
				}
			case "Skip":
				skipped++
				if c.Skipped == nil || c.Skipped.Message != chk.Message {
					t.Errorf("%s: %s is skipped with the message", s.Name, chk.ID)
				}
			case "Pass":
				if c.Failure != nil || c.Skipped != nil || c.SystemOut != chk.Message {
					t.Errorf("%s: %s passes with its message in system-out", s.Name, chk.ID)
				}
			}
		}
		if s.Failures != failures || s.Skipped != skipped {
			t.Errorf("suite %s: failures %d skipped %d, want %d %d", s.Name, s.Failures, s.Skipped, failures, skipped)
		}
		total += s.Tests
	}
	last := doc.Suites[len(doc.Suites)-1]
	if last.Errors != 1 || last.Cases[0].Error == nil || !strings.Contains(last.Cases[0].Error.Message, "malformed YAML") {
		t.Errorf("input errors suite: %+v", last)
	}
	if doc.Tests != total+1 {
		t.Errorf("testsuites tests=%d, want %d", doc.Tests, total+1)
	}
}
