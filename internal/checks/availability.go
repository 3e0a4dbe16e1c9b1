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

// Shared helpers of the availability and scaling checks: int-or-percent arithmetic as the
// Kubernetes controllers do it, HPA lookups and pod spreading over a topology key.

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// percentStringRE is what the API server accepts as a percentage (validation.IsValidPercent).
var percentStringRE = regexp.MustCompile(`^[0-9]+%$`)

// parsePercentString parses "50%" into 50. It accepts 0% to 100% only, as the API server validates PDB
// and rollout percentages.
func parsePercentString(s string) (int32, error) {
	if !percentStringRE.MatchString(s) {
		return 0, fmt.Errorf("%q is neither an integer nor a percentage like \"50%%\"", s)
	}
	p, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil || p > 100 {
		return 0, fmt.Errorf("%q is above 100%%", s)
	}
	return int32(p), nil
}

// scaledIntOrPercent resolves an int-or-percent value against total the way the controllers do
// (intstr.GetScaledValueFromIntOrPercent): an int is taken as is, a percentage is p*total/100
// rounded up when roundUp is set (the disruption controller, maxSurge) and down otherwise
// (a Deployment's maxUnavailable). Malformed strings, percentages above 100% and negative ints
// are errors, as the API server would reject them. isPercent reports which form v had.
func scaledIntOrPercent(v intstr.IntOrString, total int32, roundUp bool) (n int32, isPercent bool, err error) {
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return 0, false, fmt.Errorf("%d is negative", v.IntVal)
		}
		return v.IntVal, false, nil
	}
	p, err := parsePercentString(v.StrVal)
	if err != nil {
		return 0, true, err
	}
	prod := int64(p) * int64(total)
	if roundUp {
		return int32((prod + 99) / 100), true, nil
	}
	return int32(prod / 100), true, nil
}

// hpaWrongGroupNotes names the HPAs whose scaleTargetRef has the workload's kind and name but an
// apiVersion outside the apps group (e.g. extensions/v1beta1): the autoscaler cannot resolve
// them, so they do not count as targeting the workload.
func (s *Snapshot) hpaWrongGroupNotes() []string {
	var notes []string
	for i := range s.HPAs {
		ref := &s.HPAs[i].Spec.ScaleTargetRef
		if s.namesWorkload(ref) && apiGroup(ref.APIVersion) != appsv1.GroupName {
			notes = append(notes, fmt.Sprintf("HorizontalPodAutoscaler %q names %s with scaleTargetRef.apiVersion %q, not apps/v1, and does not count",
				s.HPAs[i].Name, s.Workload.String(), ref.APIVersion))
		}
	}
	return notes
}

// podLabelsText renders the pod template labels for messages ({app: web, tier: api}).
func (s *Snapshot) podLabelsText() string {
	return labelSetText(s.Workload.PodLabels())
}

// Topology keys the spread checks look for.
const (
	topologyHostname       = "kubernetes.io/hostname"
	topologyZone           = "topology.kubernetes.io/zone"
	topologyZoneDeprecated = "failure-domain.beta.kubernetes.io/zone"
)

// spreadRule is one topology spread constraint or pod anti-affinity term that spreads the pods.
type spreadRule struct {
	field string // e.g. "topologySpreadConstraints[0]"
	key   string
}

