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
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
)

// deploymentTemplate passes every Required check of the baseline profile.
const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
spec:
  replicas: 2
  selector:
    matchLabels: {app: NAME}
  template:
    metadata:
      labels: {app: NAME}
    spec:
      containers:
      - name: app
        image: registry.example.com/NAME:1.0.0
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
`

// good is a Deployment that is ready under the baseline profile.
func good(name string) string { return strings.ReplaceAll(deploymentTemplate, "NAME", name) }

// bad is a Deployment without a readinessProbe: probe-readiness fails in every profile.
func bad(name string) string {
	s := good(name)
	return strings.Replace(s, "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n", "", 1)
}

// readiness is a ProductionReadiness targeting a Deployment, with an extra spec (indented two
// spaces).
func readiness(name, target, spec string) string {
	return "apiVersion: readiness.prodready.io/v1alpha1\nkind: ProductionReadiness\nmetadata:\n  name: " + name +
		"\nspec:\n  targetRef: {kind: Deployment, name: " + target + "}\n" + spec
}

// yamlDocs joins YAML documents.
func yamlDocs(d ...string) string { return strings.Join(d, "---\n") }

func TestExitCodes(t *testing.T) {
	warnOnly := yamlDocs(good("web"), readiness("web", "web", "  profile: baseline\n  checks:\n  - id: image-digest-pinned\n    enforcement: Advisory\n"))
	malformed := yamlDocs(good("web"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n")
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"every Required check passes", good("web"), nil, ExitOK},
		{"a Required check fails", yamlDocs(good("web"), bad("api")), nil, ExitFailed},
		{"an Advisory warning passes by default", warnOnly, nil, ExitOK},
		{"--fail-on advisory fails on a warning", warnOnly, []string{"--fail-on", "advisory"}, ExitFailed},
		{"--fail-on required", bad("api"), []string{"--fail-on", "required"}, ExitFailed},
		{"--fail-on none ignores failures", bad("api"), []string{"--fail-on", "none"}, ExitOK},
		{"a parse error exits 2", malformed, nil, ExitError},
		{"a parse error exits 2 with --fail-on none", malformed, []string{"--fail-on", "none"}, ExitError},
		{"a parse error wins over a failure", yamlDocs(bad("api"), "kind: [\n"), nil, ExitError},
		{"empty input", "", nil, ExitError},
		{"empty input with --allow-empty", "", []string{"--allow-empty"}, ExitOK},
		{"only a bare Pod", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x:1}]}\n", nil, ExitError},
		{"unknown output format", good("web"), []string{"-o", "html"}, ExitError},
		{"unknown --fail-on", good("web"), []string{"--fail-on", "sometimes"}, ExitError},
		{"unknown flag", good("web"), []string{"--frobnicate"}, ExitError},
		{"unknown profile", good("web"), []string{"--profile", "paranoid"}, ExitError},
		{"--context without --cluster", good("web"), []string{"--context", "prod"}, ExitError},
		{"standard input twice", good("web"), []string{"-f", "-"}, ExitError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"check", "-f", "-", "--profile", "baseline"}, tc.args...)
			if r := runCLI(t, tc.stdin, args...); r.code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"check"},
			{"check", "-f", filepath.Join(t.TempDir(), "missing.yaml")},
			{"frobnicate"},
			{"explain"},
			{"checks", "extra"},
		} {
			if r := runCLI(t, "", args...); r.code != ExitError || !strings.HasPrefix(r.stderr, "Error: ") && !strings.HasPrefix(r.stderr, "error: ") {
				t.Errorf("%v: exit %d, stderr %q; want 2 and an error", args, r.code, r.stderr)
			}
		}
	})
}

// TestMalformedInput: a malformed document is reported with its file and line, and every
// other workload is still evaluated.
func TestMalformedInput(t *testing.T) {
	dir := t.TempDir()
	in := yamlDocs(
		good("first"), // lines 1-19
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: {a: b}\n", // document at 21, bad line 25
		strings.Replace(good("typo"), "replicas: 2", "replicas: two", 1),              // document at 27
		bad("last"),
	)
	path := writeFile(t, dir, "app.yaml", in)
	r := runCLI(t, "", "check", "-f", path, "-o", "json", "--profile", "baseline")
	if r.code != ExitError {
		t.Fatalf("exit %d, want 2", r.code)
	}
	assertContains(t, "stderr", r.stderr,
		"error: "+path+":21: malformed YAML: line 25: did not find expected key",
		"error: "+path+`:27: Deployment "typo": spec.replicas: a string where the schema wants`)
	rep := decodeReport(t, r.stdout)
	if len(rep.Errors) != 2 || rep.Errors[0] != (InputError{File: path, Line: 21, Message: "malformed YAML: line 25: did not find expected key"}) || rep.Errors[1].Line != 27 {
		t.Errorf("errors = %+v", rep.Errors)
	}
	var names []string
	for _, res := range rep.Results {
		names = append(names, res.Workload.Name)
	}
	if strings.Join(names, ",") != "first,last" {
		t.Errorf("evaluated %v, want the workloads around the malformed documents (first, last)", names)
	}
	if rep.Results[1].Ready || rep.Results[1].Source.Line != 47 {
		t.Errorf("last = %+v", rep.Results[1])
	}
}

func TestStdin(t *testing.T) {
	in := yamlDocs(good("web"), bad("api"))
	r := runCLI(t, in, "check", "-f", "-", "-o", "json", "--profile", "baseline")
	rep := decodeReport(t, r.stdout)
	if r.code != ExitFailed || len(rep.Results) != 2 {
		t.Fatalf("exit %d, %d results; stderr %s", r.code, len(rep.Results), r.stderr)
	}
	if got := *rep.Results[1].Source; got != (Location{File: "<stdin>", Line: 21}) {
		t.Errorf("source = %+v", got)
	}
	named := runCLI(t, in, "check", "-f", "-", "-o", "sarif", "--profile", "baseline", "--stdin-filename", "chart/rendered.yaml")
	assertContains(t, "SARIF", named.stdout, `"uri": "chart/rendered.yaml"`, `"startLine": 21`)
	plain := runCLI(t, in, "check", "-f", "-", "-o", "sarif", "--profile", "baseline")
	if strings.Contains(plain.stdout, "physicalLocation") || !strings.Contains(plain.stdout, `"fullyQualifiedName": "default/Deployment/api"`) {
		t.Errorf("standard input without --stdin-filename has only logical locations:\n%s", plain.stdout)
	}
	malformed := runCLI(t, "kind: [\n", "check", "-f", "-")
	assertContains(t, "stderr", malformed.stderr, "error: <stdin>:1: malformed YAML")
}

func TestDirectories(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", good("a"))
	writeFile(t, dir, "sub/b.yml", good("b"))
	writeFile(t, dir, "sub/deeper/c.json", `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"c"},"spec":{"selector":{"matchLabels":{"app":"c"}},"template":{"metadata":{"labels":{"app":"c"}},"spec":{"containers":[{"name":"c","image":"c:1.0"}]}}}}`)
	writeFile(t, dir, "README.md", "# not a manifest: [\n")
	writeFile(t, dir, ".git/config.yaml", "kind: [\n")
	notes := writeFile(t, t.TempDir(), "notes.txt", good("explicit"))

	r := runCLI(t, "", "check", "-f", dir, notes, "-o", "json", "--profile", "baseline")
	rep := decodeReport(t, r.stdout)
	var got []string
	for _, res := range rep.Results {
		got = append(got, res.Workload.Name+"@"+filepath.Base(res.Source.File))
	}
	if strings.Join(got, " ") != "a@a.yaml b@b.yml c@c.json explicit@notes.txt" {
		t.Errorf("read %v; want .yaml, .yml and .json files recursively, hidden directories skipped, explicit files whatever their extension", got)
	}
	if r.code != ExitFailed || len(rep.Errors) != 0 {
		t.Errorf("exit %d (c has no readinessProbe: want 1), errors %+v", r.code, rep.Errors)
	}
	empty := runCLI(t, "", "check", "-f", t.TempDir())
	if empty.code != ExitError || !strings.Contains(empty.stderr, "directory holds no .yaml, .yml or .json files") {
		t.Errorf("empty directory: exit %d, stderr %q", empty.code, empty.stderr)
	}
}

func TestListKinds(t *testing.T) {
	list := `{"apiVersion":"v1","kind":"List","items":[
	  {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
	   "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1.0"}]}}}},
	  {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"shop"},
	   "spec":{"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}}]}`
	typed := `{"apiVersion":"apps/v1","kind":"StatefulSetList","items":[{"metadata":{"name":"db","namespace":"shop"},"spec":{"selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"db:1.0"}]}}}}]}`
	r := runCLI(t, list+"\n---\n"+typed, "check", "-f", "-", "-o", "json", "--fail-on", "none")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if got := checkResult(t, r.stdout, "web", "pdb-present"); got.Result != v1alpha1.ResultPass {
		t.Errorf("the PDB of the List selects the Deployment of the List: %+v", got)
	}
	rep := decodeReport(t, r.stdout)
	if len(rep.Results) != 2 || rep.Results[1].Workload.Kind != "StatefulSet" {
		t.Errorf("a typed list's items get its kind: %+v", rep.Results)
	}
}

