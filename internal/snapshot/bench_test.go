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
	"testing"
	"time"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// oneNamespace is n Deployments in one namespace, each with its Service, PDB, HPA,
// NetworkPolicy, Secret and ConfigMap: the shape that was quadratic before the index.
func oneNamespace(b *testing.B, n int) *Manifests {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: w-%[1]d, namespace: shop, labels: {app.kubernetes.io/name: w-%[1]d}}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: w-%[1]d}}
  template:
    metadata: {labels: {app.kubernetes.io/name: w-%[1]d, app.kubernetes.io/part-of: shop}}
    spec:
      containers:
      - name: api
        image: registry.example.com/shop/api:1.4.2
        envFrom: [{secretRef: {name: w-%[1]d}}, {configMapRef: {name: w-%[1]d}}]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /readyz, port: http}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: w-%[1]d, namespace: shop}
spec: {selector: {app.kubernetes.io/name: w-%[1]d}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: w-%[1]d, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app.kubernetes.io/name: w-%[1]d}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: w-%[1]d, namespace: shop}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w-%[1]d}, minReplicas: 2, maxReplicas: 5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: w-%[1]d, namespace: shop}
spec: {podSelector: {matchLabels: {app.kubernetes.io/name: w-%[1]d}}, policyTypes: [Ingress]}
---
apiVersion: v1
kind: Secret
metadata: {name: w-%[1]d, namespace: shop}
data: {token: eA==}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: w-%[1]d, namespace: shop}
data: {mode: a}
`, i)
	}
	m := NewManifests("default")
	docs := mustRead(b, sb.String())
	for _, d := range docs {
		if err := m.Add(d); err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// BenchmarkSnapshotOneNamespace evaluates one workload of 2,000 in one namespace: its snapshot
// built from the index (what Snapshot does) and, for comparison, holding the whole namespace
// (what it did before the index; the checks then walk every object of the namespace).
func BenchmarkSnapshotOneNamespace(b *testing.B) {
	m := oneNamespace(b, 2000)
	pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: checks.ProfileProduction}, m.ProfileGetter())
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	now := time.Unix(0, 0)
	for name, build := range map[string]func(*WorkloadDoc, time.Time) *checks.Snapshot{
		"indexed":        m.Snapshot,
		"wholeNamespace": m.WholeNamespaceSnapshot,
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w := &m.Workloads[i%len(m.Workloads)]
				checks.Evaluate(build(w, now), pol)
			}
		})
	}
}
