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

	"github.com/prodready/prodready/internal/manifest"
)

const danglingInput = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: api, image: "r.example.com/api:1"}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary, namespace: shop}
spec:
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec: {containers: [{name: api, image: "r.example.com/api:1"}]}
  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: canary, namespace: shop}
spec: {selector: {app: canary}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: old, namespace: shop}
spec: {selector: {app: old}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: other}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec: {minReplicas: 2, maxReplicas: 4, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: typo, namespace: shop}
spec: {minReplicas: 2, maxReplicas: 4, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: wbe}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: gone, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: gone}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec: {podSelector: {matchExpressions: [{key: app, operator: In, values: [db]}]}, policyTypes: [Ingress]}
`

func TestManifestsDangling(t *testing.T) {
	docs, err := manifest.ReadAll(strings.NewReader(danglingInput), "app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := NewManifests("default")
	for _, d := range docs {
		if err := m.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, d := range m.Dangling() {
		got = append(got, d.Source.String()+" "+d.Kind+" "+d.Namespace+"/"+d.Name+": "+d.Reason)
	}
	want := []string{
		`app.yaml:30 Service shop/old: spec.selector {app: old} selects no pods of the input's workloads in namespace "shop"`,
		`app.yaml:40 Service other/web: spec.selector {app: web} selects no pods of the input's workloads in namespace "other"`,
		`app.yaml:50 HorizontalPodAutoscaler shop/typo: spec.scaleTargetRef names Deployment "wbe" (apps/v1), which is not a workload of the input in namespace "shop"`,
		`app.yaml:60 PodDisruptionBudget shop/gone: spec.selector {app: gone} selects no pods of the input's workloads in namespace "shop"`,
		`app.yaml:70 NetworkPolicy shop/db: spec.podSelector app in (db) selects no pods of the input's workloads in namespace "shop"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("dangling:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
