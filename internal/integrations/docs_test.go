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

package integrations

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// The YAML and JSON blocks of docs/gitops.md and docs/promotion.md: every block parses; objects
// of kinds the test API server serves pass a strict server-side dry-run; the others are checked
// against the shipped manifests (the Argo CD script, the AnalysisTemplate and its args, the
// gate's path); the gate's JSON example decodes strictly as a GateResponse.

var integrationDocs = []string{"../../docs/gitops.md", "../../docs/promotion.md"}

// codeBlock is a fenced block of a Markdown file.
type codeBlock struct {
	file string
	line int // of the opening fence
	lang string
	text string
}

func (b codeBlock) String() string { return fmt.Sprintf("%s:%d", filepath.Base(b.file), b.line) }

func TestDocsYAMLBlocks(t *testing.T) {
	blocks := 0
	for _, file := range integrationDocs {
		for _, b := range fencedBlocks(t, file) {
			if b.lang != "yaml" {
				continue
			}
			blocks++
			t.Run(b.String(), func(t *testing.T) {
				for i, doc := range splitYAML(b.text) {
					var v any
					if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
						t.Fatalf("document %d does not parse: %v", i, err)
					}
					m, ok := v.(map[string]any)
					if !ok || m["apiVersion"] == nil || m["kind"] == nil {
						continue // a fragment: parsing is all there is to check
					}
					checkDocObject(t, &unstructured.Unstructured{Object: m})
				}
			})
		}
	}
	if blocks < 8 {
		t.Errorf("found %d YAML blocks in %v; the docs lost their examples?", blocks, integrationDocs)
	}
}

// The JSON example of the gate's answer is a GateResponse, field for field.
func TestDocsGateResponseExample(t *testing.T) {
	found := 0
	for _, file := range integrationDocs {
		for _, b := range fencedBlocks(t, file) {
			if b.lang != "json" {
				continue
			}
			found++
			dec := json.NewDecoder(strings.NewReader(b.text))
			dec.DisallowUnknownFields()
			var resp GateResponse
			if err := dec.Decode(&resp); err != nil {
				t.Errorf("%s: not a GateResponse: %v", b, err)
				continue
			}
			if resp.Promote || len(resp.Readiness) == 0 || len(resp.Readiness[0].FailingChecks) == 0 {
				t.Errorf("%s: the example should be a 403 with failing checks: %+v", b, resp)
			}
		}
	}
	if found == 0 {
		t.Error("no JSON example of the gate's answer")
	}
}

// checkDocObject validates one object of the docs.
func checkDocObject(t *testing.T, u *unstructured.Unstructured) {
	t.Helper()
	gvk := u.GroupVersionKind()
	if gvk.Version == "" || gvk.Kind == "" {
		t.Fatalf("%s: malformed apiVersion/kind %q %q", u.GetName(), u.GetAPIVersion(), u.GetKind())
	}
	if _, err := k8s.RESTMapper().RESTMapping(gvk.GroupKind(), gvk.Version); err == nil {
		dryRunCreate(t, u)
	} else if !meta.IsNoMatchError(err) {
		t.Fatalf("mapping %s: %v", gvk, err)
	}
	switch gvk.Kind {
	case "ConfigMap":
		if u.GetName() == "argocd-cm" {
			script := string(readFile(t, filepath.Join(argoCDDir, "health.lua")))
			got, _, _ := unstructured.NestedString(u.Object, "data", "resource.customizations.health.readiness.prodready.io_ProductionReadiness")
			if got != script {
				t.Errorf("the argocd-cm in the docs does not embed health.lua as it is:\n%s", firstDifference(got, script))
			}
		}
	case "Rollout", "Stage":
		checkAnalysisUse(t, u)
	case "Canary":
		hooks, _, _ := unstructured.NestedSlice(u.Object, "spec", "analysis", "webhooks")
		for _, h := range hooks {
			hook := h.(map[string]any)
			if hook["type"] != "confirm-promotion" {
				continue
			}
			target, err := url.Parse(fmt.Sprint(hook["url"]))
			if err != nil || target.Path != FlaggerGatePath {
				t.Errorf("the Canary's confirm-promotion URL %v does not end in %s", hook["url"], FlaggerGatePath)
			}
		}
	case "Kustomization":
		if u.GroupVersionKind().Group == "kustomize.toolkit.fluxcd.io" {
			for _, f := range []string{"interval", "sourceRef", "path"} {
				if _, ok, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", f); !ok {
					t.Errorf("the Flux Kustomization %s has no spec.%s", u.GetName(), f)
				}
			}
		}
	}
}

// checkAnalysisUse checks that a Rollout step or a Stage's verification names the shipped
// AnalysisTemplate with args it declares, and sets those without a default.
func checkAnalysisUse(t *testing.T, u *unstructured.Unstructured) {
	t.Helper()
	tmpl := analysisTemplate(t)
	declared := map[string]bool{} // name → has a default
	args, _, _ := unstructured.NestedSlice(tmpl.Object, "spec", "args")
	for _, a := range args {
		m := a.(map[string]any)
		_, hasDefault := m["value"]
		declared[m["name"].(string)] = hasDefault
	}
	var names []string
	var given []any
	switch u.GetKind() {
	case "Rollout":
		steps, _, _ := unstructured.NestedSlice(u.Object, "spec", "strategy", "canary", "steps")
		for _, s := range steps {
			analysis, ok := s.(map[string]any)["analysis"].(map[string]any)
			if !ok {
				continue
			}
			for _, tr := range analysis["templates"].([]any) {
				names = append(names, fmt.Sprint(tr.(map[string]any)["templateName"]))
			}
			given, _ = analysis["args"].([]any)
		}
	case "Stage":
		refs, _, _ := unstructured.NestedSlice(u.Object, "spec", "verification", "analysisTemplates")
		for _, r := range refs {
			names = append(names, fmt.Sprint(r.(map[string]any)["name"]))
		}
		given, _, _ = unstructured.NestedSlice(u.Object, "spec", "verification", "args")
	}
	if len(names) != 1 || names[0] != tmpl.GetName() {
		t.Errorf("%s %s uses templates %v, want [%s]", u.GetKind(), u.GetName(), names, tmpl.GetName())
	}
	set := map[string]bool{}
	for _, a := range given {
		name := fmt.Sprint(a.(map[string]any)["name"])
		if _, ok := declared[name]; !ok {
			t.Errorf("%s %s passes arg %q, which %s does not declare", u.GetKind(), u.GetName(), name, tmpl.GetName())
		}
		set[name] = true
	}
	for name, hasDefault := range declared {
		if !hasDefault && !set[name] {
			t.Errorf("%s %s does not pass the required arg %q", u.GetKind(), u.GetName(), name)
		}
	}
}

// fencedBlocks returns the fenced code blocks of a Markdown file.
func fencedBlocks(t *testing.T, file string) []codeBlock {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []codeBlock
	var cur *codeBlock
	var body strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &codeBlock{file: file, line: n, lang: strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.text = body.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s:%d: unterminated code block", file, cur.line)
	}
	return out
}

// splitYAML splits a multi-document YAML text on "---" lines.
func splitYAML(text string) []string {
	var docs []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "---" {
			docs = append(docs, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	return append(docs, cur.String())
}
