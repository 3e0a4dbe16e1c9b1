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
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/snapshot"
)

// stdinName names standard input in messages unless --stdin-filename says otherwise.
const stdinName = "<stdin>"

// manifestExtensions are the files a directory walk reads.
var manifestExtensions = map[string]bool{".yaml": true, ".yml": true, ".json": true}

// loader streams inputs into a snapshot.Manifests, document by document: only the kinds
// prodready reads are kept (workloads, their related objects and prodready's own kinds), the
// rest is dropped as it is read. Input errors are collected; reading carries on.
type loader struct {
	set *snapshot.Manifests
	// profiles records where each ReadinessProfile of the input was read.
	profiles map[string]manifest.Source
	errors   []InputError
	stdin    io.Reader
	// stdinName is the name standard input is reported under.
	stdinName string
	// only, when set, keeps just the documents it accepts (--policy files).
	only func(manifest.Document) bool
	// ctx, when set, stops reading when it is cancelled (SIGINT, SIGTERM), setting interrupted.
	ctx         context.Context
	interrupted bool
}

// loadPolicies reads --policy inputs: only their ReadinessPolicy and ReadinessProfile objects
// are kept.
func (l *loader) loadPolicies(inputs []string) {
	l.only = func(doc manifest.Document) bool {
		if doc.Err != nil {
			return true
		}
		gk := doc.Object.GroupVersionKind().GroupKind()
		return gk.Group == v1alpha1.GroupVersion.Group && (gk.Kind == "ReadinessPolicy" || gk.Kind == "ReadinessProfile")
	}
	defer func() { l.only = nil }()
	l.load(inputs)
}

func newLoader(namespace string, stdin io.Reader, stdinFilename string) *loader {
	if stdinFilename == "" {
		stdinFilename = stdinName
	}
	set := snapshot.NewManifests(namespace)
	// Workloads are kept compacted and decoded again one at a time when evaluated, so that
	// memory grows by a few hundred bytes per workload.
	set.Compact = true
	return &loader{set: set, profiles: map[string]manifest.Source{}, stdin: stdin, stdinName: stdinFilename}
}

// finish completes the input once every file is read: the workloads a Rollout's workloadRef
// names are decoded whole, for Snapshot to resolve the Rollout's template.
func (l *loader) finish() {
	if err := l.set.DecodeReferenced(); err != nil {
		l.fail("", 0, err.Error())
	}
}

// load reads every input: "-" is standard input, a directory is walked recursively for
// .yaml, .yml and .json files, anything else is read as a file whatever its extension.
func (l *loader) load(inputs []string) {
	for _, in := range inputs {
		if l.stopped() {
			return
		}
		if in == "-" {
			l.stream(l.stdin, l.stdinName)
			continue
		}
		info, err := os.Stat(in)
		if err != nil {
			l.fail(in, 0, describeFSError(err))
			continue
		}
		if info.IsDir() {
			l.walk(in)
			continue
		}
		l.file(in)
	}
}

func (l *loader) walk(root string) {
	found := 0
	realRoot, rootErr := filepath.EvalSymlinks(root)
	if rootErr != nil {
		l.fail(root, 0, describeFSError(rootErr))
		return
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			l.fail(path, 0, describeFSError(err))
			return nil
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // .git, .github and the like
			}
			return nil
		}
		if !manifestExtensions[strings.ToLower(filepath.Ext(path))] {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			regular, msg := linkInside(realRoot, path)
			if msg != "" {
				l.fail(path, 0, msg)
			}
			if !regular {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil // a device, FIFO or socket: never read in a walk
		}
		if l.stopped() {
			return filepath.SkipAll
		}
		found++
		l.file(path)
		return nil
	})
	if err != nil {
		l.fail(root, 0, describeFSError(err))
		return
	}
	if found == 0 && !l.interrupted {
		l.fail(root, 0, "directory holds no .yaml, .yml or .json files")
	}
}

// linkInside decides a symbolic link met in a walk: it is read only when it resolves to a
// regular file inside the walked directory (realRoot, itself resolved). A link leaving the
// directory is refused with a message; a link to a device, FIFO or socket is skipped.
func linkInside(realRoot, path string) (regular bool, msg string) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false, "symbolic link cannot be resolved; not read"
	}
	rel, err := filepath.Rel(realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return false, "symbolic link points outside " + realRoot + "; not read"
	}
	info, err := os.Stat(target)
	if err != nil || !info.Mode().IsRegular() {
		return false, ""
	}
	return true, ""
}

func (l *loader) file(path string) {
	f, err := os.Open(path)
	if err != nil {
		l.fail(path, 0, describeFSError(err))
		return
	}
	defer func() { _ = f.Close() }()
	l.stream(f, path)
}

// stream decodes one input document by document; nothing is buffered beyond one document.
func (l *loader) stream(r io.Reader, name string) {
	rd := manifest.NewReader(r, name)
	for {
		if l.stopped() {
			return
		}
		doc, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			l.fail(name, 0, strings.TrimPrefix(err.Error(), name+": "))
			return
		}
		l.add(doc)
	}
}

func (l *loader) add(doc manifest.Document) {
	if l.only != nil && !l.only(doc) {
		return
	}
	if doc.Err == nil && isProfile(doc) {
		l.profiles[doc.Object.GetName()] = doc.Source
	}
	if err := l.set.Add(doc); err != nil {
		l.fail(doc.Source.File, doc.Source.Line, describeAddError(doc, err))
	}
}

// stopped reports whether reading was interrupted.
func (l *loader) stopped() bool {
	if !l.interrupted && l.ctx != nil && l.ctx.Err() != nil {
		l.interrupted = true
	}
	return l.interrupted
}

func isProfile(doc manifest.Document) bool {
	gvk := doc.Object.GroupVersionKind()
	return gvk.Group == v1alpha1.GroupVersion.Group && gvk.Kind == "ReadinessProfile"
}

func (l *loader) fail(file string, line int, msg string) {
	l.errors = append(l.errors, InputError{File: file, Line: line, Message: msg})
}

// describeFSError drops the path that os errors repeat (the InputError names the file).
func describeFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot read: %v", pe.Err)
	}
	return err.Error()
}

func itoa(n int) string { return strconv.Itoa(n) }
