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
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/prodready/prodready/internal/manifest"
)

// got is a compact view of a Document for assertions.
type got struct {
	line  int
	index int
	kind  string
	name  string
	err   string
}

func readAll(t *testing.T, in, file string) []got {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(in), file)
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	out := make([]got, 0, len(docs))
	for _, d := range docs {
		g := got{line: d.Source.Line, index: d.Source.Index}
		if d.Err != nil {
			g.err = d.Err.Error()
		} else {
			g.kind, g.name = d.Object.GetKind(), d.Object.GetName()
			if len(d.JSON) == 0 {
				t.Errorf("%s %s: empty JSON", g.kind, g.name)
			}
		}
		out = append(out, g)
	}
	return out
}

func TestReaderDocuments(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []got
	}{{
		name: "multi-document YAML with comments, separators and empty documents",
		in: `# leading comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
--- # a separator with a comment
---

# Source: chart/templates/b.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
---
`,
		want: []got{{line: 3, index: 0, kind: "ConfigMap", name: "a"}, {line: 11, index: 1, kind: "ConfigMap", name: "b"}},
	}, {
		name: "JSON object",
		in:   `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}`,
		want: []got{{line: 1, kind: "Deployment", name: "web"}},
	}, {
		name: "List kind: items share the List's source",
		in: `apiVersion: v1
kind: ConfigMap
metadata: {name: first}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: s}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: d}
`,
		want: []got{{line: 1, kind: "ConfigMap", name: "first"}, {line: 5, index: 1, kind: "Service", name: "s"}, {line: 5, index: 1, kind: "Deployment", name: "d"}},
	}, {
		name: "JSON List (kubectl get -o json)",
		in:   `{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}]}`,
		want: []got{{line: 1, kind: "Secret", name: "x"}},
	}, {
		name: "typed list: items without apiVersion and kind get the list's",
		in:   `{"apiVersion":"apps/v1","kind":"DeploymentList","items":[{"metadata":{"name":"d"}}]}`,
		want: []got{{line: 1, kind: "Deployment", name: "d"}},
	}, {
		name: "CRLF line endings",
		in:   "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n---\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s\r\n",
		want: []got{{line: 1, kind: "ConfigMap", name: "crlf"}, {line: 6, index: 1, kind: "Secret", name: "s"}},
	}, {
		name: "only comments and separators",
		in:   "# nothing\n---\n# here\n---\n...\n",
		want: []got{},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs := readAll(t, tc.in, "in.yaml")
			if fmt.Sprint(docs) != fmt.Sprint(tc.want) {
				t.Fatalf("documents:\n got  %+v\n want %+v", docs, tc.want)
			}
		})
	}
}

// TestReaderMalformed asserts that a malformed document is reported with the file and the line
// of the problem, and that the documents after it are still read.
func TestReaderMalformed(t *testing.T) {
	const good = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n"
	cases := []struct {
		name string
		bad  string
		// wantErr are substrings of the error; the first is the file:line of the document.
		wantErr []string
	}{{
		name:    "bad indentation (parser error)",
		bad:     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n data: x\n",
		wantErr: []string{"in.yaml:3:", "malformed YAML: line 7: did not find expected key"},
	}, {
		name:    "tab indentation (scanner error)",
		bad:     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: b\n",
		wantErr: []string{"in.yaml:3:", "malformed YAML: line 6:"},
	}, {
		name:    "unterminated flow mapping points at the document's last line",
		bad:     "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: x\n",
		wantErr: []string{"in.yaml:3:", "malformed YAML: line 6:"},
	}, {
		name:    "unterminated quoted string",
		bad:     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"s\n",
		wantErr: []string{"in.yaml:3:", "malformed YAML: line 6:"},
	}, {
		name:    "no kind",
		bad:     "apiVersion: v1\nmetadata: {name: x}\n",
		wantErr: []string{"in.yaml:3: document has no apiVersion and kind"},
	}, {
		name:    "a scalar, not an object",
		bad:     "just some text\n",
		wantErr: []string{"in.yaml:3: not a Kubernetes object"},
	}, {
		name:    "a sequence, not an object",
		bad:     "- a\n- b\n",
		wantErr: []string{"in.yaml:3: not a Kubernetes object"},
	}, {
		name:    "malformed JSON",
		bad:     `{"apiVersion": "v1", "kind": "ConfigMap",` + "\n",
		wantErr: []string{"in.yaml:3: malformed YAML: line 3:"},
	}, {
		name:    "duplicate keys are refused, not last-wins",
		bad:     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  x: \"1\"\n  x: \"2\"\n",
		wantErr: []string{"in.yaml:3: duplicate keys", `line 7: key "name" is given twice`, `line 10: key "x" is given twice`},
	}, {
		name:    "List item that is not an object",
		bad:     "apiVersion: v1\nkind: List\nitems:\n- just a string\n",
		wantErr: []string{"in.yaml:3: item 0 of List is not an object"},
	}, {
		name:    "List item without kind",
		bad:     "apiVersion: v1\nkind: List\nitems:\n- metadata: {name: x}\n",
		wantErr: []string{"in.yaml:3: item 0 of List has no apiVersion and kind"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Two lines of comment before the bad document, so file lines differ from
			// document lines.
			in := "# one\n# two\n" + tc.bad + good
			docs := readAll(t, in, "in.yaml")
			if len(docs) != 2 {
				t.Fatalf("want the error and the next document, got %+v", docs)
			}
			if docs[0].err == "" {
				t.Fatalf("want an error for the malformed document, got %+v", docs[0])
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(docs[0].err, s) {
					t.Errorf("error %q does not contain %q", docs[0].err, s)
				}
			}
			if docs[1].name != "after" || docs[1].err != "" {
				t.Errorf("the document after the malformed one was not read: %+v", docs[1])
			}
		})
	}
}

