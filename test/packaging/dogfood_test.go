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
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// TestChartPassesItsOwnStrictProfile is the dogfooding test: the chart's Deployment, rendered
// with default values and the image pinned by digest (as a release pins it), evaluated by
// prodready's engine with the chart's own ProductionReadiness (profile strict) and the other
// rendered objects around it, passes: every Required check is Pass or Skip. The same holds with
// every optional feature on.
func TestChartPassesItsOwnStrictProfile(t *testing.T) {
	for name, flags := range map[string][]string{
		"defaults":     nil,
		"all features": allFeatures,
	} {
		t.Run(name, func(t *testing.T) {
			const ns = "prodready-system"
			r := helmTemplate(t, ns, append([]string{"--set", "image.digest=" + testDigest}, flags...)...)
			m := loadManifests(t, ns, r.docs)
			e := evaluateReadiness(t, m, workload(t, m, checks.KindDeployment, "prodready"))
			pr, _ := m.ReadinessFor(workload(t, m, checks.KindDeployment, "prodready"))
			if pr.Object.Spec.Profile != checks.ProfileStrict {
				t.Errorf("the chart's ProductionReadiness uses profile %q, want strict", pr.Object.Spec.Profile)
			}
			if failing := e.requiredNotPassing(); len(failing) > 0 || !e.verdict.Ready() {
				t.Fatalf("the chart's Deployment fails its own strict profile on %v\n%s", failing, e.table())
			}
			// The checks that define a production-grade controller must really pass, not skip.
			for _, id := range []string{"image-digest-pinned", "probe-readiness", "probe-liveness", "replicas-minimum",
				"pdb-present", "pdb-allows-disruption", "spread-nodes", "spread-zones", "shutdown-graceful",
				"security-run-as-non-root", "security-read-only-root-fs", "security-capabilities", "security-seccomp",
				"serviceaccount-dedicated", "serviceaccount-token", "network-policy", "service-ports-valid",
				"labels-recommended", "resources-requests", "resources-limits", "resources-ephemeral-storage"} {
				if res := e.result(t, id); res.Result != v1alpha1.ResultPass {
					t.Errorf("%s is %s, want Pass: %s", id, res.Result, res.Message)
				}
			}
			// The one exemption says why it does not fit the operator.
			if res := e.result(t, "hpa-present"); res.Result != v1alpha1.ResultSkip || !strings.Contains(res.Message, "leader-elected") {
				t.Errorf("hpa-present: %s %q, want Skip with the exemption's reason", res.Result, res.Message)
			}
			if testing.Verbose() {
				t.Logf("\n%s", e.table())
			}
		})
	}
}

// TestChartSelfCheckWithoutDigest: without image.digest the self check says so through a
// visible exemption instead of failing the operator's own verdict, and the exemption goes away
// once a digest is set.
func TestChartSelfCheckWithoutDigest(t *testing.T) {
	const ns = "prodready-system"
	m := loadManifests(t, ns, helmTemplate(t, ns).docs)
	e := evaluateReadiness(t, m, workload(t, m, checks.KindDeployment, "prodready"))
	if !e.verdict.Ready() {
		t.Fatalf("the self check fails without a digest\n%s", e.table())
	}
	res := e.result(t, "image-digest-pinned")
	if res.Result != v1alpha1.ResultSkip || !strings.Contains(res.Message, "image.digest") {
		t.Errorf("image-digest-pinned: %s %q, want Skip naming image.digest", res.Result, res.Message)
	}
	var pr v1alpha1.ProductionReadiness
	decode(t, helmTemplate(t, ns, "--set", "image.digest="+testDigest).find(t, "ProductionReadiness", "prodready"), &pr)
	if len(pr.Spec.Exemptions) != 1 || pr.Spec.Exemptions[0].Checks[0] != "hpa-present" {
		t.Errorf("with image.digest set, the self check must keep only the hpa-present exemption, got %+v", pr.Spec.Exemptions)
	}
}

// TestKustomizeManagerPassesProductionProfile evaluates the kustomize Deployment, with the
// objects config/default installs around it, against the production profile.
func TestKustomizeManagerPassesProductionProfile(t *testing.T) {
	r := parse(t, "kustomize build config/default", mustRun(t, kustomizeBin, "build", "config/default"))
	m := loadManifests(t, kustomizeNamespace, r.docs)
	w := workload(t, m, checks.KindDeployment, "prodready-controller-manager")
	e := evaluateWith(t, m, w, &v1alpha1.ProductionReadinessSpec{Profile: checks.ProfileProduction})
	if failing := e.requiredNotPassing(); len(failing) > 0 || !e.verdict.Ready() {
		t.Fatalf("the kustomize Deployment fails the production profile on %v\n%s", failing, e.table())
	}
}
