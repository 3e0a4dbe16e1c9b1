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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// selectionOps maps LabelSelector operators to label requirement operators.
var selectionOps = map[metav1.LabelSelectorOperator]selection.Operator{
	metav1.LabelSelectorOpIn: selection.In, metav1.LabelSelectorOpNotIn: selection.NotIn,
	metav1.LabelSelectorOpExists: selection.Exists, metav1.LabelSelectorOpDoesNotExist: selection.DoesNotExist,
}

func init() { register(&selectorMatchesTemplate) }

var selectorMatchesTemplate = Check{
	Meta: Meta{
		ID:       "selector-matches-template",
		Title:    "The workload's selector selects its own pod template",
		Category: CategoryRollout,
		Description: "`spec.selector` is set, not empty, valid, and selects the pod template's own labels " +
			"(`spec.template.metadata.labels`), matchLabels and matchExpressions as Kubernetes applies " +
			"them. The API server refuses an apps/v1 workload that breaks any of these; the check " +
			"catches it in CI, before `kubectl apply` does, and names the labels that differ. Kinds that " +
			"run to completion (Job, CronJob) pass without a selector, which the API server then " +
			"generates; a selector they set (`manualSelector`) must select the template too. An Argo " +
			"Rollout with a workloadRef is judged on the referenced template and selector.",
		Rationale: "A workload whose selector does not select its template is rejected at apply time " +
			"(`selector does not match template labels`), which in a GitOps pipeline means a sync that " +
			"fails after the merge. A selector that is too broad is worse when it does get in: the " +
			"controller adopts and deletes pods of other workloads that happen to match.",
		Remediation: "Make `spec.selector.matchLabels` a subset of `spec.template.metadata.labels`, e.g. " +
			"`selector: {matchLabels: {app: web}}` with `template: {metadata: {labels: {app: web}}}`. " +
			"The selector of an existing Deployment, StatefulSet or DaemonSet is immutable: change it by " +
			"recreating the workload.",
	},
	Run: runSelectorMatchesTemplate,
}

func runSelectorMatchesTemplate(s *Snapshot, _ Params) Outcome {
	sel := s.Workload.Selector()
	podLabels := s.Workload.PodLabels()
	switch {
	case sel == nil && !s.Workload.Has(CapLongRunning):
		return Pass("spec.selector is not set, so the API server generates one for the pods it creates")
	case sel == nil:
		return Violation("spec.selector is not set, which the API server refuses; set spec.selector.matchLabels to the pod template labels %s",
			labelSetText(podLabels))
	case len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0:
		return Violation("spec.selector is empty, which the API server refuses; set spec.selector.matchLabels to the pod template labels %s",
			labelSetText(podLabels))
	}
	ok, err := SelectorMatches(sel, podLabels, false)
	if err != nil {
		return Violation("spec.selector is invalid and the API server refuses it: %v", err)
	}
	if ok {
		return Pass("spec.selector selects the pod template labels %s", labelSetText(podLabels))
	}
	var diffs []string
	for _, k := range sortedKeys(sel.MatchLabels) {
		want := sel.MatchLabels[k]
		got, ok := podLabels[k]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("label %s is missing from the template", k))
		case got != want:
			diffs = append(diffs, fmt.Sprintf("label %s is %q in the template but %q in the selector", k, got, want))
		}
	}
	for _, e := range sel.MatchExpressions {
		r, err := labels.NewRequirement(e.Key, selectionOps[e.Operator], e.Values)
		if err == nil && !r.Matches(labels.Set(podLabels)) {
			diffs = append(diffs, fmt.Sprintf("matchExpression %s is not met by the template", r.String()))
		}
	}
	return Violation("spec.selector does not select the pod template labels %s, which the API server refuses: %s; "+
		"make the selector a subset of spec.template.metadata.labels", labelSetText(podLabels), strings.Join(diffs, "; "))
}
