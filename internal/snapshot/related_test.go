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
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

// An indexed snapshot (what Workload.Related names) must give every check exactly the result a
// snapshot holding the whole namespace gives: evaluated here for every workload of every check
// fixture and the parity and custom-check fixtures, under each built-in profile and the input's
// own ProductionReadiness objects. A selector index that misses a selecting object, or a lookup
// by name a check relies on, shows up as a difference.
func TestIndexedSnapshotEvaluatesAsTheWholeNamespace(t *testing.T) {
	files := fixtureFiles(t)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	compared := 0
	for _, file := range files {
		m := loadFixture(t, file)
		for i := range m.Workloads {
			w := &m.Workloads[i]
			indexed, whole := m.Snapshot(w, now), m.WholeNamespaceSnapshot(w, now)
			var specs []v1alpha1.ProductionReadinessSpec
			for _, p := range []string{checks.ProfileBaseline, checks.ProfileProduction, checks.ProfileStrict} {
				specs = append(specs, v1alpha1.ProductionReadinessSpec{Profile: p})
			}
			for j := range m.Readiness {
				specs = append(specs, m.Readiness[j].Object.Spec)
			}
			for _, spec := range specs {
				pol, errs := checks.Resolve(&spec, m.ProfileGetter())
				if len(errs) > 0 {
					continue // fixtures of invalid objects
				}
				got, want := checks.Evaluate(indexed, pol).Results, checks.Evaluate(whole, pol).Results
				if !reflect.DeepEqual(got, want) {
					for k := range want {
						if k < len(got) && !reflect.DeepEqual(got[k], want[k]) {
							t.Errorf("%s: %s %s, profile %q: indexed snapshot\n  %+v\nwhole namespace\n  %+v", file, w.Workload.Kind(), w.Workload.Name(), spec.Profile, got[k], want[k])
						}
					}
					continue
				}
				compared++
			}
		}
	}
	t.Logf("%d evaluations compared over %d files", compared, len(files))
}

// The indexed snapshot holds the objects the workload relates to and nothing else of its
// namespace, while the custom checks' namespace lists stay whole.
func TestIndexedSnapshotHoldsWhatTheWorkloadRelatesTo(t *testing.T) {
	const in = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db-headless
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, tier: data}}
    spec:
      serviceAccountName: db
      containers: [{name: db, image: "r.example.com/db:1", envFrom: [{secretRef: {name: db-creds}}, {configMapRef: {name: db-config}}]}]