// TestReaderErrorsNeverQuoteContent feeds malformed documents holding a secret value and asserts
// that no error repeats it.
func TestReaderErrorsNeverQuoteContent(t *testing.T) {
	const value = "hunter2-SECRET-VALUE"
	inputs := []string{
		"apiVersion: v1\nmetadata: {name: s}\nstringData: {password: " + value + "}\n",
		"kind: Secret\nstringData: {password: " + value + "}\n",
		`{"apiVersion":"v1","kind":"List","items":[{"stringData":{"password":"` + value + `"}}]}`,
		"apiVersion: v1\nkind: Secret\nstringData:\n  password: " + value + "\n bad: indent\n",
		"\"" + value + "\"\n",
		"[" + value + "]\n",
		// The YAML library quotes a scalar whose tag does not fit it, the value of a null or
		// uint64 key, and a mapping used as a key.
		"apiVersion: v1\nkind: Secret\nstringData:\n  password: !!int " + value + "\n",
		"apiVersion: v1\nkind: Secret\nstringData:\n  password: !!timestamp |\n    " + value + "\n",
		"apiVersion: v1\nkind: Secret\nstringData:\n  ~: " + value + "\n",
		"apiVersion: v1\nkind: Secret\nstringData:\n  18446744073709551615: " + value + "\n",
		"apiVersion: v1\nkind: Secret\nstringData:\n  ? {password: " + value + "}\n  : x\n",
		// A duplicate key: the error names the key, never either value.
		"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: " + value + "\n  password: " + value + "x\n",
	}
	for i, in := range inputs {
		docs := readAll(t, in, "s.yaml")
		if len(docs) == 0 || docs[0].err == "" {
			t.Errorf("input %d: want an error, got %+v", i, docs)
			continue
		}
		for _, d := range docs {
			if strings.Contains(d.err, value) {
				t.Errorf("input %d: error repeats the secret value", i)
			}
		}
	}
}

func TestReaderStdinSourceName(t *testing.T) {
	docs := readAll(t, "foo: [\n", "")
	if len(docs) != 1 || !strings.HasPrefix(docs[0].err, "line 1: ") {
		t.Fatalf("stdin errors start with the line: %+v", docs)
	}
}

func TestReaderOversizeDocument(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n")
	line := "  k: " + strings.Repeat("x", 1<<20) + "\n"
	for b.Len() <= manifest.MaxDocumentSize {
		b.WriteString(line)
	}
	b.WriteString("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n")
	docs := readAll(t, b.String(), "big.yaml")
	if len(docs) != 2 {
		t.Fatalf("want 2 documents, got %d", len(docs))
	}
	if !strings.Contains(docs[0].err, "big.yaml:1: document is larger than") {
		t.Errorf("oversize error = %q", docs[0].err)
	}
	if docs[1].name != "small" {
		t.Errorf("document after the oversize one: %+v", docs[1])
	}
}

type failingReader struct{ data io.Reader }

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if errors.Is(err, io.EOF) {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestReaderReadError(t *testing.T) {
	r := manifest.NewReader(&failingReader{data: strings.NewReader("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")}, "pipe.yaml")
	_, err := r.Next()
	if err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "pipe.yaml: reading: connection reset") {
		t.Fatalf("Next() error = %v, want the read error naming the input", err)
	}
}

func TestSourceString(t *testing.T) {
	if got := (manifest.Source{File: "a.yaml", Line: 4}).String(); got != "a.yaml:4" {
		t.Errorf("String() = %q", got)
	}
	if got := (manifest.Source{Line: 4}).String(); got != "line 4" {
		t.Errorf("String() = %q", got)
	}
}

// endless is an input of n bytes of 'x' without a newline (n < 0: without end, as /dev/zero).
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	if e.n == 0 {
		return 0, io.EOF
	}
	k := len(p)
	if e.n > 0 && k > e.n {
		k = e.n
	}
	for i := range p[:k] {
		p[i] = 'x'
	}
	if e.n > 0 {
		e.n -= k
	}
	return k, nil
}

// A line longer than MaxDocumentSize ends the input with an error after at most that many bytes
// were held, and an endless line does not read for ever.
func TestReaderBoundsLines(t *testing.T) {
	for name, n := range map[string]int{"200 MB line": 200 << 20, "endless": -1} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rd := manifest.NewReader(io.MultiReader(strings.NewReader("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: "), &endless{n: n}), "big.yaml")
			_, err := rd.Next()
			runtime.ReadMemStats(&after)
			if !errors.Is(err, manifest.ErrLineTooLong) || !strings.Contains(err.Error(), "big.yaml: reading: line 5: a line is longer than") {
				t.Fatalf("Next() = %v, want ErrLineTooLong for line 5", err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d MB", alloc>>20)
			if alloc > 3*manifest.MaxDocumentSize {
				t.Errorf("reading the line allocated %d MB, want at most %d MB", alloc>>20, 3*manifest.MaxDocumentSize>>20)
			}
		})
	}
}