// TestReadinessInInput: a ProductionReadiness of the input sets the profile, params,
// enforcement and exemptions of its target only.
func TestReadinessInInput(t *testing.T) {
	cases := []struct {
		name      string
		spec      string
		check     string
		want      v1alpha1.Result
		msg       string
		profile   string
		wantReady bool
	}{
		{"no ProductionReadiness: --profile", "", "replicas-minimum", v1alpha1.ResultPass, "minimum 2", "production", false},
		{"params", "  checks:\n  - id: replicas-minimum\n    params: {min: \"3\"}\n", "replicas-minimum", v1alpha1.ResultFail, "below the minimum 3", "production", false},
		{"profile", "  profile: strict\n", "priority-class", v1alpha1.ResultWarn, "priorityClassName", "strict", false},
		{"enforcement", "  profile: baseline\n  checks:\n  - id: probe-readiness\n    enforcement: Advisory\n", "probe-readiness", v1alpha1.ResultWarn, "readinessProbe", "baseline", true},
		{"exemption", "  profile: baseline\n  exemptions:\n  - checks: [probe-readiness]\n    reason: batch worker, no traffic\n", "probe-readiness", v1alpha1.ResultSkip, "exempted: batch worker, no traffic", "baseline", true},
		{"container exemption", "  profile: baseline\n  exemptions:\n  - checks: [probe-readiness]\n    containers: [app]\n    reason: no traffic\n", "probe-readiness", v1alpha1.ResultPass, `container "app" exempted: no traffic`, "baseline", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := yamlDocs(bad("web"), good("other"))
			if tc.spec != "" {
				in = yamlDocs(in, readiness("web-readiness", "web", tc.spec))
			}
			r := runCLI(t, in, "check", "-f", "-", "-o", "json", "--fail-on", "none")
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			got := checkResult(t, r.stdout, "web", tc.check)
			if got.Result != tc.want || !strings.Contains(got.Message, tc.msg) {
				t.Errorf("%s = %s %q, want %s containing %q", tc.check, got.Result, got.Message, tc.want, tc.msg)
			}
			rep := decodeReport(t, r.stdout)
			web, other := rep.Results[0], rep.Results[1]
			if web.Profile != tc.profile || web.Ready != tc.wantReady {
				t.Errorf("web: profile %q ready %v, want %q %v", web.Profile, web.Ready, tc.profile, tc.wantReady)
			}
			wantReadiness := ""
			if tc.spec != "" {
				wantReadiness = "web-readiness"
			}
			if web.Readiness != wantReadiness || other.Readiness != "" || other.Profile != "production" {
				t.Errorf("readiness %q/%q, other profile %q: the ProductionReadiness applies to its target only", web.Readiness, other.Readiness, other.Profile)
			}
		})
	}
}