`
	related := []string{
		"kind: Service\nmetadata: {name: db-headless}\nspec: {clusterIP: None, selector: {app: db}}",
		"kind: Service\nmetadata: {name: db-by-tier}\nspec: {selector: {tier: data, zone: a}}",
		"kind: Service\nmetadata: {name: other}\nspec: {selector: {app: web}}",
		"kind: Service\nmetadata: {name: manual}\nspec: {ports: [{port: 80}]}",
		"kind: Secret\nmetadata: {name: db-creds}\ndata: {password: eA==}",
		"kind: Secret\nmetadata: {name: web-creds}\ndata: {token: eA==}",
		"kind: ConfigMap\nmetadata: {name: db-config}\ndata: {mode: primary}",
		"kind: ConfigMap\nmetadata: {name: web-config}",
		"kind: ServiceAccount\nmetadata: {name: db}",
		"kind: ServiceAccount\nmetadata: {name: web}",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: db}}}",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec: {maxUnavailable: 1, selector: {}}",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: none}\nspec: {maxUnavailable: 1}",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: expr}\nspec: {maxUnavailable: 1, selector: {matchExpressions: [{key: app, operator: In, values: [db]}]}}",
		"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all}\nspec: {podSelector: {}, policyTypes: [Ingress]}",
		"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}",
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: db}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}, maxReplicas: 3}",
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}",
	}
	var b strings.Builder
	b.WriteString(in)
	for _, r := range related {
		if !strings.HasPrefix(r, "apiVersion") {
			r = "apiVersion: v1\n" + r
		}
		b.WriteString("---\n" + strings.Replace(r, "metadata: {name: ", "metadata: {namespace: shop, name: ", 1) + "\n")
	}
	m := loadDocs(t, b.String(), "related.yaml")
	s := m.Snapshot(&m.Workloads[0], time.Unix(0, 0))
	nsSecrets, err := s.NamespaceSecrets()
	if err != nil {
		t.Fatal(err)
	}
	nsConfigMaps, err := s.NamespaceConfigMaps()
	if err != nil {
		t.Fatal(err)
	}
	names := func(n int, name func(int) string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return strings.Join(out, ",")
	}
	for what, got := range map[string]string{
		"services":             names(len(s.Services), func(i int) string { return s.Services[i].Name }),
		"pdbs":                 names(len(s.PDBs), func(i int) string { return s.PDBs[i].Name }),
		"networkPolicies":      names(len(s.NetworkPolicies), func(i int) string { return s.NetworkPolicies[i].Name }),
		"hpas":                 names(len(s.HPAs), func(i int) string { return s.HPAs[i].Name }),
		"serviceAccounts":      names(len(s.ServiceAccounts), func(i int) string { return s.ServiceAccounts[i].Name }),
		"secrets":              names(len(s.Secrets), func(i int) string { return s.Secrets[i].Name }),
		"configMaps":           names(len(s.ConfigMaps), func(i int) string { return s.ConfigMaps[i].Name }),
		"namespace secrets":    names(len(nsSecrets), func(i int) string { return nsSecrets[i].Name }),
		"namespace configMaps": names(len(nsConfigMaps), func(i int) string { return nsConfigMaps[i].Name }),
	} {
		want := map[string]string{
			// db-by-tier is found under tier=data and then not selected (zone: a): the index
			// finds candidates, the rule decides.
			"services":             "db-headless,db-by-tier",
			"pdbs":                 "db,all,none,expr",
			"networkPolicies":      "deny-all",
			"hpas":                 "db",
			"serviceAccounts":      "db",
			"secrets":              "db-creds",
			"configMaps":           "db-config",
			"namespace secrets":    "db-creds,web-creds",
			"namespace configMaps": "db-config,web-config",
		}[what]
		if got != want {
			t.Errorf("%s: got %q, want %q", what, got, want)
		}
	}
}

// fixtureFiles are the check fixtures, the parity fixtures and the CLI's custom-check inputs.
func fixtureFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../checks/testdata/*/*.yaml", "../webhook/testdata/parity/*.yaml", "../cli/testdata/custom-checks/*/*.yaml", "../cli/testdata/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 200 {
		t.Fatalf("only %d fixture files found", len(files))
	}
	return files
}

// loadObjects decodes the documents of a file that the scheme knows as typed objects, in the
// default namespace when they have none, Secrets without their values (as the cache holds them).
func loadObjects(t *testing.T, file string, scheme *runtime.Scheme) []client.Object {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := manifest.ReadAll(strings.NewReader(string(raw)), file)
	if err != nil {
		t.Fatal(err)
	}
	var out []client.Object
	seen := map[string]bool{}
	for _, d := range docs {
		if d.Err != nil || !scheme.Recognizes(d.Object.GroupVersionKind()) {
			continue
		}
		obj, err := scheme.New(d.Object.GroupVersionKind())
		if err != nil {
			continue
		}
		if err := json.Unmarshal(d.JSON, obj); err != nil {
			continue
		}
		co, ok := obj.(client.Object)
		if !ok {
			continue
		}
		if co.GetNamespace() == "" {
			co.SetNamespace("default")
		}
		key := d.Object.GroupVersionKind().String() + "/" + co.GetNamespace() + "/" + co.GetName()
		if seen[key] || co.GetName() == "" {
			continue
		}
		seen[key] = true
		if sec, ok := co.(*corev1.Secret); ok {
			for k := range sec.StringData {
				if sec.Data == nil {
					sec.Data = map[string][]byte{}
				}
				sec.Data[k] = nil
			}
			sec.StringData = nil
			for k := range sec.Data {
				sec.Data[k] = nil
			}
		}
		co.SetResourceVersion("")
		out = append(out, co)
	}
	return out
}

func loadFixture(t *testing.T, file string) *Manifests {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return loadDocs(t, string(raw), file)
}

// mustRead reads the documents of an input.
func mustRead(t testing.TB, in string) []manifest.Document {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(in), "input.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func loadDocs(t *testing.T, in, file string) *Manifests {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(in), file)
	if err != nil {
		t.Fatal(err)
	}
	m := NewManifests("default")
	for _, d := range docs {
		_ = m.Add(d) // fixtures of refused objects are refused here too
	}
	return m
}
