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
)

// danglingInput is a workload, an Argo Rollout, and related objects of which three relate to
// nothing: an HPA naming a missing Deployment (line 47), a Service (line 52) and a PDB (line 57)
// selecting no pods. The Service selecting the Rollout's pods is not dangling.
var danglingInput = yamlDocs(good("web"), // lines 1-19
	strings.Replace(strings.Replace(good("canary"), "apps/v1\nkind: Deployment", "argoproj.io/v1alpha1\nkind: Rollout", 1),
		"  template:", "  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}\n  template:", 1), // lines 21-40
	"apiVersion: v1\nkind: Service\nmetadata: {name: canary}\nspec: {selector: {app: canary}, ports: [{port: 80}]}\n",                                                                                // 42
	"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: wbe}\nspec: {minReplicas: 2, maxReplicas: 4, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: wbe}}\n", // 47
	"apiVersion: v1\nkind: Service\nmetadata: {name: old}\nspec: {selector: {app: old}, ports: [{port: 80}]}\n",                                                                                      // 52
	"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: gone}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: gone}}}\n",                                                    // 57
)

func TestDanglingEveryFormat(t *testing.T) {
	want := []struct{ what, line string }{
		{`HorizontalPodAutoscaler default/wbe: spec.scaleTargetRef names Deployment "wbe" (apps/v1), which is not a workload of the input in namespace "default"`, "47"},
		{`Service default/old: spec.selector {app: old} selects no pods of the input's workloads in namespace "default"`, "52"},
		{`PodDisruptionBudget default/gone: spec.selector {app: gone} selects no pods`, "57"},
	}
	args := []string{"check", "-f", "-", "--stdin-filename", "app.yaml", "--profile", "baseline"}

	r := runCLI(t, danglingInput, args...)
	if r.code != ExitOK {
		t.Fatalf("table: exit %d, want 0 (dangling objects are warnings)\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, "DANGLING  "+w.what) || !strings.Contains(r.stdout, "app.yaml:"+w.line) {
			t.Errorf("table lacks %q at line %s:\n%s", w.what, w.line, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Service default/canary") {
		t.Errorf("the Service selecting the Rollout's pods is reported as dangling:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "3 dangling related objects") {
		t.Errorf("footer does not count them:\n%s", r.stdout)
	}

	r = runCLI(t, danglingInput, append(args, "-o", "json")...)
	var rep Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK {
		t.Fatalf("json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if len(rep.Dangling) != 3 || rep.Dangling[0].Kind != "HorizontalPodAutoscaler" || rep.Dangling[0].Source.Line != 47 || rep.Dangling[0].Source.File != "app.yaml" {
		t.Errorf("json dangling = %+v", rep.Dangling)
	}

	r = runCLI(t, danglingInput, append(args, "-o", "yaml")...)
	if !strings.Contains(r.stdout, "dangling:\n- kind: HorizontalPodAutoscaler") {
		t.Errorf("yaml lacks the dangling objects:\n%s", r.stdout)
	}

	r = runCLI(t, danglingInput, append(args, "-o", "sarif")...)
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, res := range log.Runs[0].Results {
		if res.RuleID != "dangling-object" {
			continue
		}
		found++
		rule := log.Runs[0].Tool.Driver.Rules[res.RuleIndex]
		if res.Level != sarifWarning || rule.ID != "dangling-object" || res.Locations[0].PhysicalLocation == nil ||
			res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "app.yaml" {
			t.Errorf("sarif result %+v (rule %s)", res, rule.ID)
		}
	}
	if found != 3 {
		t.Errorf("sarif has %d dangling results, want 3", found)
	}
	if got := log.Runs[0].Results; len(got) > 0 {
		lines := map[int]bool{}
		for _, res := range got {
			if res.RuleID == "dangling-object" {
				lines[res.Locations[0].PhysicalLocation.Region.StartLine] = true
			}
		}
		if !lines[47] || !lines[52] || !lines[57] {
			t.Errorf("sarif dangling results are not on the objects' own lines: %v", lines)
		}
	}

	r = runCLI(t, danglingInput, append(args, "-o", "junit")...)
	if !strings.Contains(r.stdout, `<testsuite name="prodready dangling related objects" tests="3" failures="3"`) ||
		!strings.Contains(r.stdout, `file="app.yaml" line="52"`) {
		t.Errorf("junit lacks the dangling suite:\n%s", r.stdout)
	}
}

func TestDanglingFailOn(t *testing.T) {
	base := []string{"check", "-f", "-", "--profile", "baseline"}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"warnings only by default", danglingInput, nil, ExitOK},
		{"--fail-on dangling", danglingInput, []string{"--fail-on", "dangling"}, ExitFailed},
		{"--fail-on required,dangling", danglingInput, []string{"--fail-on", "required,dangling"}, ExitFailed},
		{"--fail-on none,dangling", danglingInput, []string{"--fail-on", "none,dangling"}, ExitFailed},
		{"--fail-on dangling without dangling objects", good("web"), []string{"--fail-on", "dangling"}, ExitOK},
		{"--fail-on dangling still fails on a Required check", bad("web"), []string{"--fail-on", "dangling"}, ExitFailed},
		{"two levels", good("web"), []string{"--fail-on", "advisory,none"}, ExitError},
		{"dangling twice", good("web"), []string{"--fail-on", "dangling,dangling"}, ExitError},
		{"not with --cluster: the flag set is still validated", good("web"), []string{"--fail-on", "dangle"}, ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := runCLI(t, tc.stdin, append(base, tc.args...)...); r.code != tc.want {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}
