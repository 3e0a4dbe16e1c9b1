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
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
)

// customChecksProfile is the ReadinessProfile of docs/custom-checks.md.
var customChecksProfile = filepath.Join("testdata", "custom-checks", "profile.yaml")

// customFailMessages are the messages the fail fixtures of the examples produce.
var customFailMessages = map[string]string{
	"probes-differ/fail-same-endpoint":            `readiness and liveness probes are the same endpoint in container "api"`,
	"memory-limit-max/fail-above-max-or-missing":  `memory limit missing or above 4Gi in container "api", container "log"`,
	"owner-team/fail-unknown-team":                `label owner="marketing" is not a known team (payments, search, platform)`,
	"owner-team/fail-no-owner-label":              `the workload has no owner label; set it to one of payments, search, platform`,
	"service-traffic-local/fail-deployment-local": `internalTrafficPolicy Local on Service "api", but the workload is a Deployment`,
	"hpa-max-ratio/fail-above-ratio":              `HorizontalPodAutoscaler "api" scales from 1 to 20: more than 10 times`,
}

// TestCustomCheckExamples runs the examples of docs/custom-checks.md: every fixture under
// testdata/custom-checks/<id>/ is evaluated with the profile by `prodready check`, and the
// custom check must give the result its file name starts with (and, for fail fixtures, the
// message above).
func TestCustomCheckExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "custom-checks", "*", "*.yaml"))
	sort.Strings(files)
	seen := map[string]map[string]bool{}
	for _, file := range files {
		id := filepath.Base(filepath.Dir(file))
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		prefix, _, _ := strings.Cut(name, "-")
		if seen[id] == nil {
			seen[id] = map[string]bool{}
		}
		seen[id][prefix] = true
		t.Run(id+"/"+name, func(t *testing.T) {
			r := runCLI(t, "", "check", "-f", customChecksProfile, "-f", file, "--profile", "platform", "-o", "json")
			if r.code == ExitError {
				t.Fatalf("exit 2: %s", r.stderr)
			}
			rep := decodeReport(t, r.stdout)
			if len(rep.Results) != 1 {
				t.Fatalf("%d results", len(rep.Results))
			}
			got := findCheck(rep.Results[0].Checks, id)
			if got == nil {
				t.Fatalf("no %s result", id)
			}
			want := map[string]v1alpha1.Result{"pass": v1alpha1.ResultPass, "fail": v1alpha1.ResultFail, "skip": v1alpha1.ResultSkip}[prefix]
			if got.Result != want {
				t.Fatalf("result %s (%s), want %s", got.Result, got.Message, want)
			}
			if msg, ok := customFailMessages[id+"/"+name]; ok && got.Message != msg {
				t.Errorf("message %q, want %q", got.Message, msg)
			}
		})
	}
	rp := readProfile(t, customChecksProfile)
	if len(rp.Spec.CustomChecks) != 5 {
		t.Fatalf("%d examples, want 5", len(rp.Spec.CustomChecks))
	}
	for _, cc := range rp.Spec.CustomChecks {
		if !seen[cc.ID]["pass"] || !seen[cc.ID]["fail"] {
			t.Errorf("example %s needs a pass and a fail fixture", cc.ID)
		}
	}
}

// TestCustomChecksDoc: docs/custom-checks.md shows the examples' rules exactly as the tests run
// them.
func TestCustomChecksDoc(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "custom-checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := squash(string(raw))
	for _, cc := range readProfile(t, customChecksProfile).Spec.CustomChecks {
		for i, r := range cc.Rules {
			if !strings.Contains(doc, squash(r.Expression)) {
				t.Errorf("docs/custom-checks.md does not show rule %d of %s:\n%s", i, cc.ID, r.Expression)
			}
		}
	}
}

var spaces = regexp.MustCompile(`\s+`)

// squash collapses whitespace, so YAML folding does not matter.
func squash(s string) string { return spaces.ReplaceAllString(strings.TrimSpace(s), " ") }

func readProfile(t *testing.T, file string) *v1alpha1.ReadinessProfile {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rp := &v1alpha1.ReadinessProfile{}
	if err := yaml.UnmarshalStrict(raw, rp); err != nil {
		t.Fatal(err)
	}
	return rp
}

