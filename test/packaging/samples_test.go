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
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

const samplesNamespace = "shop"

// The checks the first sample Deployment fails, on purpose (config/samples/app_deployment.yaml).
var sampleFailures = []string{"image-tag-pinned", "probe-liveness", "resources-limits"}

// sampleSet is the demo's first step: `kubectl apply -n shop -k config/samples`.
func sampleSet(t *testing.T) rendered {
	t.Helper()
	return parse(t, "kustomize build config/samples", mustRun(t, kustomizeBin, "build", "config/samples"))
}

// fixedSet is the demo's second step: the same objects with fixed/app_deployment.yaml instead
// of the first Deployment.
func fixedSet(t *testing.T) rendered {
	t.Helper()
	first := sampleSet(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config/samples/fixed/app_deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := parse(t, "config/samples/fixed/app_deployment.yaml", string(raw))
	out := rendered{docs: fixed.docs}
	for _, d := range first.docs {
		if d.Object.GetKind() != "Deployment" {
			out.docs = append(out.docs, d)
		}
	}
	return out
}

// TestSamplesFailThenPass evaluates the demo the way the operator will: the first set fails the
// production profile on exactly the three checks its comments name (rollout-complete skips:
// a manifest has no status), and the fixed Deployment passes every Required check.
func TestSamplesFailThenPass(t *testing.T) {
	t.Run("first set fails", func(t *testing.T) {
		m := loadManifests(t, samplesNamespace, sampleSet(t).docs)
		e := evaluateReadiness(t, m, workload(t, m, checks.KindDeployment, "checkout"))
		if e.verdict.Reason != v1alpha1.ReasonChecksFailed {
			t.Fatalf("verdict %s, want ChecksFailed\n%s", e.verdict.Reason, e.table())
		}
		if got := e.requiredNotPassing(); !slices.Equal(got, sampleFailures) {
			t.Errorf("failing Required checks %v, want exactly %v\n%s", got, sampleFailures, e.table())
		}
		for _, id := range sampleFailures {
			if !strings.Contains(e.verdict.Message, id) {
				t.Errorf("the verdict message does not name %s: %s", id, e.verdict.Message)
			}
		}
		if r := e.result(t, "rollout-complete"); r.Result != v1alpha1.ResultSkip {
			t.Errorf("rollout-complete is %s offline, want Skip: %s", r.Result, r.Message)
		}
	})
	t.Run("fixed set passes", func(t *testing.T) {
		m := loadManifests(t, samplesNamespace, fixedSet(t).docs)
		e := evaluateReadiness(t, m, workload(t, m, checks.KindDeployment, "checkout"))
		if !e.verdict.Ready() || len(e.requiredNotPassing()) > 0 {
			t.Fatalf("the fixed sample does not pass the production profile\n%s", e.table())
		}
		for _, id := range sampleFailures {
			if r := e.result(t, id); r.Result != v1alpha1.ResultPass {
				t.Errorf("%s is %s after the fix, want Pass: %s", id, r.Result, r.Message)
			}
		}
	})
}

// TestSamplesApplyToAPIServer applies both demo steps, exactly as documented (`kubectl apply -n
// shop -k config/samples`, then `-f config/samples/fixed`), and the ReadinessProfile and
// ReadinessPolicy samples, with a server-side dry-run: the CRD schemas and CEL rules accept them.
func TestSamplesApplyToAPIServer(t *testing.T) {
	createNamespace(t, kubeconfig, samplesNamespace)
	args := []string{"apply", "--server-side", "--dry-run=server", "-n", samplesNamespace}
	out := kubectl(t, kubeconfig, append(args, "-k", "config/samples")...)
	expectApplied(t, out, sampleSet(t))
	if !strings.Contains(out, "productionreadiness.readiness.prodready.io/checkout") {
		t.Errorf("the ProductionReadiness was not applied:\n%s", out)
	}
	kubectl(t, kubeconfig, append(args, "-f", "config/samples/fixed")...)
	kubectl(t, kubeconfig, append(args, "-f", "config/samples/readiness_v1alpha1_readinessprofile.yaml")...)
	out = kubectl(t, kubeconfig, "apply", "--server-side", "--dry-run=server", "-f", "config/samples/readiness_v1alpha1_readinesspolicy.yaml")
	if !strings.Contains(out, "readinesspolicy.readiness.prodready.io/demo-floor") {
		t.Errorf("the ReadinessPolicy sample was not applied:\n%s", out)
	}
}

// TestSamplesHaveNoNamespace keeps the samples portable: `kubectl apply -n` decides where they go.
func TestSamplesHaveNoNamespace(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot, "config/samples/*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fixed, _ := filepath.Glob(filepath.Join(repoRoot, "config/samples/fixed/*.yaml"))
	for _, f := range append(files, fixed...) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := manifest.ReadAll(strings.NewReader(string(raw)), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.Err == nil && d.Object.GetNamespace() != "" {
				t.Errorf("%s: %s %q sets namespace %q", d.Source, d.Object.GetKind(), d.Object.GetName(), d.Object.GetNamespace())
			}
		}
	}
}
