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
	s := m.Snapshot(web, time.Unix(0, 0))
	if !s.Offline || len(s.Secrets) != 1 || strings.Join(s.Secrets[0].Keys, ",") != "password,token" || len(s.ConfigMaps) != 1 {
		t.Errorf("web snapshot: offline %v secrets %+v configmaps %+v", s.Offline, s.Secrets, s.ConfigMaps)
	}
	if s := m.Snapshot(db, time.Unix(0, 0)); len(s.Secrets) != 1 || s.Secrets[0].Keys[0] != "other" {
		t.Errorf("db snapshot secrets %+v", s.Secrets)
	}
	if pr, ok := m.ReadinessFor(web); !ok || pr.Object.Spec.Profile != "strict" {
		t.Errorf("readiness for web: %v %v", pr, ok)
	}
	if _, ok := m.ReadinessFor(db); ok {
		t.Error("db has no ProductionReadiness")
	}
}

func TestManifestsErrorsNameTheDocument(t *testing.T) {
	cases := map[string]string{
		"apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: new}\n":                                     `x.yaml:1: Deployment "new": apiVersion "apps/v2" is not a version of Deployment; the served version is apps/v1`,
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec: {replicas: many}\n":             `x.yaml:1: Deployment "bad": spec.replicas: a string where the schema wants`,
		"apiVersion: autoscaling/v3\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n":                   `the served versions are autoscaling/v2 and autoscaling/v1`,
		"apiVersion: policy/v1beta2\nkind: PodDisruptionBudget\nmetadata: {name: p}\n":                       `the served version is policy/v1`,
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: [1]}\n": `PodDisruptionBudget "p"`,
	}
	for in, want := range cases {
		docs, _ := manifest.ReadAll(strings.NewReader(in), "x.yaml")
		err := NewManifests("").Add(docs[0])
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", in, err, want)
		}
	}
}
