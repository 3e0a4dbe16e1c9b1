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
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/internal/metrics"
)

// metricName finds the metric names of a PromQL expression: prodready's and controller-runtime's
// (histogram series end in _bucket, _sum or _count).
var metricName = regexp.MustCompile(`\b(prodready_[a-z_]+|controller_runtime_[a-z_]+)`)

// exported reports whether the manager exports a metric (or a series of a histogram it exports).
func exported(name string) bool {
	known := append(metrics.Names(), metrics.ControllerRuntimeNames...)
	for _, suffix := range []string{"", "_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok && slices.Contains(known, base) {
			return true
		}
	}
	return false
}

// The optional Grafana dashboard and PrometheusRule: the dashboard is valid JSON in a ConfigMap
// labelled grafana_dashboard: "1", and every query of the dashboard and every alert expression
// names only metrics the manager exports.
func TestMonitoringDashboardAndAlerts(t *testing.T) {
	ns := "helm-monitoring"
	r := helmTemplate(t, ns, "--set", "image.digest="+testDigest,
		"--set", "metrics.grafanaDashboard.enabled=true", "--set", "metrics.prometheusRule.enabled=true",
		"--set", "metrics.prometheusRule.notReadyFor=2h")
	cm := r.find(t, "ConfigMap", "prodready-dashboard")
	if cm.GetLabels()["grafana_dashboard"] != "1" {
		t.Errorf("dashboard ConfigMap labels %v lack grafana_dashboard: \"1\"", cm.GetLabels())
	}
	raw, _, _ := unstructured.NestedString(cm.Object, "data", "prodready-fleet.json")
	var dash struct {
		Title  string `json:"title"`
		UID    string `json:"uid"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
		Templating struct {
			List []struct {
				Definition string `json:"definition"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal([]byte(raw), &dash); err != nil {
		t.Fatalf("the dashboard is not valid JSON: %v", err)
	}
	if dash.Title == "" || dash.UID == "" || len(dash.Panels) == 0 {
		t.Fatalf("dashboard title %q uid %q, %d panels", dash.Title, dash.UID, len(dash.Panels))
	}
	var exprs []string
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			exprs = append(exprs, tg.Expr)
		}
	}
	for _, v := range dash.Templating.List {
		if v.Definition != "" {
			exprs = append(exprs, v.Definition)
		}
	}
	rule := r.find(t, "PrometheusRule", "prodready")
	groups, _, _ := unstructured.NestedSlice(rule.Object, "spec", "groups")
	alerts := map[string]bool{}
	for _, g := range groups {
		rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
		for _, rr := range rules {
			m := rr.(map[string]any)
			alerts[m["alert"].(string)] = true
			exprs = append(exprs, m["expr"].(string))
			if m["alert"] == "ProdreadyWorkloadNotReady" && m["for"] != "2h" {
				t.Errorf("ProdreadyWorkloadNotReady for = %v, want the value's 2h", m["for"])
			}
		}
	}
	for _, a := range []string{"ProdreadyWorkloadNotReady", "ProdreadyReconcileErrors", "ProdreadyWebhookFailures"} {
		if !alerts[a] {
			t.Errorf("alert %s missing", a)
		}
	}
	for _, e := range exprs {
		names := metricName.FindAllString(e, -1)
		if len(names) == 0 {
			t.Errorf("query %q names no prodready or controller-runtime metric", e)
		}
		for _, n := range names {
			if !exported(n) {
				t.Errorf("query %q: the manager exports no metric %s", e, n)
			}
		}
	}
	createNamespace(t, kubeconfig, ns)
	expectApplied(t, applyDryRun(t, kubeconfig, r.yaml), r)
}
