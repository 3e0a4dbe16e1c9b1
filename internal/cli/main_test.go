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
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// update rewrites the golden files: go test ./internal/cli -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixedNow is the evaluation time of every test (exemption expiry is relative to it).
var fixedNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	stopEnvtest()
	os.Exit(code)
}

// result is what one CLI run produced.
type result struct {
	stdout, stderr string
	code           int
}

// runOpts tune a CLI run.
type runOpts struct {
	stdin    io.Reader
	terminal bool
	binary   string
}

// runCLI runs the CLI in-process with args and returns its output and exit code.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runWith(t, runOpts{stdin: strings.NewReader(stdin)}, args...)
}

func runWith(t *testing.T, o runOpts, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	if o.stdin == nil {
		o.stdin = strings.NewReader("")
	}
	if o.binary == "" {
		o.binary = "prodready"
	}
	env := &Env{
		In: o.stdin, Out: &out, Err: &errb,
		Now:        func() time.Time { return fixedNow },
		Binary:     o.binary,
		IsTerminal: func(io.Writer) bool { return o.terminal },
	}
	code := Run(context.Background(), env, args)
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, diff(string(want), got))
	}
}

// diff shows the first differing line of two texts with some context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n want: " + wl + "\n got:  " + gl
		}
	}
	return "(identical lines, different line endings)"
}

// writeFile writes a file under dir, creating directories.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func assertContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}
