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
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prodready/prodready/api/v1alpha1"
)

// evaluateFiles loads and evaluates files as `check` does, keeping every result in the
// Report (no writer): the input of the buffered reference renderers.
func evaluateFiles(t *testing.T, profile string, files ...string) *Report {
	t.Helper()
	return evaluateFilesWith(t, true, profile, files...)
}

// evaluateFilesWith evaluates files with workloads compacted (as check does) or not.
func evaluateFilesWith(t *testing.T, compact bool, profile string, files ...string) *Report {
	t.Helper()
	ld := newLoader("default", strings.NewReader(""), "")
	ld.set.Compact = compact
	ld.load(files)
	ld.finish()
	ev := &evaluator{set: ld.set, profileSources: ld.profiles, now: fixedNow, profile: profile}
	ev.report.Errors = ld.errors
	if err := ev.run(context.Background()); err != nil {
		t.Fatalf("%v: %v", files, err)
	}
	rep := &ev.report
	rep.Dangling = danglingOf(ld.set)
	if rep.Errors == nil {
		rep.Errors = []InputError{}
	}
	if rep.Results == nil {
		rep.Results = []Result{}
	}
	sortErrors(rep.Errors)
	return rep
}

// TestStreamedOutputIsUnchanged renders many reports with the streamed writers and with the
// renderers as they were before output was streamed (reference_test.go): every format, every
// option, byte for byte. The inputs are every check fixture, the examples, the custom checks
// (SARIF rules after the catalogue, JUnit texts) and synthetic reports for what the fixtures
// lack: checks that could not be evaluated, input errors, dangling objects, no result, HTML
// characters and invalid UTF-8 in messages.
func TestStreamedOutputIsUnchanged(t *testing.T) {
	var reports []*Report
	var names []string
	add := func(name string, rep *Report) {
		names = append(names, name)
		reports = append(reports, rep)
	}
	fixtures, _ := filepath.Glob(filepath.Join("..", "checks", "testdata", "*", "*.yaml"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "docs", "examples", "*.yaml"))
	for _, f := range append(append(fixtures, examples...), mixedInput) {
		add(f, evaluateFiles(t, "production", f))
	}
	custom, _ := filepath.Glob(filepath.Join("testdata", "custom-checks", "*", "*.yaml"))
	add("custom checks", evaluateFiles(t, "platform", append([]string{customChecksProfile}, custom...)...))
	dir := t.TempDir()
	add("dangling", evaluateFiles(t, "production", writeFile(t, dir, "dangling.yaml", danglingInput)))
	add("empty", evaluateFiles(t, "production", writeFile(t, dir, "empty.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")))

	synthetic := evaluateFiles(t, "production", mixedInput)
	r := &synthetic.Results[0]
	r.Checks[0].Result, r.Checks[0].Message = v1alpha1.ResultError, "could not evaluate <x> & \"y\""
	r.Checks[1].Result, r.Checks[1].Message = v1alpha1.ResultPending, "pending"
	r.Checks[2].Result, r.Checks[2].Message = v1alpha1.ResultFail, "bad \xff byte and \u2028 separator <b>"
	r.Source = &Location{File: stdinName, Line: 3}
	synthetic.Errors = []InputError{{File: "a.yaml", Line: 3, Message: "malformed <YAML>"}, {File: stdinName, Message: "x"}, {Message: "no file"}}
	synthetic.Dangling = []DanglingObject{{Kind: "Service", Namespace: "ns", Name: "old", Source: Location{File: "a.yaml", Line: 9}, Message: "selects nothing"}}
	add("synthetic", synthetic)
	add("errors only", &Report{Results: []Result{}, Errors: []InputError{{File: "a.yaml", Message: "cannot read"}}})
	add("nil errors", &Report{Results: []Result{}})

	options := []renderOptions{{}, {verbose: true}, {color: true}, {verbose: true, color: true}}
	for i, rep := range reports {
		for _, format := range checkFormats {
			for _, o := range options {
				if format != formatTable && o != (renderOptions{}) {
					continue
				}
				var want, got bytes.Buffer
				if err := renderReportBuffered(&want, format, rep, o); err != nil {
					t.Fatalf("%s %s: reference: %v", names[i], format, err)
				}
				if err := renderReport(&got, format, rep, o); err != nil {
					t.Fatalf("%s %s: %v", names[i], format, err)
				}
				if got.String() != want.String() {
					t.Errorf("%s -o %s %+v: the streamed output differs:\n%s", names[i], format, o, diff(want.String(), got.String()))
				}
			}
		}
	}
	if len(reports) < 50 {
		t.Errorf("only %d reports compared; the fixtures were not found", len(reports))
	}
}