func TestReadinessProfileInInput(t *testing.T) {
	profile := `apiVersion: readiness.prodready.io/v1alpha1
kind: ReadinessProfile
metadata:
  name: acme
spec:
  basedOn: baseline
  checks:
  - id: replicas-minimum
    enforcement: Required
    params: {min: "3"}
`
	t.Run("named by a ProductionReadiness", func(t *testing.T) {
		in := yamlDocs(readiness("web", "web", "  profile: acme\n"), good("web"), profile) // the profile comes last
		r := runCLI(t, in, "check", "-f", "-", "-o", "json")
		if r.code != ExitFailed {
			t.Fatalf("exit %d, want 1; stderr %s", r.code, r.stderr)
		}
		if got := checkResult(t, r.stdout, "web", "replicas-minimum"); got.Result != v1alpha1.ResultFail || !strings.Contains(got.Message, "minimum 3") {
			t.Errorf("replicas-minimum = %+v", got)
		}
		if p := decodeReport(t, r.stdout).Results[0].Profile; p != "acme" {
			t.Errorf("profile %q", p)
		}
	})
	t.Run("named by --profile", func(t *testing.T) {
		r := runCLI(t, yamlDocs(good("web"), profile), "check", "-f", "-", "-o", "json", "--profile", "acme")
		if got := checkResult(t, r.stdout, "web", "replicas-minimum"); r.code != ExitFailed || got.Result != v1alpha1.ResultFail {
			t.Errorf("exit %d, replicas-minimum %+v", r.code, got)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		invalid := strings.Replace(profile, "id: replicas-minimum", "id: replicas-minimun", 1)
		r := runCLI(t, yamlDocs(good("web"), invalid), "check", "-f", "-", "--profile", "baseline")
		if r.code != ExitError {
			t.Fatalf("exit %d, want 2", r.code)
		}
		assertContains(t, "stderr", r.stderr, `error: <stdin>:21: ReadinessProfile "acme": spec.checks[0].id: Not found: "replicas-minimun"`)
		assertContains(t, "stdout", r.stdout, "Deployment default/web: READY")
	})
}

// TestInvalidReadiness: an invalid ProductionReadiness is an error naming its file, line and
// field; its target is not evaluated, the other workloads are.
func TestInvalidReadiness(t *testing.T) {
	dir := t.TempDir()
	pr := readiness("first", "first", "  checks:\n  - id: probe-readyness\n  - id: replicas-minimum\n    params: {min: many}\n")
	path := writeFile(t, dir, "app.yaml", yamlDocs(good("first"), pr, good("second"),
		"apiVersion: readiness.prodready.io/v1alpha1\nkind: ProductionReadiness\nmetadata: {name: cron}\nspec:\n  targetRef: {kind: ReplicaSet, name: nightly}\n"))
	r := runCLI(t, "", "check", "-f", path, "-o", "json", "--profile", "baseline")
	if r.code != ExitError {
		t.Fatalf("exit %d, want 2", r.code)
	}
	assertContains(t, "stderr", r.stderr,
		path+`:21: ProductionReadiness default/first: spec.checks[0].id: Not found: "probe-readyness"`,
		path+`:21: ProductionReadiness default/first: spec.checks[1].params[min]: Invalid value: "many"`,
		path+`:52: ProductionReadiness default/cron: spec.targetRef.kind: Unsupported value: "ReplicaSet"`)
	rep := decodeReport(t, r.stdout)
	if len(rep.Results) != 1 || rep.Results[0].Workload.Name != "second" {
		t.Errorf("results %+v: want only the workload whose ProductionReadiness is valid", rep.Results)
	}
	if len(rep.Errors) != 3 || rep.Errors[0].File != path || rep.Errors[0].Line != 21 {
		t.Errorf("errors %+v", rep.Errors)
	}
}

func TestNamespaceFlag(t *testing.T) {
	pdb := "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n"
	elsewhere := "apiVersion: readiness.prodready.io/v1alpha1\nkind: ProductionReadiness\nmetadata: {name: elsewhere, namespace: other}\nspec:\n  targetRef: {kind: Deployment, name: web}\n  profile: strict\n"
	in := yamlDocs(good("web"), pdb, readiness("web", "web", "  profile: production\n"), elsewhere)
	r := runCLI(t, in, "check", "-f", "-", "-o", "json", "--fail-on", "none", "-n", "team-a")
	rep := decodeReport(t, r.stdout)
	if len(rep.Results) != 1 {
		t.Fatalf("results %+v", rep.Results)
	}
	res := rep.Results[0]
	if res.Workload.Namespace != "team-a" || res.Readiness != "web" || res.Profile != "production" {
		t.Errorf("workload %+v readiness %q profile %q: objects without a namespace are in --namespace", res.Workload, res.Readiness, res.Profile)
	}
	if got := checkResult(t, r.stdout, "web", "pdb-present"); got.Result != v1alpha1.ResultPass {
		t.Errorf("the PDB without a namespace is in --namespace too: %+v", got)
	}
	assertContains(t, "stderr", r.stderr, "warning: <stdin>:", "ProductionReadiness other/elsewhere targets Deployment other/web, which is not in the input")
}

func TestSeveralReadinessForOneWorkload(t *testing.T) {
	in := yamlDocs(good("web"), readiness("base", "web", "  profile: baseline\n"), readiness("strict", "web", "  profile: strict\n"))
	r := runCLI(t, in, "check", "-f", "-", "-o", "json")
	rep := decodeReport(t, r.stdout)
	if len(rep.Results) != 2 || rep.Results[0].Readiness != "base" || rep.Results[1].Readiness != "strict" || !rep.Results[0].Ready || rep.Results[1].Ready {
		t.Fatalf("want one result per ProductionReadiness (base ready, strict not): %+v", rep.Results)
	}
	if r.code != ExitFailed {
		t.Errorf("exit %d, want 1", r.code)
	}
}

func TestColor(t *testing.T) {
	in := yamlDocs(good("web"), bad("api"))
	cases := []struct {
		name     string
		terminal bool
		args     []string
		noColor  string
		want     bool
	}{
		{"terminal", true, nil, "", true},
		{"not a terminal", false, nil, "", false},
		{"--no-color", true, []string{"--no-color"}, "", false},
		{"NO_COLOR", true, nil, "1", false},
		{"json on a terminal", true, []string{"-o", "json"}, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tc.noColor)
			t.Setenv("TERM", "xterm")
			r := runWith(t, runOpts{stdin: strings.NewReader(in), terminal: tc.terminal}, append([]string{"check", "-f", "-", "--profile", "baseline"}, tc.args...)...)
			if got := strings.Contains(r.stdout, "\x1b["); got != tc.want {
				t.Errorf("coloured = %v, want %v:\n%s", got, tc.want, r.stdout)
			}
		})
	}
}

