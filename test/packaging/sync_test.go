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
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

// TestChartInSyncWithGenerated asserts the chart carries controller-gen's current output
// byte for byte: the CRDs (crds/), the manager's RBAC rules and the webhooks (files/). This is
// what `make verify-helm-crds` checks; `make helm-crds` fixes it.
func TestChartInSyncWithGenerated(t *testing.T) {
	pairs := map[string]string{
		"config/rbac/role.yaml":                               chartDir + "/files/manager-role.yaml",
		"config/webhook/manifests.yaml":                       chartDir + "/files/webhook-manifests.yaml",
		"config/admission-policy/promotion_label_policy.yaml": chartDir + "/files/promotion-label-policy.yaml",
		"config/admission-policy/operator_scope_policy.yaml":  chartDir + "/files/operator-scope-policy.yaml",
	}
	bases, err := filepath.Glob(filepath.Join(repoRoot, "config/crd/bases/*.yaml"))
	if err != nil || len(bases) == 0 {
		t.Fatalf("no CRDs in config/crd/bases (%v)", err)
	}
	for _, b := range bases {
		pairs["config/crd/bases/"+filepath.Base(b)] = chartDir + "/crds/" + filepath.Base(b)
	}
	for src, dst := range pairs {
		want, err := os.ReadFile(filepath.Join(repoRoot, src))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(repoRoot, dst))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (%v): run `make helm-crds`", dst, src, err)
		}
	}
	chartCRDs, _ := filepath.Glob(filepath.Join(repoRoot, chartDir, "crds/*"))
	if len(chartCRDs) != len(bases) {
		t.Errorf("the chart has %d CRD files, config/crd/bases %d: run `make helm-crds`", len(chartCRDs), len(bases))
	}
	out := mustRun(t, "make", "--no-print-directory", "verify-helm-crds")
	if out != "" {
		t.Errorf("make verify-helm-crds printed %q", out)
	}
}

// TestManagerRulesMatchControllerGen asserts the manager's ClusterRole, as the chart and
// kustomize render it, grants exactly the rules controller-gen generated from the markers.
func TestManagerRulesMatchControllerGen(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config/rbac/role.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var generated rbacv1.ClusterRole
	decode(t, parse(t, "config/rbac/role.yaml", string(raw)).find(t, "ClusterRole", "manager-role"), &generated)
	if len(generated.Rules) == 0 {
		t.Fatal("config/rbac/role.yaml has no rules")
	}

	var chart rbacv1.ClusterRole
	decode(t, helmTemplate(t, "prodready-system").find(t, "ClusterRole", "prodready-manager"), &chart)
	if !reflect.DeepEqual(chart.Rules, generated.Rules) {
		t.Errorf("the chart's manager ClusterRole differs from config/rbac/role.yaml:\nchart:     %+v\ngenerated: %+v", chart.Rules, generated.Rules)
	}

	var kust rbacv1.ClusterRole
	decode(t, parse(t, "kustomize", mustRun(t, kustomizeBin, "build", "config/default")).find(t, "ClusterRole", "prodready-manager-role"), &kust)
	if !reflect.DeepEqual(kust.Rules, generated.Rules) {
		t.Errorf("kustomize's manager ClusterRole differs from config/rbac/role.yaml")
	}
}

// TestChartWebhooksMatchControllerGen asserts the chart registers exactly the generated webhooks
// (names, paths, rules, match conditions): it may only change where they are served, the
// namespace selector, the timeout and the failure policy.
func TestChartWebhooksMatchControllerGen(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config/webhook/manifests.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var generated, chart admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, parse(t, "config/webhook/manifests.yaml", string(raw)).find(t, "ValidatingWebhookConfiguration", "validating-webhook-configuration"), &generated)
	decode(t, helmTemplate(t, "prodready-system", "--set", "webhook.promotionLabelGuard.enabled=true").find(t, "ValidatingWebhookConfiguration", "prodready-validating-webhook-configuration"), &chart)
	if len(chart.Webhooks) != len(generated.Webhooks) {
		t.Fatalf("chart has %d webhooks, controller-gen %d", len(chart.Webhooks), len(generated.Webhooks))
	}
	for i := range generated.Webhooks {
		g, c := generated.Webhooks[i], chart.Webhooks[i]
		if c.Name != g.Name || *c.ClientConfig.Service.Path != *g.ClientConfig.Service.Path ||
			!reflect.DeepEqual(c.Rules, g.Rules) || !reflect.DeepEqual(c.MatchConditions, g.MatchConditions) ||
			!reflect.DeepEqual(c.AdmissionReviewVersions, g.AdmissionReviewVersions) || !reflect.DeepEqual(c.SideEffects, g.SideEffects) {
			t.Errorf("webhook %d differs from controller-gen's:\nchart:     %+v\ngenerated: %+v", i, c, g)
		}
		if !reflect.DeepEqual(c.FailurePolicy, g.FailurePolicy) {
			t.Errorf("webhook %s: the chart's default failurePolicy %v differs from the marker's %v", g.Name, *c.FailurePolicy, *g.FailurePolicy)
		}
	}
}

// TestManagerRoleGrantsOnlyUsedVerbs: the manager patches its objects and their status (merge
// patches), it never updates them, so the role grants no update there.
func TestManagerRoleGrantsOnlyUsedVerbs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config/rbac/role.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var role rbacv1.ClusterRole
	decode(t, parse(t, "config/rbac/role.yaml", string(raw)).find(t, "ClusterRole", "manager-role"), &role)
	for _, res := range []string{"productionreadinesses", "productionreadinesses/status", "readinessprofiles/status"} {
		for _, r := range role.Rules {
			if slices.Contains(r.Resources, res) && slices.Contains(r.Verbs, "update") {
				t.Errorf("the manager role grants update on %s, which the manager only patches", res)
			}
		}
	}
}
