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

func init() { register(&labelsRecommended) }

// labelAppName is the recommended label every workload and pod carries.
const labelAppName = "app.kubernetes.io/name"

var labelsRecommended = Check{
	Meta: Meta{
		ID:       "labels-recommended",
		Title:    "Workload and pods carry the recommended labels",
		Category: CategoryHygiene,
		Description: "The workload's `metadata.labels` and its pod template's `spec.template.metadata.labels` both " +
			"carry `app.kubernetes.io/name` and every key of param `required`, each with a non-empty value. " +
			"The values need not match between the two.",
		Rationale: "Dashboards, cost reports, alert routing and `kubectl get -l` all find a workload and its pods by " +
			"labels. Labels on the Deployment alone do not reach the pods (metrics and logs are per pod), and labels " +
			"on the pods alone do not reach the objects tools list; a missing `team` or `app.kubernetes.io/name` " +
			"turns an incident page into a hunt for the owner.",
		Remediation: "Set the labels on both the workload and its pod template, e.g. " +
			"`metadata: {labels: {app.kubernetes.io/name: web, team: payments}}` and the same under " +
			"`spec.template.metadata.labels`. Adding labels to the pod template triggers a rollout; the selector " +
			"need not change.",
		Params: []ParamSpec{{
			Name: "required",
			Type: ParamList,
			Description: "label keys required in addition to app.kubernetes.io/name, comma-separated " +
				"(e.g. `team,environment`)",
		}},
	},
	Run: runLabelsRecommended,
}

func runLabelsRecommended(s *Snapshot, p Params) Outcome {
	keys := recommendedLabelKeys(p.List("required"))
	var f Findings
	if msg := missingLabels(s.Workload.Meta().GetLabels(), keys); msg != "" {
		f.AddWorkload("%s metadata.labels %s", s.Workload.Kind(), msg)
	}
	if msg := missingLabels(s.Workload.PodLabels(), keys); msg != "" {
		f.AddWorkload("%s.metadata.labels %s", s.Workload.TemplatePath(), msg)
	}
	return f.Result("the workload and its pod template carry %s", quoteList(keys))
}

// recommendedLabelKeys is app.kubernetes.io/name followed by the required keys, without duplicates.
func recommendedLabelKeys(required []string) []string {
	keys := []string{labelAppName}
	seen := map[string]bool{labelAppName: true}
	for _, k := range required {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// missingLabels describes the keys absent from or empty in a label set, "" when all are set.
func missingLabels(labels map[string]string, keys []string) string {
	var missing, empty []string
	for _, k := range keys {
		v, ok := labels[k]
		switch {
		case !ok:
			missing = append(missing, k)
		case v == "":
			empty = append(empty, k)
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("lacks %s", quoteList(missing)))
	}
	if len(empty) > 0 {
		parts = append(parts, fmt.Sprintf("has an empty value for %s", quoteList(empty)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " and ") + "; set each to a non-empty value"
}
