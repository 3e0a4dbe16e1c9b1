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

package checks

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// fixtures are the pass/fail examples of every check (testdata/<id>/<result>-<name>.yaml). They
// are embedded so `prodready explain` and the generated docs show the same YAML the tests run.
//
//go:embed testdata
var fixtures embed.FS

// Example is one fixture of a check.
type Example struct {
	// Name is the file name, e.g. "fail-sidecar-without-probe.yaml".
	Name string
	// Expect is the result the fixture produces: pass, fail, warn, skip or pending.
	Expect string
	// YAML is the fixture's content.
	YAML string
}

// Examples returns a check's fixtures, pass first, then fail, warn, skip, pending.
func Examples(id string) []Example {
	entries, err := fs.ReadDir(fixtures, path.Join("testdata", id))
	if err != nil {
		return nil
	}
	var out []Example
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		b, err := fixtures.ReadFile(path.Join("testdata", id, e.Name()))
		if err != nil {
			continue
		}
		expect, _, _ := strings.Cut(e.Name(), "-")
		out = append(out, Example{Name: e.Name(), Expect: expect, YAML: string(b)})
	}
	order := map[string]int{"pass": 0, "fail": 1, "warn": 2, "skip": 3, "pending": 4, "error": 5}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Expect] < order[out[j].Expect] })
	return out
}
