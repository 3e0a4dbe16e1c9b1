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

package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// policyFixtureYAML writes the shared policy fixtures (internal/testenv) as one multi-document
// file and returns its path.
func policyFixtureYAML(t *testing.T, dir string) string {
	t.Helper()
	objs, _ := testenv.PolicyFixtures()
	var b strings.Builder
	for _, o := range objs {
		gvk, err := apiutil.GVKForObject(o, scheme)
		if err != nil {
			t.Fatal(err)
		}
		o.GetObjectKind().SetGroupVersionKind(gvk)
		raw, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(raw)
	}
	return writeFile(t, dir, "fixtures.yaml", b.String())
}

// The CLI gives the shared policy fixtures the verdicts the operator gives them
// (internal/controller TestPolicyFixturesInOperator): the floor of the ReadinessPolicy in the
// input applies to the namespaces its Namespace objects label, workloads no team covered are
// evaluated as the operator's generated objects, and floor violations are input errors naming
// the policy and the field.
func TestPolicyFixturesInCLI(t *testing.T) {
	path := policyFixtureYAML(t, t.TempDir())
	_, want := testenv.PolicyFixtures()
	res := runCLI(t, "", "check", "-f", path, "-o", "json")
	if res.code != ExitError {
		t.Fatalf("exit %d, want %d (floor violations are input errors)\n%s", res.code, ExitError, res.stderr)
	}
	var rep Report
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, res.stdout)
	}
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.Workload.Namespace+"/"+r.Readiness] = r.Reason
	}
	var wantResults []string
	for key, v := range want {
		if v.Reason == v1alpha1.ReasonInvalidSpec {
			ns, name, _ := strings.Cut(key, "/")
			prefix := "ProductionReadiness " + ns + "/" + name + ": " + v.Error
			if !slices.ContainsFunc(rep.Errors, func(e InputError) bool {
				return strings.HasPrefix(e.Message, prefix) && filepath.Base(e.File) == "fixtures.yaml" && e.Line > 0
			}) {
				t.Errorf("%s: no input error %q with file and line; errors: %+v", key, prefix, rep.Errors)
			}
			continue
		}
		wantResults = append(wantResults, key)
		if got[key] != v.Reason {
			t.Errorf("%s: reason %q, want %q", key, got[key], v.Reason)
		}
	}
	if len(got) != len(wantResults) {
		t.Errorf("results %v, want exactly %v", got, wantResults)
	}
}

// --policy FILE and --namespace-labels: the floor of a policy in its own file applies to a
// namespace that has no Namespace object in the input.
func TestPolicyFlagAndNamespaceLabels(t *testing.T) {
	dir := t.TempDir()
	pol := writeFile(t, dir, "policy.yaml", `apiVersion: readiness.prodready.io/v1alpha1
kind: ReadinessPolicy
metadata: {name: prod-floor}
spec:
  namespaceSelector: {matchLabels: {env: production}}
  profile: production
  exemptions: {requireExpiry: true}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ignored-in-a-policy-file}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec: {containers: [{name: x, image: x:1}]}
`)
	app := writeFile(t, dir, "app.yaml", `apiVersion: readiness.prodready.io/v1alpha1
kind: ProductionReadiness
metadata: {name: api, namespace: shop}
spec:
  targetRef: {kind: Deployment, name: api}
  profile: baseline
  exemptions:
  - checks: [image-tag-pinned]
    reason: we pin later
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: "api:latest"}]}
`)
	// Without the namespace's labels the policy does not apply: baseline with the exemption.
	res := runCLI(t, "", "check", "-f", app, "--policy", pol, "-o", "json")
	var rep Report
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, res.stdout)
	}
	if len(rep.Errors) != 0 || len(rep.Results) != 1 || rep.Results[0].Workload.Name != "api" {
		t.Fatalf("without labels: errors %+v, results %d (the policy file's Deployment must not be evaluated)", rep.Errors, len(rep.Results))
	}
	res = runCLI(t, "", "check", "-f", app, "--policy", pol, "--namespace-labels", "env=production")
	if res.code != ExitError {
		t.Fatalf("with labels: exit %d, want %d\n%s%s", res.code, ExitError, res.stdout, res.stderr)
	}
	assertContains(t, "stderr", res.stderr, `app.yaml:1: ProductionReadiness shop/api: spec.exemptions[0].expires: Required value: ReadinessPolicy "prod-floor" requires every exemption to expire`)

	res = runCLI(t, "", "check", "-f", app, "--namespace-labels", "env")
	if res.code != ExitError {
		t.Fatalf("bad --namespace-labels: exit %d, want %d", res.code, ExitError)
	}
	assertContains(t, "stderr", res.stderr, `--namespace-labels "env": want key=value`)
}
