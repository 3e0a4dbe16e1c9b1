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

package checks

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// meSnap is a Deployment snapshot whose monitors were searched (MonitorsKnown).
func meSnap(monitors ...Monitor) *Snapshot {
	s := deploy(ctr("api", netCtrPort("metrics", 9090)))
	s.MonitorsKnown = true
	s.Monitors = monitors
	return s
}

func meAnnotate(s *Snapshot, value string) *Snapshot {
	s.Workload.Template().Annotations = map[string]string{scrapeAnnotation: value}
	return s
}

func meMonitor(kind, name string, matchLabels map[string]string) Monitor {
	return Monitor{Kind: kind, Name: name, Selector: metav1.LabelSelector{MatchLabels: matchLabels}}
}

func TestMetricsExposed(t *testing.T) {
	web := map[string]string{"app": "web"}
	metricsSvc := func(s *Snapshot) *Snapshot {
		return netWithServices(s, netSvc("web", web, netSvcPort("metrics", 9090, intstr.FromString("metrics"))))
	}
	unknown := func(s *Snapshot) *Snapshot { s.MonitorsKnown = false; return s }
	inNamespaces := func(m Monitor, ns ...string) Monitor { m.Namespaces = ns; return m }
	anyNamespace := func(m Monitor) Monitor { m.AnyNamespace = true; m.Namespaces = []string{"elsewhere"}; return m }
	runCases(t, &metricsExposed, []checkCase{
		{name: "annotation", snap: meAnnotate(meSnap(), "true"), want: v1alpha1.ResultPass, msg: []string{`prometheus.io/scrape: "true"`}},
		{name: "annotation case-insensitive", snap: meAnnotate(meSnap(), "True"), want: v1alpha1.ResultPass},
		{name: "annotation without CRDs", snap: unknown(meAnnotate(meSnap(), "true")), want: v1alpha1.ResultPass},
		{name: "annotation false", snap: meAnnotate(meSnap(), "false"), want: v1alpha1.ResultFail,
			msg: []string{`prometheus.io/scrape annotation is "false"`, "no ServiceMonitor or PodMonitor"}},
		{name: "nothing", snap: meSnap(), want: v1alpha1.ResultFail,
			msg: []string{`no prometheus.io/scrape: "true" annotation`, "no ServiceMonitor or PodMonitor selects the pods"}},
		{name: "no CRDs and no annotation", snap: unknown(meSnap()), want: v1alpha1.ResultFail,
			msg: []string{"CRDs (Prometheus Operator) are not installed"}},
		{name: "no CRDs: monitors in the snapshot are not trusted", snap: unknown(meSnap(meMonitor("PodMonitor", "web", web))), want: v1alpha1.ResultFail},
		{name: "annotation on the Deployment metadata only", snap: func() *Snapshot {
			s := meSnap()
			dep(s).Annotations = map[string]string{scrapeAnnotation: "true"}
			return s
		}(), want: v1alpha1.ResultFail, msg: []string{"Deployment's own metadata", "spec.template.metadata.annotations"}},
		{name: "PodMonitor selects pods", snap: meSnap(meMonitor("PodMonitor", "web", web)), want: v1alpha1.ResultPass,
			msg: []string{`PodMonitor "web" selects the pods`}},
		{name: "PodMonitor selects other pods", snap: meSnap(meMonitor("PodMonitor", "db", map[string]string{"app": "db"})), want: v1alpha1.ResultFail},
		{name: "PodMonitor with empty selector selects everything", snap: meSnap(meMonitor("PodMonitor", "all", nil)), want: v1alpha1.ResultPass},
		{name: "PodMonitor with matchExpressions", snap: meSnap(Monitor{Kind: "PodMonitor", Name: "expr", Selector: metav1.LabelSelector{
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"web"}}}}}),
			want: v1alpha1.ResultFail},
		{name: "PodMonitor with invalid selector", snap: meSnap(Monitor{Kind: "PodMonitor", Name: "broken", Selector: metav1.LabelSelector{
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Like"}}}}),
			want: v1alpha1.ResultFail, msg: []string{`PodMonitor "broken" has an invalid spec.selector`}},
		{name: "ServiceMonitor selects a Service selecting the pods", snap: metricsSvc(meSnap(meMonitor("ServiceMonitor", "web", map[string]string{"app": "web"}))),
			want: v1alpha1.ResultPass, msg: []string{`ServiceMonitor "web" selects Service "web", which selects the pods`}},
		{name: "ServiceMonitor matches pod labels but no Service", snap: meSnap(meMonitor("ServiceMonitor", "web", web)), want: v1alpha1.ResultFail},
		{name: "ServiceMonitor matches a Service for other pods", snap: netWithServices(meSnap(meMonitor("ServiceMonitor", "db", map[string]string{"app": "db"})),
			netSvc("db", map[string]string{"app": "db"})), want: v1alpha1.ResultFail},
		{name: "ServiceMonitor selecting another Service label", snap: metricsSvc(meSnap(meMonitor("ServiceMonitor", "web", map[string]string{"team": "x"}))),
			want: v1alpha1.ResultFail},
		{name: "monitor watching the namespace by name", snap: meSnap(inNamespaces(meMonitor("PodMonitor", "web", web), "other", "shop")), want: v1alpha1.ResultPass},
		{name: "monitor watching other namespaces", snap: meSnap(inNamespaces(meMonitor("PodMonitor", "web", web), "other")), want: v1alpha1.ResultFail},
		{name: "monitor watching any namespace", snap: meSnap(anyNamespace(meMonitor("PodMonitor", "web", web))), want: v1alpha1.ResultPass},
		{name: "empty pod template", snap: func() *Snapshot { s := deploy(); s.MonitorsKnown = true; return s }(), want: v1alpha1.ResultSkip,
			msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(meSnap(meMonitor("PodMonitor", "web", web))), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(meAnnotate(meSnap(), "true")), want: v1alpha1.ResultPass},
	})
}

// Monitors of other namespaces count when their namespaceSelector names the workload's.
func TestMonitorWatches(t *testing.T) {
	for _, tc := range []struct {
		name          string
		mon           Monitor
		monitorNS, ns string
		want          bool
	}{
		{"own namespace, no selector", Monitor{}, "shop", "shop", true},
		{"other namespace, no selector", Monitor{}, "monitoring", "shop", false},
		{"any: true from another namespace", Monitor{AnyNamespace: true}, "monitoring", "shop", true},
		{"matchNames naming the namespace", Monitor{Namespaces: []string{"billing", "shop"}}, "monitoring", "shop", true},
		{"matchNames not naming it", Monitor{Namespaces: []string{"billing"}}, "monitoring", "shop", false},
		{"matchNames excludes even the monitor's own namespace", Monitor{Namespaces: []string{"billing"}}, "shop", "shop", false},
		{"any wins over matchNames", Monitor{AnyNamespace: true, Namespaces: []string{"billing"}}, "monitoring", "shop", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.mon.Namespace = tc.monitorNS
			if got := tc.mon.Watches(tc.ns); got != tc.want {
				t.Fatalf("Watches = %v, want %v", got, tc.want)
			}
		})
	}
}