func TestTableVerbose(t *testing.T) {
	in := good("web")
	quiet := runCLI(t, in, "check", "-f", "-", "--profile", "baseline")
	verbose := runCLI(t, in, "check", "-f", "-", "--profile", "baseline", "-v")
	if strings.Contains(quiet.stdout, "PASS") || !strings.Contains(quiet.stdout, "passed, 0 failed") {
		t.Errorf("without -v passing checks are counted, not listed:\n%s", quiet.stdout)
	}
	assertContains(t, "-v table", verbose.stdout, "PASS  probe-readiness", "SKIP  rollout-complete")
}

func TestPluginName(t *testing.T) {
	for binary, want := range map[string]string{
		"/usr/local/bin/kubectl-prodready": "kubectl prodready check [-f FILE|DIR|-]",
		"prodready":                        "prodready check [-f FILE|DIR|-]",
	} {
		r := runWith(t, runOpts{binary: binary}, "check", "--help")
		if r.code != ExitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("%s: exit %d, help does not contain %q:\n%s", binary, r.code, want, r.stdout)
		}
	}
	r := runWith(t, runOpts{binary: "kubectl-prodready"}, "--help")
	assertContains(t, "root help", r.stdout, "kubectl prodready check -f deploy/", "kubectl prodready [command]")
}

