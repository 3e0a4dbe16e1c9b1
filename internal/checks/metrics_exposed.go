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
	"fmt"
	"strings"
)

func init() { register(&metricsExposed) }

// scrapeAnnotation is the conventional annotation Prometheus' Kubernetes service discovery
// configurations key on.
const scrapeAnnotation = "prometheus.io/scrape"

var metricsExposed = Check{
	Meta: Meta{
		ID:       "metrics-exposed",
		Title:    "Pods are scraped for metrics",
		Category: CategoryObservability,
		Requires: []Capability{CapLongRunning},
		Description: "The pods are scraped by Prometheus in one of the ways prodready can see: the pod " +
			"template has the annotation `prometheus.io/scrape: \"true\"` (value case-insensitive), or a " +
			"PodMonitor selects the pod labels, or a ServiceMonitor selects the labels of a Service that " +
			"selects the pods. A monitor counts when its namespaceSelector has `any: true`, lists the " +
			"workload's namespace in matchNames, or is unset (the monitor's own namespace, which is the " +
			"workload's); an empty monitor selector selects everything, as in the Prometheus Operator. " +
			"When the ServiceMonitor/PodMonitor CRDs are not installed, the annotation is the only signal " +
			"left, so its absence is a violation (not a Skip) whose message says the CRDs are missing. " +
			"A pod template without containers reports Skip.",
		Rationale: "Metrics are how you learn that a service is degrading before users tell you, and what " +
			"alerts, dashboards and autoscaling on custom metrics are built on. A workload nobody scrapes " +
			"is invisible: its error rate, latency and saturation are unknown until it fails outright.",
		Remediation: "Expose a metrics endpoint and have it scraped: with the Prometheus Operator, add a " +
			"ServiceMonitor selecting the Service's labels (or a PodMonitor selecting the pod labels); " +
			"with annotation-based discovery, add " +
			"`prometheus.io/scrape: \"true\"` (and `prometheus.io/port`, `prometheus.io/path`) to " +
			"`spec.template.metadata.annotations` — not to the workload's own metadata.",
		Needs: []string{"Service", "ServiceMonitor", "PodMonitor"},
	},
	Run: runMetricsExposed,
}

func runMetricsExposed(s *Snapshot, _ Params) Outcome {
	if len(s.Workload.Containers()) == 0 {
		return Skip("the pod template has no containers")
	}
	value, annotated := s.Workload.Template().Annotations[scrapeAnnotation]
	if annotated && strings.EqualFold(strings.TrimSpace(value), "true") {
		return Pass("the pod template has the annotation %s: %q", scrapeAnnotation, value)
	}
	var f Findings
	if s.MonitorsKnown {
		if by := monitorsScraping(s, &f); len(by) > 0 {
			return f.Result("%s", strings.Join(by, "; "))
		}
	}

	why := fmt.Sprintf("the pod template has no %s: \"true\" annotation", scrapeAnnotation)
	if annotated {
		why = fmt.Sprintf("the pod template's %s annotation is %q, not \"true\"", scrapeAnnotation, value)
	}
	if v, ok := s.Workload.Meta().GetAnnotations()[scrapeAnnotation]; ok && !annotated {
		why += fmt.Sprintf(" (the %s's own metadata has %s: %q, which Prometheus does not read; move it to spec.template.metadata.annotations)",
			s.Workload.Kind(), scrapeAnnotation, v)
	}
	if !s.MonitorsKnown {
		f.AddWorkload("%s and the ServiceMonitor/PodMonitor CRDs (Prometheus Operator) are not installed, so nothing prodready can see scrapes the pods; add the annotation", why)
	} else {
		f.AddWorkload("%s and no ServiceMonitor or PodMonitor selects the pods or a Service selecting them; add a monitor or the annotation", why)
	}
	return f.Result("")
}

// monitorsScraping describes the monitors that scrape the pods: PodMonitors selecting the pod
// labels and ServiceMonitors selecting a Service that selects the pods. Monitors with an invalid
// selector are noted and ignored; each monitor's selector is converted once.
func monitorsScraping(s *Snapshot, f *Findings) []string {
	ns := s.Workload.Namespace()
	podLabels := s.Workload.PodLabels()
	services := s.ServicesSelecting()
	var out []string
	for i := range s.Monitors {
		m := &s.Monitors[i]
		if _, err := labelSelector(&m.Selector, true); err != nil && m.Watches(ns) {
			f.Note("%s %q has an invalid spec.selector (%v) and was ignored", m.Kind, m.Name, err)
			continue
		}
		if desc, ok := monitorScrape(m, ns, podLabels, services); ok {
			out = append(out, desc)
		}
	}
	return out
}
