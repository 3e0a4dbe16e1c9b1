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

package manifest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prodready/prodready/internal/manifest"
)

// errLine finds the file line a "malformed YAML" error points at.
var errLine = regexp.MustCompile(`malformed YAML: line (\d+)`)

// FuzzReader feeds arbitrary bytes to the reader. It must never panic and every document it
// returns must be well formed: an object with apiVersion and kind and its JSON, or an error that
// starts with the document's source, with lines inside the input and in order. The seed corpus
// is every check fixture plus the awkward inputs below; `go test` runs the seeds, `make fuzz`
// fuzzes.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "checks", "testdata", "*", "*.yaml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"---",
		"--- # c\n---\n...\n",
		"apiVersion: v1\nkind: List\nitems: [1, {kind: A}, {apiVersion: v1, kind: B, metadata: {name: b}}]\n",
		`{"apiVersion":"apps/v1","kind":"DeploymentList","items":[{"metadata":{"name":"d"}}]}`,
		"a: [\n---\nb: {\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: 1\n",
		"\t- x\n",
		"&a [*a]\n",
		"apiVersion: v1\r\nkind: Secret\r\n",
		"%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<16 {
			return // inputs are bounded to keep each run fast
		}
		lines := bytes.Count(in, []byte("\n")) + 1
		r := manifest.NewReader(bytes.NewReader(in), "fuzz.yaml")
		lastLine, lastIndex := 0, 0
		for {
			d, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatalf("Next: %v (only EOF is expected from an in-memory input)", err)
			}
			src := d.Source
			if src.File != "fuzz.yaml" || src.Line < 1 || src.Line > lines || src.Line < lastLine || src.Index < lastIndex {
				t.Fatalf("bad source %+v after line %d index %d (input has %d lines)", src, lastLine, lastIndex, lines)
			}
			lastLine, lastIndex = src.Line, src.Index
			if (d.Err == nil) == (d.Object == nil) {
				t.Fatalf("%s: want exactly one of Err and Object, got %v and %v", src, d.Err, d.Object)
			}
			if d.Err != nil {
				checkError(t, d, lines)
				continue
			}
			if d.Object.GetKind() == "" || d.Object.GetAPIVersion() == "" {
				t.Fatalf("%s: object without apiVersion or kind", src)
			}
			if !json.Valid(d.JSON) {
				t.Fatalf("%s: invalid JSON", src)
			}
		}
	})
}

func checkError(t *testing.T, d manifest.Document, lines int) {
	t.Helper()
	msg := d.Err.Error()
	if !strings.HasPrefix(msg, d.Source.String()+": ") {
		t.Fatalf("error %q does not start with its source %s", msg, d.Source)
	}
	if m := errLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < d.Source.Line || n > lines {
			t.Fatalf("error %q points at line %d, outside the document (starts at %d, input has %d lines)", msg, n, d.Source.Line, lines)
		}
	}
}
