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

// Package manifest reads Kubernetes manifests: multi-document YAML or JSON, List kinds, from
// files, directories or stdin. It streams document by document and reports a malformed document
// with its file and line without stopping at it.
package manifest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Source locates a document.
type Source struct {
	File string
	// Line is the 1-based line where the document starts.
	Line int
	// Index is the 0-based position of the document in the file (List items share their
	// List's index).
	Index int
}

func (s Source) String() string {
	if s.File == "" {
		return fmt.Sprintf("line %d", s.Line)
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

// Document is one object of a manifest, or the error that stopped it from being read.
type Document struct {
	Source Source
	// Object is the decoded object (nil when Err is set).
	Object *unstructured.Unstructured
	// JSON is the object's JSON encoding, for typed decoding.
	JSON []byte
	// Err describes a malformed document; the reader carries on with the next one.
	Err error
}

// MaxDocumentSize bounds one document (a larger one is reported as an error).
const MaxDocumentSize = 16 << 20

// Reader streams the documents of one input.
type Reader struct {
	file  string
	br    *bufio.Reader
	line  int // number of lines consumed so far
	index int
	eof   bool
	queue []Document
}

// NewReader reads documents from r; file names the input in Sources ("" for stdin).
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{file: file, br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next document, or io.EOF. Errors inside a document come back as a Document
// with Err set and the reader carries on; only an unreadable input returns a non-EOF error.
func (r *Reader) Next() (Document, error) {
	for len(r.queue) == 0 {
		if r.eof {
			return Document{}, io.EOF
		}
		chunk, start, oversize, err := r.readChunk()
		if err != nil {
			return Document{}, fmt.Errorf("%s: reading: %w", r.sourceName(), err)
		}
		if start == 0 {
			continue // an empty document between separators
		}
		src := Source{File: r.file, Line: start, Index: r.index}
		r.index++
		if oversize {
			r.queue = []Document{{Source: src, Err: fmt.Errorf("%s: document is larger than %d bytes", src, MaxDocumentSize)}}
			continue
		}
		r.queue = decodeChunk(chunk, src)
	}
	d := r.queue[0]
	r.queue = r.queue[1:]
	return d, nil
}

// readChunk reads up to the next "---" separator line (or the end of input). start is the line
// of the chunk's first line that is neither blank nor a comment, 0 when there is none.
func (r *Reader) readChunk() (chunk []byte, start int, oversize bool, err error) {
	var buf bytes.Buffer
	for {
		line, rerr := r.readLine()
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return nil, 0, false, rerr
		}
		if len(line) > 0 {
			r.line++
			if isSeparator(line) {
				if buf.Len() > 0 || start != 0 || oversize {
					return buf.Bytes(), start, oversize, nil
				}
				continue
			}
			if start == 0 && !isBlank(line) {
				start = r.line
			}
			if buf.Len()+len(line) > MaxDocumentSize {
				oversize = true
				buf.Reset()
			} else if !oversize {
				buf.Write(line)
			}
		}
		if errors.Is(rerr, io.EOF) {
			r.eof = true
			return buf.Bytes(), start, oversize, nil
		}
	}
}

// ErrLineTooLong ends an input with a line longer than MaxDocumentSize: nothing after it is read
// (an endless line, such as a link to /dev/zero, would otherwise be read for ever).
var ErrLineTooLong = fmt.Errorf("a line is longer than %d bytes; the rest of the input is not read", MaxDocumentSize)

// readLine reads one line with its newline, holding at most MaxDocumentSize bytes of it: the
// bufio.Reader's buffer is the only other memory a line costs, however long it is.
func (r *Reader) readLine() ([]byte, error) {
	var line []byte
	for {
		frag, err := r.br.ReadSlice('\n')
		if len(line)+len(frag) > MaxDocumentSize {
			return nil, fmt.Errorf("line %d: %w", r.line+1, ErrLineTooLong)
		}
		if need := len(line) + len(frag); need > cap(line) {
			// Double (append grows large slices by a quarter, costing five times the line).
			grown := make([]byte, len(line), min(max(2*cap(line), need), MaxDocumentSize))
			copy(grown, line)
			line = grown
		}
		line = append(line, frag...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return line, err
	}
}

// isSeparator reports a YAML document separator line: "---", optionally followed by a comment.
func isSeparator(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	rest := bytes.TrimSpace(line[3:])
	return len(rest) == 0 || rest[0] == '#'
}

func (r *Reader) sourceName() string {
	if r.file == "" {
		return "<stdin>"
	}
	return r.file
}

// decodeChunk decodes one YAML document (or JSON object) into zero or more Documents: a List
// yields its items, an empty document yields nothing.
func decodeChunk(chunk []byte, src Source) []Document {
	if len(chunk) > MaxDocumentSize {
		return []Document{{Source: src, Err: fmt.Errorf("%s: document is larger than %d bytes", src, MaxDocumentSize)}}
	}
	if isBlank(chunk) {
		return nil
	}
	// One strict parse for the common, valid document; the lenient one only to tell a
	// malformed document from one with duplicate keys.
	js, strictErr := yaml.YAMLToJSONStrict(chunk)
	var dups []string
	if strictErr != nil {
		var err error
		if js, err = yaml.YAMLToJSON(chunk); err != nil {
			return []Document{{Source: src, Err: fmt.Errorf("%s: malformed YAML: %s", src, describeYAMLError(err, src.Line-leadingBlankLines(chunk), src.Line+lastContentLine(chunk)-leadingBlankLines(chunk)-1))}}
		}
		dups = duplicateKeys(strictErr)
	}
	if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
		return nil
	}
	if len(dups) > 0 {
		msg := rebaseLines(strings.Join(dups, "; "), src.Line-leadingBlankLines(chunk), src.Line+lastContentLine(chunk)-leadingBlankLines(chunk)-1)
		return []Document{{Source: src, Err: fmt.Errorf("%s: duplicate keys, which kubectl and the API server refuse rather than keep the last value: %s", src, msg)}}
	}
	// Decode into a map first: unstructured's own decoder quotes the whole document in its
	// errors, which could put a Secret's value into a message.
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		return []Document{{Source: src, Err: fmt.Errorf("%s: not a Kubernetes object: the document is %s, not a mapping", src, jsonKind(js))}}
	}
	obj := &unstructured.Unstructured{Object: m}
	if obj.IsList() {
		return listItems(obj, src)
	}
	if obj.GetKind() == "" || obj.GetAPIVersion() == "" {
		return []Document{{Source: src, Err: fmt.Errorf("%s: document has no apiVersion and kind", src)}}
	}
	return []Document{{Source: src, Object: obj, JSON: js}}
}

// listItems returns the items of a List (v1 List, or a typed list such as DeploymentList whose
// items carry no apiVersion and kind: they get the list's, as the API machinery does).
func listItems(list *unstructured.Unstructured, src Source) []Document {
	items, _ := list.Object["items"].([]any)
	listKind := list.GetKind()
	itemKind := strings.TrimSuffix(listKind, "List")
	out := make([]Document, 0, len(items))
	for i, it := range items {
		fields, ok := it.(map[string]any)
		if !ok {
			out = append(out, Document{Source: src, Err: fmt.Errorf("%s: item %d of %s is not an object", src, i, listKind)})
			continue
		}
		item := &unstructured.Unstructured{Object: fields}
		if item.GetKind() == "" && item.GetAPIVersion() == "" && itemKind != "" && itemKind != listKind {
			item.SetKind(itemKind)
			item.SetAPIVersion(list.GetAPIVersion())
		}
		if item.GetKind() == "" || item.GetAPIVersion() == "" {
			out = append(out, Document{Source: src, Err: fmt.Errorf("%s: item %d of %s has no apiVersion and kind", src, i, listKind)})
			continue
		}
		itemJSON, err := json.Marshal(fields)
		if err != nil {
			out = append(out, Document{Source: src, Err: fmt.Errorf("%s: item %d of %s cannot be encoded", src, i, listKind)})
			continue
		}
		out = append(out, Document{Source: src, Object: item, JSON: itemJSON})
	}
	return out
}

// jsonKind names the JSON type of a document that is not an object, for messages (never its
// content).
func jsonKind(js []byte) string {
	t := bytes.TrimSpace(js)
	if len(t) == 0 {
		return "empty"
	}
	switch t[0] {
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

// rebaseLines rewrites the parser's document-relative "line N" into a line of the file, given
// the file lines of the document's first line and of its last non-blank line. The YAML library
// counts lines from 1 for scanner errors but from 0 for parser errors (see parserProblems), and
// an error at the end of the document points past its last line; both are corrected so the line
// is one a reader can open.
func rebaseLines(msg string, firstLine, lastLine int) string {
	zeroBased := false
	for _, p := range parserProblems {
		if strings.Contains(msg, p) {
			zeroBased = true
			break
		}
	}
	return yamlLine.ReplaceAllStringFunc(msg, func(m string) string {
		n, err := strconv.Atoi(strings.TrimPrefix(m, "line "))
		if err != nil {
			return m
		}
		if zeroBased {
			n++
		}
		line := n + firstLine - 1
		if line > lastLine && lastLine >= firstLine {
			line = lastLine
		}
		return fmt.Sprintf("line %d", line)
	})
}

// parserProblems are the YAML library's parser (not scanner) error messages, whose line numbers
// are 0-based.
var parserProblems = []string{
	"did not find expected key",
	"did not find expected ',' or '}'",
	"did not find expected ',' or ']'",
	"did not find expected '-' indicator",
	"did not find expected node content",
	"did not find expected <document start>",
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func leadingBlankLines(chunk []byte) int {
	n := 0
	for _, line := range bytes.Split(chunk, []byte("\n")) {
		if !isBlank(line) {
			break
		}
		n++
	}
	return n
}

// lastContentLine is the 1-based line of the chunk's last line that is neither blank nor a
// comment (0 when there is none).
func lastContentLine(chunk []byte) int {
	last := 0
	for i, line := range bytes.Split(chunk, []byte("\n")) {
		if !isBlank(line) {
			last = i + 1
		}
	}
	return last
}

func isBlank(chunk []byte) bool {
	for _, line := range bytes.Split(chunk, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] != '#' && !bytes.Equal(t, []byte("---")) && !bytes.Equal(t, []byte("...")) {
			return false
		}
	}
	return true
}

// describeYAMLError turns a YAML library error into a fixed message: "line N: " (a line of
// the file) and one of yamlProblems. The library's own text is never returned: some of its
// messages quote the document (a tag that does not fit a scalar quotes the scalar, an unknown
// anchor its name, a null or integer key its value), and a Secret's value must never reach an
// error.
func describeYAMLError(err error, firstLine, lastLine int) string {
	msg := err.Error()
	problem := "the document is not valid YAML"
	for _, p := range yamlProblems {
		if strings.Contains(msg, p.match) {
			problem = p.say
			break
		}
	}
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return problem
	}
	n, convErr := strconv.Atoi(m[1])
	if convErr != nil {
		return problem
	}
	for _, p := range parserProblems {
		if strings.Contains(msg, p) {
			n++ // the parser counts lines from 0, the scanner from 1
			break
		}
	}
	line := n + firstLine - 1
	if line > lastLine && lastLine >= firstLine {
		line = lastLine // an error at the end of the document points past its last line
	}
	return fmt.Sprintf("line %d: %s", line, problem)
}

// yamlProblems maps the YAML library's messages (match, a constant part of the message) to what
// prodready says; the first that matches wins.
var yamlProblems = []struct{ match, say string }{
	{"unsupported map key of type", "a mapping key is null or a number too large for JSON"},
	{"invalid map key", "a mapping or sequence is used as a mapping key"},
	{"cannot decode", "a scalar does not fit its explicit tag (such as !!int)"},
	{"cannot unmarshal", "a scalar does not fit its explicit tag (such as !!int)"},
	{"!!binary value contains invalid base64 data", "a !!binary value is not valid base64"},
	{"unknown anchor", "an alias refers to an anchor that is not defined"},
	{"excessive aliasing", "too many aliases"},
	{"did not find expected key", "did not find expected key"},
	{"did not find expected ',' or '}'", "did not find expected ',' or '}'"},
	{"did not find expected ',' or ']'", "did not find expected ',' or ']'"},
	{"did not find expected '-' indicator", "did not find expected '-' indicator"},
	{"did not find expected node content", "did not find expected node content"},
	{"did not find expected <document start>", "did not find expected <document start>"},
	{"did not find expected alphabetic or numeric character", "an anchor or alias name is not alphanumeric"},
	{"mapping values are not allowed in this context", "mapping values are not allowed in this context"},
	{"block sequence entries are not allowed in this context", "block sequence entries are not allowed in this context"},
	{"found character that cannot start any token", "found character that cannot start any token"},
	{"found a tab character", "a tab character is used for indentation"},
	{"found unexpected end of stream", "found unexpected end of stream"},
	{"found unexpected ':'", "found unexpected ':'"},
	{"could not find expected ':'", "could not find expected ':'"},
	{"found unknown escape character", "a double-quoted string has an unknown escape"},
	{"found undefined tag handle", "a tag uses an undefined handle"},
	{"control characters are not allowed", "control characters are not allowed"},
	{"invalid leading UTF-8 octet", "the document is not valid UTF-8"},
	{"incomplete UTF-8 octet sequence", "the document is not valid UTF-8"},
	{"invalid trailing UTF-8 octet", "the document is not valid UTF-8"},
	{"found duplicate key", "a mapping key is repeated"},
	{"already defined", "a mapping key is repeated"},
	{"found incompatible YAML document", "the YAML version is not supported"},
}

// duplicateKey matches the strict YAML decoder's report of a key given twice in one mapping.
var duplicateKey = regexp.MustCompile(`line (\d+): key ("(?:[^"\\]|\\.)*") already set in map`)

// duplicateKeys lists, from the strict decoder's error, as "line N: key "k" is given twice", the keys a document repeats within
// one mapping (the lenient decoder keeps the last value silently). Only line numbers and key
// names are taken from the decoder's report, never values.
func duplicateKeys(err error) []string {
	var out []string
	for _, m := range duplicateKey.FindAllStringSubmatch(err.Error(), -1) {
		out = append(out, fmt.Sprintf("line %s: key %s is given twice", m[1], m[2]))
	}
	return out
}

// ReadAll reads every document of r.
func ReadAll(r io.Reader, file string) ([]Document, error) {
	rd := NewReader(r, file)
	var out []Document
	for {
		d, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, d)
	}
}
