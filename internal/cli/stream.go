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
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/prodready/prodready/internal/checks"
)

// reportWriter writes a check report as it is produced, so that memory does not grow with the
// report: result is called once per Result, in order, with the report being built (its custom
// checks so far, which the result's checks are among; Results is not read), and close once at
// the end with what follows the results (input errors, which evaluation may add to, dangling
// objects, every custom check the results name). The documents are byte for byte those of the whole Report written
// at once (renderReport).
//
// JSON and the table go straight to the writer. YAML (whose keys are sorted, so results come
// last), SARIF (rules and notifications precede the results) and JUnit (the totals are
// attributes of the root element) write each result to a temporary file as it is produced and
// copy it after what must precede it: memory stays bounded, the output appears at the end.
type reportWriter interface {
	result(rep *Report, r *Result) error
	// close writes the rest of the document; rep.Results is not read.
	close(rep *Report) error
	// discard releases temporary files; it is safe after close and when close was not called.
	discard()
}

// newReportWriter returns the writer of a check output format.
func newReportWriter(format string, w io.Writer, o renderOptions) reportWriter {
	switch format {
	case formatJSON:
		return newJSONWriter(w)
	case formatYAML:
		return &yamlWriter{w: w}
	case formatSARIF:
		return &sarifWriter{w: w}
	case formatJUnit:
		return &junitWriter{w: w}
	}
	return &tableWriter{p: &printer{w: w, color: o.color}, verbose: o.verbose}
}

// renderReport writes a whole check report in a format.
func renderReport(w io.Writer, format string, rep *Report, o renderOptions) error {
	rw := newReportWriter(format, w, o)
	defer rw.discard()
	for i := range rep.Results {
		if err := rw.result(rep, &rep.Results[i]); err != nil {
			return err
		}
	}
	return rw.close(rep)
}

// tally counts the results written, for the exit code and the table's footer.
type tally struct {
	results, ready int
	// advisory counts the results failing with --fail-on advisory.
	advisory int
}

func (t *tally) add(r *Result) {
	t.results++
	if r.Ready {
		t.ready++
	}
	if r.failing(failOnAdvisory) {
		t.advisory++
	}
}

// failing reports whether a result counted fails with a --fail-on level.
func (t *tally) failing(level string) bool {
	switch level {
	case failOnNone:
		return false
	case failOnAdvisory:
		return t.advisory > 0
	}
	return t.results > t.ready
}

// indentedJSON encodes values as writeJSON would at a nesting depth given by prefix, without
// HTML escaping and without the final newline.
type indentedJSON struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newIndentedJSON(prefix string) *indentedJSON {
	j := &indentedJSON{}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	j.enc.SetIndent(prefix, "  ")
	return j
}

func (j *indentedJSON) encode(v any) ([]byte, error) {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")), nil
}

// jsonWriter streams the JSON document: {"results": [...], "errors": [...], ...}.
type jsonWriter struct {
	w       io.Writer
	item    *indentedJSON // results[i], at depth 2
	field   *indentedJSON // top-level values, at depth 1
	n       int
	started bool
}

func newJSONWriter(w io.Writer) *jsonWriter {
	return &jsonWriter{w: w, item: newIndentedJSON("    "), field: newIndentedJSON("  ")}
}

func (j *jsonWriter) start() error {
	if j.started {
		return nil
	}
	j.started = true
	_, err := io.WriteString(j.w, "{\n  \"results\": [")
	return err
}

func (j *jsonWriter) result(_ *Report, r *Result) error {
	if err := j.start(); err != nil {
		return err
	}
	b, err := j.item.encode(r)
	if err != nil {
		return err
	}
	sep := ",\n    "
	if j.n == 0 {
		sep = "\n    "
	}
	j.n++
	if _, err := io.WriteString(j.w, sep); err != nil {
		return err
	}
	_, err = j.w.Write(b)
	return err
}

func (j *jsonWriter) close(rep *Report) error {
	if err := j.start(); err != nil {
		return err
	}
	var out bytes.Buffer
	if j.n > 0 {
		out.WriteString("\n  ")
	}
	out.WriteString("]")
	fields := []struct {
		name  string
		value any
		omit  bool
	}{
		{"errors", rep.Errors, false},
		{"fleet", rep.Fleet, len(rep.Fleet) == 0},
		{"dangling", rep.Dangling, len(rep.Dangling) == 0},
	}
	for _, f := range fields {
		if f.omit {
			continue
		}
		b, err := j.field.encode(f.value)
		if err != nil {
			return err
		}
		out.WriteString(",\n  \"" + f.name + "\": ")
		out.Write(b)
	}
	out.WriteString("\n}\n")
	_, err := j.w.Write(out.Bytes())
	return err
}

func (j *jsonWriter) discard() {}

// tableWriter streams the human report.
type tableWriter struct {
	p       *printer
	verbose bool
	count   tally
}

func (t *tableWriter) result(_ *Report, r *Result) error {
	if t.count.results > 0 {
		t.p.printf("\n")
	}
	t.p.result(r, t.verbose)
	t.count.add(r)
	return t.p.err
}

func (t *tableWriter) close(rep *Report) error {
	if t.count.results == 0 {
		t.p.printf("No workload (%s) found in the input.\n", strings.Join(checks.KindNames(), ", "))
	}
	t.p.dangling(rep)
	t.p.footer(rep, &t.count, t.verbose)
	return t.p.err
}

func (t *tableWriter) discard() {}

// spool holds a part of a document that is written after parts produced later: in a temporary
// file, removed when discarded (or at once where the system allows it), or in memory when no
// temporary file can be created.
type spool struct {
	f   *os.File
	buf *bufio.Writer
	mem *bytes.Buffer
	w   io.Writer
	// removed is true once the file's name is gone (it may still be open).
	removed bool
}

func newSpool() *spool {
	s := &spool{}
	f, err := os.CreateTemp("", "prodready-report-*")
	if err != nil {
		s.mem = &bytes.Buffer{}
		s.w = s.mem
		return s
	}
	s.f = f
	// Unlinked while open where the system allows it: nothing is left behind even when the
	// process is killed.
	s.removed = os.Remove(f.Name()) == nil
	s.buf = bufio.NewWriterSize(f, 256<<10)
	s.w = s.buf
	return s
}

func (s *spool) Write(p []byte) (int, error) { return s.w.Write(p) }

// reader reads back what was spooled.
func (s *spool) reader() (io.Reader, error) {
	if s.mem != nil {
		return bytes.NewReader(s.mem.Bytes()), nil
	}
	if err := s.buf.Flush(); err != nil {
		return nil, fmt.Errorf("writing a temporary file: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("reading a temporary file: %w", err)
	}
	return s.f, nil
}

// copyTo writes what was spooled to w.
func (s *spool) copyTo(w io.Writer) error {
	r, err := s.reader()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func (s *spool) discard() {
	if s == nil || s.f == nil {
		return
	}
	_ = s.f.Close()
	if !s.removed {
		_ = os.Remove(s.f.Name())
	}
	s.f = nil
}
