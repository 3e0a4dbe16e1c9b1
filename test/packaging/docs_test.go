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

package packaging

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// wholeValues are values documented as one Kubernetes object, not key by key.
var wholeValues = map[string]bool{"resources": true, "podSecurityContext": true, "securityContext": true}

// TestInstallDocsCoverEveryValue asserts docs/install.md documents every key of the chart's
// values.yaml (as `key.path`), so a new value cannot ship undocumented.
func TestInstallDocsCoverEveryValue(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, chartDir, "values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]any
	if err := yaml.Unmarshal(raw, &values); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "install.md"))
	if err != nil {
		t.Fatal(err)
	}
	keys := valueKeys("", values)
	if len(keys) < 50 {
		t.Fatalf("only %d value keys found in values.yaml: %v", len(keys), keys)
	}
	for _, k := range keys {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/install.md does not document the value `%s`", k)
		}
	}
}

// valueKeys lists the dotted paths of the leaves of a values tree: scalars, lists, empty maps
// and the values documented whole.
func valueKeys(prefix string, m map[string]any) []string {
	var out []string
	for k, v := range m {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok && len(sub) > 0 && !wholeValues[path] {
			out = append(out, valueKeys(path, sub)...)
			continue
		}
		out = append(out, path)
	}
	sort.Strings(out)
	return out
}
