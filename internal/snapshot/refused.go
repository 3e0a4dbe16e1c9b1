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

package snapshot

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

// Objects the API server would refuse are input errors, never evaluated as if they were valid,
// for every kind the builder reads (the workload kinds and readers): an empty name, negative
// replicas, an HPA with maxReplicas below 1, a workload without a pod template or with a
// container without an image (a partial object such as a kustomize strategic-merge patch), and
// two objects with the same kind, namespace and name in one input — the same kind and name for
// a cluster-scoped kind — (the second is refused, naming the first). Duplicate keys within a
// document are refused by the manifest reader. A workload without a selector is reported by
// selector-matches-template.

// patchDirectives are the keys only a strategic-merge patch carries.
var patchDirectives = []string{"$patch", "$setElementOrder", "$retainKeys", "$deleteFromPrimitiveList"}

// refuse returns the input error for a document the API server would refuse, or nil. ns is the
// namespace the document is filed under. It records the document's identity to catch
// duplicates.
func (m *Manifests) refuse(doc manifest.Document, ns string) error {
	u := doc.Object
	gvk := u.GroupVersionKind()
	gk := gvk.GroupKind()
	workload := checks.IsWorkloadGroupKind(gvk.Group, gvk.Kind)
	r, read := readers[gk.String()]
	if !workload && !read {
		return nil
	}
	name := u.GetName()
	if name == "" {
		return fmt.Errorf("%s: %s with an empty metadata.name, which the API server refuses; set metadata.name", doc.Source, gvk.Kind)
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s %q: %s", doc.Source, gvk.Kind, name, fmt.Sprintf(format, args...))
	}
	if d := findPatchDirective(u.Object); d != "" {
		return fail("holds the strategic-merge patch directive %s: this is a kustomize patch, not an object; evaluate the output of kustomize build", d)
	}
	switch {
	case workload:
		if why := partialWorkload(u); why != "" {
			return fail("%s, which the API server refuses; is this a partial object such as a kustomize patch? evaluate the output of kustomize build", why)
		}
		if r, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "replicas"); found {
			if n, ok := number(r); ok && n < 0 {
				return fail("spec.replicas is %d, which the API server refuses; set it to 0 or more", n)
			}
		}
	case gk.String() == "HorizontalPodAutoscaler.autoscaling":
		if r, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "maxReplicas"); found {
			if n, ok := number(r); ok && n < 1 {
				return fail("spec.maxReplicas is %d, which the API server refuses; set it to 1 or more", n)
			}
		}
	}
	key := gk.String() + "/" + ns + "/" + name
	if r.clusterScoped {
		key = gk.String() + "/" + name
	}
	if first, dup := m.seen[key]; dup {
		if r.clusterScoped {
			return fail("is defined twice in the input, first at %s; the API server keeps one %s per name: remove or rename one", first, gvk.Kind)
		}
		return fail("is defined twice in the input in namespace %q, first at %s; the API server keeps one object per kind, namespace and name: remove or rename one", ns, first)
	}
	if m.seen == nil {
		m.seen = map[string]manifest.Source{}
	}
	m.seen[key] = doc.Source
	return nil
}

// number reads a JSON number of an unstructured object (float64 when decoded by encoding/json,
// int64 when built by the API machinery).
func number(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		return int64(n), true
	}
	return 0, false
}

// partialWorkload says what a workload document lacks that every object of its kind has: a pod
// template (unless it takes it from another object, as a Rollout's workloadRef does) and an
// image in every container.
func partialWorkload(u *unstructured.Unstructured) string {
	spec, _, _ := unstructured.NestedMap(u.Object, "spec")
	if spec == nil {
		return "it has no spec"
	}
	for _, path := range [][]string{{"spec", "template"}, {"spec", "jobTemplate", "spec", "template"}, {"spec", "workloadRef"}} {
		if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, path...); found {
			return containersWithoutImage(u, path)
		}
	}
	return "it has no pod template (spec.template)"
}

// containersWithoutImage names the first container or init container of the template at path
// that has no image.
func containersWithoutImage(u *unstructured.Unstructured, path []string) string {
	if path[len(path)-1] == "workloadRef" {
		return ""
	}
	for _, field := range []string{"containers", "initContainers"} {
		list, _, _ := unstructured.NestedSlice(u.Object, append(append([]string{}, path...), "spec", field)...)
		for i, c := range list {
			cm, _ := c.(map[string]any)
			if img, _ := cm["image"].(string); strings.TrimSpace(img) == "" {
				cname, _ := cm["name"].(string)
				return fmt.Sprintf("%s.spec.%s[%d] %q has no image", strings.Join(path, "."), field, i, cname)
			}
		}
	}
	return ""
}

// findPatchDirective returns the first strategic-merge patch directive key found in an object.
func findPatchDirective(v any) string {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			for _, d := range patchDirectives {
				if k == d || strings.HasPrefix(k, d+"/") {
					return d
				}
			}
			if d := findPatchDirective(child); d != "" {
				return d
			}
		}
	case []any:
		for _, child := range t {
			if d := findPatchDirective(child); d != "" {
				return d
			}
		}
	}
	return ""
}
