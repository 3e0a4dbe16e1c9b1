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
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// cliDoc is the CLI's documentation, relative to this package.
var cliDoc = filepath.Join("..", "..", "docs", "cli.md")

// fence is a fenced code block of a Markdown file.
type fence struct {
	lang string
	line int
	body string
}

func fences(t *testing.T, path string) []fence {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []fence
	var cur *fence
	var body []string
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &fence{lang: strings.TrimPrefix(line, "```"), line: i + 1}
			body = nil
		case cur != nil && line == "```":
			cur.body = strings.Join(body, "\n")
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: unterminated code block", path, cur.line)
	}
	return out
}

// TestDocsBlocksParse decodes every yaml and json code block of docs/cli.md; JSON blocks that
// are check reports must decode into Report without unknown fields.
func TestDocsBlocksParse(t *testing.T) {
	n := 0
	for _, f := range fences(t, cliDoc) {
		switch f.lang {
		case "yaml":
			n++
			var v map[string]any
			if err := yaml.Unmarshal([]byte(f.body), &v); err != nil || len(v) == 0 {
				t.Errorf("%s:%d: yaml block does not decode to a mapping: %v", cliDoc, f.line, err)
			}
		case "json":
			n++
			dec := json.NewDecoder(bytes.NewReader([]byte(f.body)))
			dec.DisallowUnknownFields()
			var rep Report
			if err := dec.Decode(&rep); err != nil || len(rep.Results) == 0 {
				t.Errorf("%s:%d: json block is not a check report: %v", cliDoc, f.line, err)
			}
		}
	}
	if n < 3 {
		t.Errorf("found %d yaml/json blocks; the CI examples and the JSON shape are expected", n)
	}
}

// TestDocsConsoleExamples runs every "$ prodready ..." console block of docs/cli.md and
// docs/workload-kinds.md from the repository root and compares the output (stdout, then stderr)
// with the block; a block ending in "..." is compared up to there.
func TestDocsConsoleExamples(t *testing.T) {
	for _, doc := range []string{cliDoc, filepath.Join("..", "..", "docs", "workload-kinds.md")} {
		if n := runConsoleBlocks(t, doc); n < 3 {
			t.Errorf("%s: found %d console examples, want at least 3", doc, n)
		}
	}
}

func runConsoleBlocks(t *testing.T, doc string) int {
	blocks := fences(t, doc)
	name := "docs/" + filepath.Base(doc)
	t.Chdir(filepath.Join("..", ".."))
	defer t.Chdir(filepath.Join("internal", "cli"))
	n := 0
	for _, f := range blocks {
		if f.lang != "console" {
			continue
		}
		lines := strings.Split(f.body, "\n")
		if !strings.HasPrefix(lines[0], "$ prodready ") {
			t.Errorf("%s:%d: a console block starts with \"$ prodready \"", name, f.line)
			continue
		}
		n++
		args := strings.Fields(strings.TrimPrefix(lines[0], "$ prodready "))
		want := strings.Join(lines[1:], "\n")
		r := runCLI(t, "", args...)
		got := strings.TrimRight(r.stdout+r.stderr, "\n")
		if prefix, ok := strings.CutSuffix(want, "\n..."); ok {
			if !strings.HasPrefix(got, prefix) {
				t.Errorf("%s:%d: output of %q does not start as documented:\n%s", name, f.line, lines[0], diff(prefix, got))
			}
			continue
		}
		if got != want {
			t.Errorf("%s:%d: output of %q differs from the docs:\n%s", name, f.line, lines[0], diff(want, got))
		}
	}
	return n
}