// findSpread looks for topology spread constraints and pod anti-affinity terms (required or
// preferred) on one of keys whose label selector matches the pod template's own labels. It
// returns the rules that count and notes about those that do not (selector not matching the
// pods, nil or invalid selector, other namespaces).
func (s *Snapshot) findSpread(keys ...string) (found []spreadRule, notes []string) {
	spec := s.Workload.PodSpec()
	for i := range spec.TopologySpreadConstraints {
		tsc := &spec.TopologySpreadConstraints[i]
		if !slices.Contains(keys, tsc.TopologyKey) {
			continue
		}
		field := fmt.Sprintf("topologySpreadConstraints[%d]", i)
		if ok, note := s.spreadSelects(field, tsc.LabelSelector); ok {
			found = append(found, spreadRule{field: field, key: tsc.TopologyKey})
		} else {
			notes = append(notes, note)
		}
	}
	if spec.Affinity == nil || spec.Affinity.PodAntiAffinity == nil {
		return found, notes
	}
	anti := spec.Affinity.PodAntiAffinity
	check := func(field string, term *corev1.PodAffinityTerm) {
		if !slices.Contains(keys, term.TopologyKey) {
			return
		}
		if !s.termCoversOwnNamespace(term) {
			notes = append(notes, fmt.Sprintf("%s lists namespaces %s, not the workload's namespace %q, and does not count",
				field, quoteList(term.Namespaces), s.Workload.Namespace()))
			return
		}
		if ok, note := s.spreadSelects(field, term.LabelSelector); ok {
			found = append(found, spreadRule{field: field, key: term.TopologyKey})
		} else {
			notes = append(notes, note)
		}
	}
	for i := range anti.RequiredDuringSchedulingIgnoredDuringExecution {
		check(fmt.Sprintf("podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[%d]", i),
			&anti.RequiredDuringSchedulingIgnoredDuringExecution[i])
	}
	for i := range anti.PreferredDuringSchedulingIgnoredDuringExecution {
		check(fmt.Sprintf("podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[%d]", i),
			&anti.PreferredDuringSchedulingIgnoredDuringExecution[i].PodAffinityTerm)
	}
	return found, notes
}

// spreadSelects reports whether a spread selector matches the pods, or else a note saying why
// the rule does not count.
func (s *Snapshot) spreadSelects(field string, sel *metav1.LabelSelector) (bool, string) {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return false, fmt.Sprintf("%s has no labelSelector and spreads no pods, so it does not count", field)
	}
	ok, err := s.SelectsPods(sel)
	if err != nil {
		return false, fmt.Sprintf("%s has an invalid labelSelector (%v) and was ignored", field, err)
	}
	if !ok {
		return false, fmt.Sprintf("%s labelSelector %s does not match the pod labels %s, so it does not count",
			field, metav1.FormatLabelSelector(sel), s.podLabelsText())
	}
	return true, ""
}

// termCoversOwnNamespace reports whether an affinity term applies to pods of the workload's own
// namespace: no namespaces and no namespaceSelector means the pod's namespace; a namespaceSelector
// is assumed to include it (namespace labels are not in the snapshot); otherwise the namespaces
// list must name it.
func (s *Snapshot) termCoversOwnNamespace(term *corev1.PodAffinityTerm) bool {
	if len(term.Namespaces) == 0 || term.NamespaceSelector != nil {
		return true
	}
	ns := s.Workload.Namespace()
	if ns == "" {
		ns = "default"
	}
	return slices.Contains(term.Namespaces, ns)
}

// spreadOutcome is the verdict of the spread checks: the pods are spread over domain (node, zone)
// by a topology spread constraint or pod anti-affinity term on key, or on the deprecated key
// when one is given (with a note). Skip below 2 effective replicas.
func (s *Snapshot) spreadOutcome(domain, key, deprecated string) Outcome {
	n, source, ok := s.EffectiveReplicas()
	if !ok {
		return Skip("%s has no replica count", s.Workload.Kind())
	}
	if n < 2 {
		return Skip("%d effective %s (from %s): spreading over %ss needs at least 2", n, plural(int(n), "replica"), source, domain)
	}
	keys := []string{key}
	if deprecated != "" {
		keys = append(keys, deprecated)
	}
	found, notes := s.findSpread(keys...)
	var f Findings
	f.NoteAll(notes)
	if len(found) == 0 {
		f.AddWorkload("no topologySpreadConstraint or podAntiAffinity term with topologyKey %s selects the pods (labels %s), so all %d replicas may share one %s; "+
			"add a topologySpreadConstraint with topologyKey %s and a labelSelector matching the pod labels",
			key, s.podLabelsText(), n, domain, key)
		return f.Result("")
	}
	fields := make([]string, len(found))
	for i, r := range found {
		fields[i] = r.field
		if r.key != key {
			f.Note("%s uses the deprecated node label %s, which newer nodes may not carry; use %s", r.field, r.key, key)
		}
	}
	return f.Result("the pods are spread over %ss by %s", domain, joinNonEmpty(", ", fields...))
}