// TestCompactedWorkloadsEvaluateTheSame: check keeps workloads compacted and decodes each again
// when it evaluates it; every check fixture and example (a Rollout with a workloadRef among
// them), the custom checks and the dangling objects give the same report as whole workloads.
func TestCompactedWorkloadsEvaluateTheSame(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join("..", "checks", "testdata", "*", "*.yaml"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "docs", "examples", "*.yaml"))
	custom, _ := filepath.Glob(filepath.Join("testdata", "custom-checks", "*", "*.yaml"))
	inputs := [][]string{append([]string{customChecksProfile}, custom...), {writeFile(t, t.TempDir(), "dangling.yaml", danglingInput)}, {mixedInput}}
	for _, f := range append(fixtures, examples...) {
		inputs = append(inputs, []string{f})
	}
	for _, files := range inputs {
		profile := "production"
		if files[0] == customChecksProfile {
			profile = "platform"
		}
		var got, want bytes.Buffer
		if err := renderReport(&want, formatJSON, evaluateFilesWith(t, false, profile, files...), renderOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := renderReport(&got, formatJSON, evaluateFilesWith(t, true, profile, files...), renderOptions{}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%v: compacted workloads evaluate differently:\n%s", files, diff(want.String(), got.String()))
		}
	}
	if len(inputs) < 50 {
		t.Errorf("only %d inputs; the fixtures were not found", len(inputs))
	}
}

// manyWorkloads is an input of n Deployments (one container each, in one namespace).
func manyWorkloads(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "---\n%s", good(fmt.Sprintf("web-%d", i)))
	}
	return b.String()
}