// TestCustomChecksCatalogue: `checks` and `explain` show a profile's custom checks.
func TestCustomChecksCatalogue(t *testing.T) {
	t.Run("checks table", func(t *testing.T) {
		r := runCLI(t, "", "checks", "--profile-file", customChecksProfile)
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		assertContains(t, "stdout", r.stdout, "PLATFORM", "memory-limit-max", "Containers set a memory limit no larger than the maximum (custom)")
		if !regexp.MustCompile(`(?m)^probe-readiness\s+health\s+R\s+R\s+R\s+R\s`).MatchString(r.stdout) ||
			!regexp.MustCompile(`(?m)^hpa-max-ratio\s+scaling\s+·\s+·\s+·\s+R\s`).MatchString(r.stdout) {
			t.Errorf("table rows:\n%s", r.stdout)
		}
	})
	t.Run("checks json", func(t *testing.T) {
		r := runCLI(t, "", "checks", "-f", customChecksProfile, "-p", "platform", "-o", "json")
		var list struct{ Checks []CheckInfo }
		if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
			t.Fatal(err)
		}
		var custom []string
		for _, c := range list.Checks {
			if c.Custom {
				custom = append(custom, c.ID)
				if c.Enforcement["platform"] != v1alpha1.EnforcementRequired || len(c.Rules) == 0 {
					t.Errorf("%s: %+v", c.ID, c)
				}
			}
		}
		if strings.Join(custom, ",") != "probes-differ,memory-limit-max,owner-team,service-traffic-local,hpa-max-ratio" {
			t.Errorf("custom checks %v", custom)
		}
	})
	t.Run("explain text", func(t *testing.T) {
		r := runCLI(t, "", "explain", "--profile-file", customChecksProfile, "memory-limit-max")
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		assertContains(t, "stdout", r.stdout, "memory-limit-max: Containers set a memory limit no larger than the maximum",
			"resources (custom check of ReadinessProfile platform)", "Enforcement  platform Required",
			"RULES (CEL; each must be true)", "0. containers.all(c, c.?resources.?limits[?'memory'].hasValue()",
			`max (string, default "4Gi")`, "prodready explain --profile platform")
	})
	t.Run("explain markdown", func(t *testing.T) {
		r := runCLI(t, "", "explain", "-f", customChecksProfile, "-p", "platform", "owner-team", "-o", "markdown")
		assertContains(t, "stdout", r.stdout, "# `owner-team`: The workload names an existing owning team",
			"| Enforcement | platform: Required |", "## Rules", "```cel", "| `teams` | list | `payments,search,platform` |")
	})
	t.Run("explain a built-in check in the profile", func(t *testing.T) {
		r := runCLI(t, "", "explain", "-f", customChecksProfile, "probe-liveness", "-o", "json")
		var info CheckInfo
		if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
			t.Fatal(err)
		}
		if info.Custom || info.Enforcement["platform"] != v1alpha1.EnforcementDisabled || info.Enforcement["production"] != v1alpha1.EnforcementRequired {
			t.Errorf("%+v", info)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		r := runCLI(t, "", "explain", "-f", customChecksProfile, "owner-teams")
		if r.code != ExitError {
			t.Fatalf("exit %d", r.code)
		}
		assertContains(t, "stderr", r.stderr, `unknown check "owner-teams"; did you mean "owner-team"?`)
	})
}

// TestCustomChecksFormats: SARIF lists the custom checks as rules and JUnit explains them.
func TestCustomChecksFormats(t *testing.T) {
	file := filepath.Join("testdata", "custom-checks", "memory-limit-max", "fail-above-max-or-missing.yaml")
	r := runCLI(t, "", "check", "-f", customChecksProfile, "-f", file, "-p", "platform", "-o", "sarif")
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	found := false
	for _, res := range run.Results {
		if res.RuleID == "memory-limit-max" {
			found = true
			rule := run.Tool.Driver.Rules[res.RuleIndex]
			if rule.ID != "memory-limit-max" || rule.ShortDescription.Text != "Containers set a memory limit no larger than the maximum" || res.Level != sarifError {
				t.Errorf("rule %+v for result %+v", rule, res)
			}
		}
	}
	if !found {
		t.Errorf("no SARIF result for memory-limit-max:\n%s", r.stdout)
	}
	r = runCLI(t, "", "check", "-f", customChecksProfile, "-f", file, "-p", "platform", "-o", "junit")
	assertContains(t, "junit", r.stdout, `name="memory-limit-max"`,
		"Containers set a memory limit no larger than the maximum. How to fix: Set resources.limits.memory on every container, at most the maximum.",
		"prodready explain --profile platform --profile-file PROFILE.yaml memory-limit-max")
}

// TestInvalidCustomCheck: a rule that does not compile is an input error naming the file, the
// line, the check, the rule index and the column; the workload is still evaluated with the
// --profile given.
func TestInvalidCustomCheck(t *testing.T) {
	profile := `apiVersion: readiness.prodready.io/v1alpha1
kind: ReadinessProfile
metadata: {name: broken}
spec:
  customChecks:
  - id: limits
    title: Containers set limits
    rules:
    - expression: "true"
    - expression: containers.all(c, c.resources.limit.size() > 0)
`
	r := runCLI(t, yamlDocs(good("web"), profile), "check", "-f", "-", "--profile", "baseline")
	if r.code != ExitError {
		t.Fatalf("exit %d, want 2", r.code)
	}
	assertContains(t, "stderr", r.stderr, `<stdin>:`, `ReadinessProfile "broken": spec.customChecks[0].rules[1].expression: Invalid value: custom check "limits" rule 1: line 1, column 30: undefined field 'limit'`)
	r = runCLI(t, profile, "explain", "-f", "-", "limits")
	if r.code != ExitError || !strings.Contains(r.stderr, `column 30: undefined field 'limit'`) {
		t.Errorf("explain: exit %d, stderr %s", r.code, r.stderr)
	}
}