func TestVersion(t *testing.T) {
	old := Version
	Version = "v1.2.3-test"
	t.Cleanup(func() { Version = old })
	r := runCLI(t, "", "version")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "prodready v1.2.3-test (go") {
		t.Errorf("exit %d, output %q", r.code, r.stdout)
	}
	sarif := runCLI(t, good("web"), "check", "-f", "-", "-o", "sarif")
	var log sarifLog
	if err := json.Unmarshal([]byte(sarif.stdout), &log); err != nil || log.Runs[0].Tool.Driver.Version != "v1.2.3-test" {
		t.Errorf("the SARIF driver carries the version: %v", err)
	}
}

// A result names the workload's own API version (batch/v1 for a CronJob), not apps/v1 for all.
func TestResultAPIVersionIsTheKinds(t *testing.T) {
	r := runCLI(t, "", "check", "-o", "json", "--fail-on", "none", "-f", "../../docs/examples/cronjob.yaml")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	for _, res := range decodeReport(t, r.stdout).Results {
		if res.Workload.Kind == "CronJob" && res.Workload.APIVersion != "batch/v1" {
			t.Errorf("CronJob %s: apiVersion %q, want batch/v1", res.Workload.Name, res.Workload.APIVersion)
		}
	}
}

// The dangling objects of the table are printed with control characters escaped, as the
// results are: a name or label value of the input cannot drive the terminal.
func TestDanglingTableEscapesControlCharacters(t *testing.T) {
	in := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n" +
		"  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: \"r.example.com/web:1\"}]}\n" +
		"---\napiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {selector: {app: \"no\\e[31mpe\"}}\n"
	r := runCLI(t, in, "check", "--fail-on", "none", "-f", "-")
	if !strings.Contains(r.stdout, "DANGLING") {
		t.Fatalf("no dangling Service in:\n%s", r.stdout)
	}
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Errorf("the table holds a raw ESC:\n%q", r.stdout)
	}
}