// interruptAfter runs check with args on input, cancelling the run's context once `after`
// workloads were evaluated, as SIGINT does through signal.NotifyContext.
func interruptAfter(t *testing.T, input string, after int, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	env := &Env{
		In: strings.NewReader(input), Out: &out, Err: &errb,
		Now:        func() time.Time { return fixedNow },
		Binary:     "prodready",
		IsTerminal: func(io.Writer) bool { return false },
		afterWorkload: func(n int) {
			if n == after {
				cancel()
			}
		},
	}
	code := Run(ctx, env, append([]string{"check", "-f", "-"}, args...))
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// TestInterruptedCheck: a cancelled context (SIGINT, SIGTERM) stops the run at the next
// workload; the document printed is complete and valid for the workloads evaluated, stderr
// says how far it got and the exit code is 130, whatever the verdicts.
func TestInterruptedCheck(t *testing.T) {
	in := manyWorkloads(5)
	t.Run("json", func(t *testing.T) {
		r := interruptAfter(t, in, 2, "-o", "json", "--fail-on", "none")
		if r.code != ExitInterrupted {
			t.Fatalf("exit %d, want 130; stderr %s", r.code, r.stderr)
		}
		rep := decodeReport(t, r.stdout)
		if len(rep.Results) != 2 || rep.Results[1].Workload.Name != "web-1" {
			t.Errorf("want the results of the 2 workloads evaluated, got %d", len(rep.Results))
		}
		if rep.Errors == nil || len(rep.Errors) != 0 {
			t.Errorf("errors %v: want [] (an interruption is not an input error)", rep.Errors)
		}
		if want := "interrupted: 2 of 5 workloads evaluated\n"; r.stderr != want {
			t.Errorf("stderr %q, want %q", r.stderr, want)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		r := interruptAfter(t, in, 1, "-o", "sarif")
		var log sarifLog
		if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || r.code != ExitInterrupted {
			t.Fatalf("exit %d, %v:\n%s", r.code, err, r.stdout)
		}
		for _, res := range log.Runs[0].Results {
			if !strings.HasPrefix(res.Message.Text, "Deployment default/web-0:") {
				t.Errorf("a result of a workload not evaluated: %s", res.Message.Text)
			}
		}
	})
	t.Run("junit", func(t *testing.T) {
		r := interruptAfter(t, in, 3, "-o", "junit")
		var doc junitSuites
		if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != ExitInterrupted {
			t.Fatalf("exit %d, %v:\n%s", r.code, err, r.stdout)
		}
		if len(doc.Suites) != 3 {
			t.Errorf("%d suites, want 3", len(doc.Suites))
		}
	})
	t.Run("table", func(t *testing.T) {
		r := interruptAfter(t, in, 1)
		if r.code != ExitInterrupted || !strings.Contains(r.stdout, "\n1 workload: 0 ready, 1 not ready.\n") {
			t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
	t.Run("while reading", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var out, errb bytes.Buffer
		env := &Env{In: strings.NewReader(in), Out: &out, Err: &errb, Now: func() time.Time { return fixedNow }, Binary: "prodready"}
		code := Run(ctx, env, []string{"check", "-f", "-", "-o", "json"})
		if code != ExitInterrupted || !strings.Contains(errb.String(), "interrupted: 0 of 0 workloads evaluated (the input was not read to the end)") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
		if rep := decodeReport(t, out.String()); len(rep.Results) != 0 || len(rep.Errors) != 0 {
			t.Errorf("want an empty, valid report (no 'no workload' error): %+v", rep)
		}
	})
}

// TestExitCodeFromCounts: the exit code comes from counters, per --fail-on level, with the
// results streamed out.
func TestExitCodeFromCounts(t *testing.T) {
	// Ready under baseline, with an Advisory check that warns.
	warnOnly := yamlDocs(good("web"), readiness("web", "web", "  profile: baseline\n  checks:\n  - {id: image-digest-pinned, enforcement: Advisory}\n"))
	for _, tc := range []struct {
		failOn string
		want   int
	}{{"required", ExitOK}, {"advisory", ExitFailed}, {"none", ExitOK}} {
		if r := runCLI(t, warnOnly, "check", "-f", "-", "-o", "json", "--fail-on", tc.failOn); r.code != tc.want {
			t.Errorf("--fail-on %s: exit %d, want %d; stderr %s", tc.failOn, r.code, tc.want, r.stderr)
		}
	}
	if r := runCLI(t, manyWorkloads(3), "check", "-f", "-", "-o", "yaml"); r.code != ExitFailed {
		t.Errorf("failing workloads: exit %d, want 1", r.code)
	}
}

// TestSpoolLeavesNoFile: the temporary files of the spooled formats are gone after the run.
func TestSpoolLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	for _, format := range []string{formatYAML, formatSARIF, formatJUnit} {
		if r := runCLI(t, manyWorkloads(3), "check", "-f", "-", "-o", format); r.code != ExitFailed {
			t.Fatalf("-o %s: exit %d; stderr %s", format, r.code, r.stderr)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestSIGINTBinary builds the real binary, sends it SIGINT while it evaluates a large input
// and expects exit 130 with a valid, partial JSON report on standard output.
func TestSIGINTBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "prodready")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/prodready")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const workloads = 4000
	input := writeFile(t, dir, "fleet.yaml", manyWorkloads(workloads))
	cmd := exec.Command(bin, "check", "-f", input, "-o", "json")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The report is streamed: its first bytes come once the first results are written.
	first := make([]byte, 1)
	if _, err := io.ReadFull(stdout, first); err != nil {
		t.Fatalf("no output: %v; stderr %s", err, stderr.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitInterrupted {
		t.Fatalf("exit %v, want 130; stderr %s", err, stderr.String())
	}
	rep := decodeReport(t, string(first)+string(rest))
	if len(rep.Results) == 0 || len(rep.Results) >= workloads {
		t.Errorf("%d results: want a part of the %d workloads", len(rep.Results), workloads)
	}
	want := fmt.Sprintf("interrupted: %d of %d workloads evaluated\n", len(rep.Results), workloads)
	if stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}
