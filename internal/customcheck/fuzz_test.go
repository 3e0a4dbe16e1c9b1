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

package customcheck_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/customcheck"
)

// FuzzRules compiles random rule expressions and evaluates those that compile on random
// snapshots: compiling and evaluating must never panic (the engine would turn a panic into
// Error, so the check's Run is called directly here) and a result is always one of the known
// outcomes.
func FuzzRules(f *testing.F) {
	for _, seed := range []string{
		"containers.all(c, has(c.readinessProbe))",
		"containers.exists(c, c.?resources.?limits[?'memory'].hasValue() && quantity(c.resources.limits['memory']).isGreaterThan(quantity('1Gi')))",
		"object.metadata.?labels[?'owner'].orValue('') in ['a', 'b']",
		"related.services.all(s, s.spec.?internalTrafficPolicy.orValue('Cluster') != 'Local') || object.kind == 'DaemonSet'",
		"related.hpas.all(h, h.spec.maxReplicas <= 10 * h.spec.?minReplicas.orValue(1))",
		"containers[0].ports[0].containerPort / (containers.size() - containers.size()) > 0",
		"secrets.all(s, s.keys.all(k, k.matches('^[a-z]+$'))) && configMaps.size() >= 0",
		"podSpec.containers.map(c, c.image.split(':')[1]).all(t, t != 'latest')",
		"initContainers.size() == 0 || initContainers[5].name == 'x'",
		"has(related.serviceAccount) && related.serviceAccount.?automountServiceAccountToken.orValue(true)",
		"related.pdbs.all(p, int(p.spec.?maxUnavailable.orValue(0)) > 0)",
		"now > timestamp(object.metadata.creationTimestamp)",
	} {
		f.Add(seed, uint64(1))
		f.Add(seed, uint64(42))
	}
	f.Fuzz(func(t *testing.T, expr string, seed uint64) {
		rp := profileOf(v1alpha1.CustomCheck{ID: "fuzz", Title: "t",
			Params: []v1alpha1.CustomCheckParam{{Name: "n", Type: "int", Default: "3"}, {Name: "l", Type: "list", Default: "a,b"}},
			Rules:  []v1alpha1.CustomCheckRule{{Expression: expr, MessageExpression: "'containers: ' + containers.map(c, c.name).join(', ')"}}})
		entries, errs := customcheck.Compile(rp)
		if len(errs) > 0 {
			return
		}
		c := entries[0].Check
		params, _ := checks.ParseParams(&c.Meta, checks.Params{}, nil)
		s := snap(t, randomManifests(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))))
		pol, perrs := checks.ResolveProfile(rp)
		if len(perrs) > 0 {
			t.Fatalf("compiled but does not resolve: %v", perrs.ToAggregate())
		}
		_ = c.Run(s, params) // a panic fails the fuzz test
		for _, r := range checks.Evaluate(s, pol).Results {
			if r.ID == "fuzz" && r.Result != v1alpha1.ResultPass && r.Result != v1alpha1.ResultFail && r.Result != v1alpha1.ResultError {
				t.Fatalf("result %s %q", r.Result, r.Message)
			}
		}
	})
}

// randomManifests is a workload of a random kind with random containers and related objects.
func randomManifests(r *rand.Rand) string {
	kinds := []string{"Deployment", "StatefulSet", "DaemonSet"}
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: %s\nmetadata: {name: w, namespace: ns, creationTimestamp: '2026-01-01T00:00:00Z'", kinds[r.IntN(3)])
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, ", labels: {owner: %s}", []string{"a", "b", "c"}[r.IntN(3)])
	}
	b.WriteString("}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n")
	if r.IntN(2) == 0 {
		b.WriteString("      serviceAccountName: sa\n")
	}
	for _, list := range []string{"initContainers", "containers"} {
		n := r.IntN(4)
		if list == "containers" {
			n++
		}
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "      %s:\n", list)
		for i := range n {
			fmt.Fprintf(&b, "      - name: %s%d\n        image: img:%s\n", list[:1], i, []string{"1", "latest"}[r.IntN(2)])
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "        ports: [{containerPort: %d}]\n", 1+r.IntN(65535))
			}
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "        resources: {limits: {memory: %dMi}}\n", r.IntN(9000))
			}
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "        readinessProbe: {httpGet: {path: /r, port: %d}}\n", r.IntN(3))
			}
			if r.IntN(3) == 0 {
				b.WriteString("        env: [{name: A, value: v}]\n")
			}
		}
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\nspec: {selector: {app: w}, internalTrafficPolicy: %s, ports: [{port: 80}]}\n", []string{"Local", "Cluster"}[r.IntN(2)])
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: ns}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}, minReplicas: %d, maxReplicas: %d}\n", 1+r.IntN(5), 1+r.IntN(100))
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: ns}\nspec: {maxUnavailable: %d, selector: {matchLabels: {app: w}}}\n", r.IntN(3))
	}
	if r.IntN(2) == 0 {
		b.WriteString("---\napiVersion: v1\nkind: Secret\nmetadata: {name: sec, namespace: ns}\nstringData: {k: secret-value}\n")
	}
	if r.IntN(2) == 0 {
		b.WriteString("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: ns}\n")
	}
	return b.String()
}
