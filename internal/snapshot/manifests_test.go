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
	"strings"
	"testing"
	"time"

	"github.com/prodready/prodready/internal/manifest"
)

const input = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: api, image: "r.example.com/api:1"}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "r.example.com/db:1"}]}
status: {replicas: 3}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
data: {password: aHVudGVyMg==}
stringData: {token: plain-token}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: data}
data: {other: eA==}
---
apiVersion: readiness.prodready.io/v1alpha1
kind: ProductionReadiness
metadata: {name: web}
spec: {targetRef: {kind: Deployment, name: web}, profile: strict}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ignored-kinds-are-fine}
---
apiVersion: batch/v1
kind: Job
metadata: {name: not-a-target}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: run, image: "r.example.com/run:1"}]}}}
`

func TestManifests(t *testing.T) {
	docs, err := manifest.ReadAll(strings.NewReader(input), "app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := NewManifests("shop")
	for _, d := range docs {
		if err := m.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	// The Job is a workload kind too: every registered kind is read.
	if len(m.Workloads) != 3 || m.Workloads[2].Workload.Kind() != "Job" {
		t.Fatalf("%d workloads", len(m.Workloads))
	}
	web, db := &m.Workloads[0], &m.Workloads[1]
	if web.Workload.Namespace() != "shop" || db.Workload.Namespace() != "data" {
		t.Errorf("namespaces %q %q", web.Workload.Namespace(), db.Workload.Namespace())
	}
	if web.Source.Line != 1 || db.Source.Line != 10 || web.Source.File != "app.yaml" {
		t.Errorf("sources %v %v", web.Source, db.Source)
	}
	if *web.Workload.ReplicasSetInManifest || !*db.Workload.ReplicasSetInManifest {
		t.Errorf("replicas in manifest: web %v db %v", *web.Workload.ReplicasSetInManifest, *db.Workload.ReplicasSetInManifest)
	}
	if web.Workload.HasStatus || !db.Workload.HasStatus {
		t.Errorf("status: web %v db %v", web.Workload.HasStatus, db.Workload.HasStatus)
	}
	// Each namespace's Secrets and ConfigMaps (the custom checks' lists); the snapshot's own
	// Secrets and ConfigMaps are those the pod spec references, none here
	// (TestIndexedSnapshotHoldsWhatTheWorkloadRelatesTo).
	s := m.Snapshot(web, time.Unix(0, 0))
	secrets, _ := s.NamespaceSecrets()
	cms, _ := s.NamespaceConfigMaps()
	if !s.Offline || len(secrets) != 1 || strings.Join(secrets[0].Keys, ",") != "password,token" || len(cms) != 1 {
		t.Errorf("web snapshot: offline %v secrets %+v configmaps %+v", s.Offline, secrets, cms)
	}
	if len(s.Secrets) != 0 || len(s.ConfigMaps) != 0 {
		t.Errorf("web references no Secret or ConfigMap: %+v %+v", s.Secrets, s.ConfigMaps)
	}
	if secrets, err := m.Snapshot(db, time.Unix(0, 0)).NamespaceSecrets(); err != nil || len(secrets) != 1 || secrets[0].Keys[0] != "other" {
		t.Errorf("db snapshot secrets %+v (%v)", secrets, err)
	}
	if pr, ok := m.ReadinessFor(web); !ok || pr.Object.Spec.Profile != "strict" {
		t.Errorf("readiness for web: %v %v", pr, ok)
	}
	if _, ok := m.ReadinessFor(db); ok {
		t.Error("db has no ProductionReadiness")
	}
}

// addAll reads x.yaml of n documents into a builder for namespace shop, returning the errors.
func addAll(t *testing.T, in string, n int) (*Manifests, []string) {
	t.Helper()
	docs, err := manifest.ReadAll(strings.NewReader(in), "x.yaml")
	if err != nil || len(docs) != n {
		t.Fatalf("read: %v, %d documents", err, len(docs))
	}
	m := NewManifests("shop")
	var errs []string
	for _, d := range docs {
		if err := m.Add(d); err != nil {
			errs = append(errs, err.Error())
		}
	}
	return m, errs
}

// The same kind, namespace and name twice in one input is refused, naming the first; the same
// name in another namespace or of another kind is fine.
func TestManifestsRefuseDuplicates(t *testing.T) {
	const in = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n---\n" +
		"apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: other}\n---\n" +
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n---\n" +
		"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
	_, errs := addAll(t, in, 4)
	want := `x.yaml:13: Service "web": is defined twice in the input in namespace "shop", first at x.yaml:1`
	if len(errs) != 1 || !strings.Contains(errs[0], want) {
		t.Fatalf("errors %q, want one containing %q", errs, want)
	}
}

// Cluster-scoped kinds the builder reads (ReadinessPolicy, ReadinessProfile, Namespace) are one
// per name, whatever namespace a document names; an empty name is refused as for every kind read.
func TestManifestsRefuseClusterScopedDuplicates(t *testing.T) {
	const in = "apiVersion: readiness.prodready.io/v1alpha1\nkind: ReadinessPolicy\nmetadata: {name: floor}\nspec: {namespaceSelector: {}}\n---\n" +
		"apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n" +
		"apiVersion: readiness.prodready.io/v1alpha1\nkind: ReadinessPolicy\nmetadata: {name: floor, namespace: elsewhere}\nspec: {namespaceSelector: {}}\n---\n" +
		"apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n---\n" +
		"apiVersion: v1\nkind: Namespace\nmetadata: {labels: {team: a}}\n"
	m, errs := addAll(t, in, 5)
	want := []string{
		`x.yaml:10: ReadinessPolicy "floor": is defined twice in the input, first at x.yaml:1; the API server keeps one ReadinessPolicy per name`,
		`x.yaml:15: Namespace "shop": is defined twice in the input, first at x.yaml:6; the API server keeps one Namespace per name`,
		`x.yaml:19: Namespace with an empty metadata.name, which the API server refuses`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %q, want %d", errs, len(want))
	}
	for i := range want {
		if !strings.Contains(errs[i], want[i]) {
			t.Errorf("error %q, want it to contain %q", errs[i], want[i])
		}
	}
	if len(m.Policies) != 1 || m.Namespaces["shop"]["team"] != "" {
		t.Errorf("the refused documents were filed: %d policies, namespace labels %v", len(m.Policies), m.Namespaces["shop"])
	}
}

func TestManifestsErrorsNameTheDocument(t *testing.T) {
	cases := map[string]string{
		"apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: new}\nspec: {template: {spec: {containers: [{name: c, image: x:1}]}}}\n":                 `x.yaml:1: Deployment "new": apiVersion "apps/v2" is not a version of Deployment; the served version is apps/v1`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec: {replicas: many, template: {spec: {containers: [{name: c, image: x:1}]}}}\n": `x.yaml:1: Deployment "bad": spec.replicas: a string where the schema wants`,
		"apiVersion: autoscaling/v3\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n":                                                                `the served versions are autoscaling/v2 and autoscaling/v1`,
		"apiVersion: policy/v1beta2\nkind: PodDisruptionBudget\nmetadata: {name: p}\n":                                                                    `the served version is policy/v1`,
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: [1]}\n":                                              `PodDisruptionBudget "p"`,
		// Objects the API server would refuse.
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"\"}\nspec: {}\n":                                                                                                                          `x.yaml:1: Deployment with an empty metadata.name, which the API server refuses`,
		"apiVersion: v1\nkind: Service\nmetadata: {labels: {a: b}}\n":                                                                                                                                        `x.yaml:1: Service with an empty metadata.name`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: neg}\nspec: {replicas: -1, template: {spec: {containers: [{name: a, image: a:1}]}}}\n":                                                      `x.yaml:1: Deployment "neg": spec.replicas is -1, which the API server refuses`,
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 0, scaleTargetRef: {kind: Deployment, name: web}}\n":                                            `HorizontalPodAutoscaler "h": spec.maxReplicas is 0, which the API server refuses`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n":                                                                                                                `Deployment "web": it has no pod template (spec.template), which the API server refuses; is this a partial object such as a kustomize patch?`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        resources: {limits: {memory: 1Gi}}\n":                    `spec.template.spec.containers[0] "api" has no image`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: a:1\n      - $patch: delete\n        name: old\n": `holds the strategic-merge patch directive $patch: this is a kustomize patch`,
		"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {schedule: \"* * * * *\"}\n":                                                                                                       `CronJob "cj": it has no pod template`,
	}
	for in, want := range cases {
		docs, _ := manifest.ReadAll(strings.NewReader(in), "x.yaml")
		err := NewManifests("").Add(docs[0])
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", in, err, want)
		}
	}
}

// A document of a kind the builder reads that does not decode is reported by field and types,
// never with the decoder's text, which can quote the input.
func TestManifestsDecodeErrorsQuoteNoValue(t *testing.T) {
	for in, want := range map[string]string{
		"apiVersion: readiness.prodready.io/v1alpha1\nkind: ReadinessPolicy\nmetadata: {name: p}\nspec: {generate: s3cr3t-value}\n": `x.yaml:1: ReadinessPolicy "p": spec.generate: a string where the schema wants a boolean`,
		"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: s3cr3t-value}\n":                                       `x.yaml:1: Service "web": spec.ports: a string where the schema wants a list`,
	} {
		docs, _ := manifest.ReadAll(strings.NewReader(in), "x.yaml")
		err := NewManifests("").Add(docs[0])
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error %v, want it to contain %q and no value", err, want)
		}
	}
}
