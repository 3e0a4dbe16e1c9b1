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
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/internal/manifest"
)

// rendered is a set of manifests: the YAML text and its decoded documents.
type rendered struct {
	yaml string
	docs []manifest.Document
}

// parse decodes a multi-document YAML stream and fails the test on any bad document.
func parse(t *testing.T, name, text string) rendered {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(text), name)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	for _, d := range docs {
		if d.Err != nil {
			t.Fatalf("%s: %v", name, d.Err)
		}
	}
	if len(docs) == 0 {
		t.Fatalf("%s has no objects", name)
	}
	return rendered{yaml: text, docs: docs}
}

// all returns the objects of a kind.
func (r rendered) all(kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, d := range r.docs {
		if d.Object.GetKind() == kind {
			out = append(out, d.Object)
		}
	}
	return out
}

// find returns the object of a kind and name, failing the test when it is missing.
func (r rendered) find(t *testing.T, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, o := range r.all(kind) {
		if o.GetName() == name {
			return o
		}
	}
	t.Fatalf("no %s %q among: %s", kind, name, strings.Join(r.names(), ", "))
	return nil
}

// has reports whether an object of a kind and name is present.
func (r rendered) has(kind, name string) bool {
	for _, o := range r.all(kind) {
		if o.GetName() == name {
			return true
		}
	}
	return false
}

// names lists "Kind/name" of every object, sorted.
func (r rendered) names() []string {
	out := make([]string, 0, len(r.docs))
	for _, d := range r.docs {
		out = append(out, d.Object.GetKind()+"/"+d.Object.GetName())
	}
	sort.Strings(out)
	return out
}

// decode converts an object into a typed struct.
func decode(t *testing.T, u *unstructured.Unstructured, into any) {
	t.Helper()
	raw, err := json.Marshal(u.Object)
	if err == nil {
		err = json.Unmarshal(raw, into)
	}
	if err != nil {
		t.Fatalf("decoding %s %q: %v", u.GetKind(), u.GetName(), err)
	}
}

// deployment returns the only Deployment of the set.
func (r rendered) deployment(t *testing.T) *appsv1.Deployment {
	t.Helper()
	list := r.all("Deployment")
	if len(list) != 1 {
		t.Fatalf("want exactly one Deployment, got %d: %s", len(list), strings.Join(r.names(), ", "))
	}
	var d appsv1.Deployment
	decode(t, list[0], &d)
	return &d
}

// managerContainer returns the Deployment's "manager" container.
func managerContainer(t *testing.T, d *appsv1.Deployment) *corev1.Container {
	t.Helper()
	for i := range d.Spec.Template.Spec.Containers {
		if c := &d.Spec.Template.Spec.Containers[i]; c.Name == "manager" {
			return c
		}
	}
	t.Fatalf("Deployment %q has no container named manager", d.Name)
	return nil
}

// flagValues maps the --name=value arguments of a container to their values ("" for a bare
// --name). A repeated flag keeps its last value.
func flagValues(c *corev1.Container) map[string]string {
	out := map[string]string{}
	for _, a := range c.Args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		out[name] = value
	}
	return out
}

// applyDryRun sends a manifest to the API server with a server-side apply in dry-run mode: the
// server validates every object (schemas, CEL rules, admission) and stores nothing.
func applyDryRun(t *testing.T, kc, text string, extra ...string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "manifest.yaml")
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"apply", "--server-side", "--force-conflicts", "--dry-run=server", "--field-manager=packaging-test", "-f", f}, extra...)
	return kubectl(t, kc, args...)
}

// createNamespace creates a namespace for real (dry-run objects need an existing namespace).
func createNamespace(t *testing.T, kc, name string) {
	t.Helper()
	r := run(kubectlBin, "--kubeconfig", kc, "create", "namespace", name)
	if r.err != nil && !strings.Contains(r.stderr, "AlreadyExists") {
		t.Fatalf("creating namespace %s: %v\n%s", name, r.err, r.stderr)
	}
}

// expectApplied asserts that kubectl reported every object of the set, so none was skipped.
func expectApplied(t *testing.T, out string, r rendered) {
	t.Helper()
	for _, d := range r.docs {
		name := d.Object.GetName()
		if !strings.Contains(out, "/"+name+" ") {
			t.Errorf("kubectl did not report %s %q in its output:\n%s", d.Object.GetKind(), name, out)
		}
	}
}
