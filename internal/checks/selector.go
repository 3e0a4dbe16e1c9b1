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
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// SelectorMatches applies a LabelSelector with Kubernetes semantics (matchLabels AND
// matchExpressions). A nil selector matches nothing. An empty selector ({}) matches everything
// only when emptyMatchesAll is set, as for NetworkPolicy podSelector. The operator's event
// mappers use it too, so an event is mapped with exactly the semantics the checks apply.
func SelectorMatches(sel *metav1.LabelSelector, set map[string]string, emptyMatchesAll bool) (bool, error) {
	s, err := labelSelector(sel, emptyMatchesAll)
	if err != nil {
		return false, err
	}
	return s.Matches(labels.Set(set)), nil
}

// labelSelector converts a LabelSelector with the semantics of SelectorMatches, for matching
// many label sets against one selector.
func labelSelector(sel *metav1.LabelSelector, emptyMatchesAll bool) (labels.Selector, error) {
	switch {
	case sel == nil:
		return labels.Nothing(), nil
	case len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0:
		if emptyMatchesAll {
			return labels.Everything(), nil
		}
		return labels.Nothing(), nil
	}
	return convertedSelectors.get(sel)
}

// convertedSelectors memoises LabelSelectorAsSelector by the selector's content. Converting
// validates every key and value (regular expressions) and dominated evaluation in a namespace
// of thousands of workloads, where each snapshot converts the selector of every PDB and
// NetworkPolicy of the namespace. Selectors are immutable once converted (labels.Selector is
// read-only), so sharing them is safe; the memo is cleared when it grows past its bound.
var convertedSelectors = &selectorMemo{m: map[string]selectorResult{}}

const selectorMemoLimit = 65536

type selectorMemo struct {
	mu sync.RWMutex
	m  map[string]selectorResult
}

type selectorResult struct {
	sel labels.Selector
	err error
}

func (c *selectorMemo) get(sel *metav1.LabelSelector) (labels.Selector, error) {
	key := selectorKey(sel)
	c.mu.RLock()
	r, ok := c.m[key]
	c.mu.RUnlock()
	if ok {
		return r.sel, r.err
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	c.mu.Lock()
	if len(c.m) >= selectorMemoLimit {
		c.m = map[string]selectorResult{}
	}
	c.m[key] = selectorResult{sel: s, err: err}
	c.mu.Unlock()
	return s, err
}

// selectorKey is a canonical text of a selector's content (sorted matchLabels, then the
// expressions in order), unambiguous because each part is length-prefixed.
func selectorKey(sel *metav1.LabelSelector) string {
	var b strings.Builder
	part := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	keys := make([]string, 0, len(sel.MatchLabels))
	for k := range sel.MatchLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		part(k)
		part(sel.MatchLabels[k])
	}
	b.WriteByte('|')
	for _, e := range sel.MatchExpressions {
		part(e.Key)
		part(string(e.Operator))
		b.WriteString(strconv.Itoa(len(e.Values)))
		for _, v := range e.Values {
			part(v)
		}
	}
	return b.String()
}

// The selection rules below are the one home of "which related object selects a pod set": the
// snapshot's selections and the operator's event mappers both call them, so an event is mapped
// with exactly the semantics the checks apply.

// ServiceSelects reports whether a Service selects pods with a label set: its spec.selector
// matches them. A Service without a selector selects no pods (its endpoints are managed by hand)
// and an ExternalName Service selects none (it is a DNS alias).
func ServiceSelects(svc *corev1.Service, set map[string]string) bool {
	return ServiceSelector(svc)(set)
}

// serviceSelectsNoPods is the rule that a Service without a selector selects no pods (its
// endpoints are managed by hand) and an ExternalName Service none (it is a DNS alias).
func serviceSelectsNoPods(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeExternalName || len(svc.Spec.Selector) == 0
}

// pdbSelector converts a PodDisruptionBudget's selector with policy/v1 semantics (a null
// selector selects no pods, an empty one every pod of the namespace), or says why the PDB is
// ignored.
func pdbSelector(pdb *policyv1.PodDisruptionBudget) (labels.Selector, string) {
	sel := pdb.Spec.Selector
	if sel == nil {
		return nil, fmt.Sprintf("PodDisruptionBudget %q has no spec.selector and selects no pods", pdb.Name)
	}
	s, err := labelSelector(sel, true) // policy/v1: an empty selector ({}) selects every pod of the namespace
	if err != nil {
		return nil, fmt.Sprintf("PodDisruptionBudget %q has an invalid spec.selector and was ignored: %v", pdb.Name, err)
	}
	return s, ""
}

// PDBSelects reports whether a PodDisruptionBudget selects pods with a label set.
func PDBSelects(pdb *policyv1.PodDisruptionBudget, set map[string]string) bool {
	return PDBSelector(pdb)(set)
}

// PDBSelector is PDBSelects for one PodDisruptionBudget with its selector converted once, for
// matching many label sets (the operator's event mappers).
func PDBSelector(pdb *policyv1.PodDisruptionBudget) func(map[string]string) bool {
	sel, note := pdbSelector(pdb)
	if note != "" {
		return func(map[string]string) bool { return false }
	}
	return func(set map[string]string) bool { return sel.Matches(labels.Set(set)) }
}

// ServiceSelector is ServiceSelects for one Service, its selector converted once
// (serviceSelectsNoPods is the rule for Services that select none).
func ServiceSelector(svc *corev1.Service) func(map[string]string) bool {
	if serviceSelectsNoPods(svc) {
		return func(map[string]string) bool { return false }
	}
	sel := labels.SelectorFromSet(svc.Spec.Selector)
	return func(set map[string]string) bool { return sel.Matches(labels.Set(set)) }
}

// NetworkPolicySelector is NetworkPolicySelects for one NetworkPolicy, its podSelector converted
// once.
func NetworkPolicySelector(np *networkingv1.NetworkPolicy) func(map[string]string) bool {
	sel, err := networkPolicySelector(np)
	if err != nil {
		return func(map[string]string) bool { return false }
	}
	return func(set map[string]string) bool { return sel.Matches(labels.Set(set)) }
}

// networkPolicySelector converts a NetworkPolicy's podSelector (an empty one selects every pod
// of the namespace); an error means the policy is ignored.
func networkPolicySelector(np *networkingv1.NetworkPolicy) (labels.Selector, error) {
	return labelSelector(&np.Spec.PodSelector, true)
}

// NetworkPolicySelects reports whether a NetworkPolicy's podSelector selects pods with a label
// set (an empty podSelector selects every pod of the namespace).
func NetworkPolicySelects(np *networkingv1.NetworkPolicy, set map[string]string) bool {
	return NetworkPolicySelector(np)(set)
}

// MonitorScrapes reports whether a ServiceMonitor or PodMonitor scrapes pods with a label set in
// a namespace: it watches the namespace, and a PodMonitor's selector matches the pod labels or a
// ServiceMonitor's selector matches one of the Services that select the pods.
func MonitorScrapes(m *Monitor, ns string, podLabels map[string]string, servicesSelectingPods []*corev1.Service) bool {
	_, ok := monitorScrape(m, ns, podLabels, servicesSelectingPods)
	return ok
}

// monitorScrape is MonitorScrapes with the description for messages; an invalid selector is an
// error.
func monitorScrape(m *Monitor, ns string, podLabels map[string]string, services []*corev1.Service) (string, bool) {
	if !m.Watches(ns) {
		return "", false
	}
	podMonitor := m.Kind == "PodMonitor"
	if !podMonitor && (m.Kind != "ServiceMonitor" || len(services) == 0) {
		return "", false // another kind, or no Service for a ServiceMonitor to select
	}
	sel, err := labelSelector(&m.Selector, true)
	if err != nil {
		return "", false
	}
	if podMonitor {
		return fmt.Sprintf("PodMonitor %q selects the pods", m.Name), sel.Matches(labels.Set(podLabels))
	}
	for _, svc := range services {
		if sel.Matches(labels.Set(svc.Labels)) {
			return fmt.Sprintf("ServiceMonitor %q selects Service %q, which selects the pods", m.Name, svc.Name), true
		}
	}
	return "", false
}

// PDBsSelecting returns the PodDisruptionBudgets whose selector matches the pod template labels,
// sorted by name, with notes about PDBs that select all pods of the namespace (an empty
// selector), none (no selector) or were ignored (invalid selectors).
func (s *Snapshot) PDBsSelecting() (matched []*policyv1.PodDisruptionBudget, notes []string) {
	if m := s.selected; m != nil && m.pdbsDone {
		return m.pdbs, m.pdbNotes
	}
	podLabels := labels.Set(s.Workload.PodLabels())
	for i := range s.PDBs {
		pdb := &s.PDBs[i]
		sel, note := pdbSelector(pdb)
		if note != "" {
			notes = append(notes, note)
			continue
		}
		if sel.Matches(podLabels) {
			if ps := pdb.Spec.Selector; len(ps.MatchLabels) == 0 && len(ps.MatchExpressions) == 0 {
				notes = append(notes, fmt.Sprintf("PodDisruptionBudget %q has an empty spec.selector and selects every pod of namespace %q", pdb.Name, pdb.Namespace))
			}
			matched = append(matched, pdb)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].Name < matched[j].Name })
	if m := s.selected; m != nil {
		m.pdbs, m.pdbNotes, m.pdbsDone = slices.Clip(matched), slices.Clip(notes), true
	}
	return matched, notes
}

// ServicesSelecting returns the Services whose spec.selector matches the pod template labels,
// sorted by name. A Service without a selector selects no pods (its endpoints are managed by
// hand).
func (s *Snapshot) ServicesSelecting() []*corev1.Service {
	if m := s.selected; m != nil && m.servicesDone {
		return m.services
	}
	podLabels := s.Workload.PodLabels()
	var out []*corev1.Service
	for i := range s.Services {
		svc := &s.Services[i]
		if ServiceSelects(svc, podLabels) {
			out = append(out, svc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if m := s.selected; m != nil {
		m.services, m.servicesDone = slices.Clip(out), true
	}
	return out
}

// NetworkPoliciesSelecting returns the NetworkPolicies whose podSelector matches the pod
// template labels (an empty podSelector selects every pod of the namespace), sorted by name, with
// notes about policies with invalid selectors.
func (s *Snapshot) NetworkPoliciesSelecting() (matched []*networkingv1.NetworkPolicy, notes []string) {
	podLabels := s.Workload.PodLabels()
	for i := range s.NetworkPolicies {
		np := &s.NetworkPolicies[i]
		sel, err := networkPolicySelector(np)
		if err != nil {
			notes = append(notes, fmt.Sprintf("NetworkPolicy %q has an invalid spec.podSelector (%v) and was ignored", np.Name, err))
			continue
		}
		if sel.Matches(labels.Set(podLabels)) {
			matched = append(matched, np)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].Name < matched[j].Name })
	return matched, notes
}

// SelectsPods reports whether a selector (topology spread, anti-affinity) matches the pod
// template's own labels. A nil or empty selector matches nothing here: a spread constraint or
// anti-affinity term without a selector does not spread the workload's pods.
func (s *Snapshot) SelectsPods(sel *metav1.LabelSelector) (bool, error) {
	return SelectorMatches(sel, s.Workload.PodLabels(), false)
}

// Index keys: where a gatherer finds the related objects that may select a workload's pods
// without walking its namespace. Every selecting object is indexed under exactly one key: one
// label pair of its selector that every pod it selects must carry ("key=value", the smallest
// key of matchLabels), or SelectsAnyKey when no single pair narrows it (an empty or
// expression-only selector, or one the engine ignores with a note, so the note is still given).
// Pods are looked up under SelectsAnyKey and each of their label pairs (PodIndexKeys): the
// objects found are a superset of those selecting the pods, and the selection rules above then
// decide, so an indexed snapshot selects exactly what a full one does. Objects that select no
// pods by the rules (a Service without a selector, an ExternalName Service) have no key.

// SelectsAnyKey is the index key of a selecting object that no single label pair narrows.
const SelectsAnyKey = "*"

// PodIndexKeys are the index keys under which the objects that may select pods with a label set
// are found, SelectsAnyKey first.
func PodIndexKeys(podLabels map[string]string) []string {
	keys := make([]string, 0, len(podLabels)+1)
	keys = append(keys, SelectsAnyKey)
	for k, v := range podLabels {
		keys = append(keys, labelPairKey(k, v))
	}
	sort.Strings(keys[1:])
	return keys
}

// PDBIndexKey is the index key of a PodDisruptionBudget.
func PDBIndexKey(pdb *policyv1.PodDisruptionBudget) string {
	if _, note := pdbSelector(pdb); note != "" || pdb.Spec.Selector == nil {
		return SelectsAnyKey // ignored with a note: found by every pod of the namespace
	}
	return matchLabelsKey(pdb.Spec.Selector.MatchLabels)
}

// ServiceIndexKey is the index key of a Service; ok is false for a Service that selects no pods.
func ServiceIndexKey(svc *corev1.Service) (key string, ok bool) {
	if serviceSelectsNoPods(svc) {
		return "", false
	}
	return matchLabelsKey(svc.Spec.Selector), true
}

// NetworkPolicyIndexKey is the index key of a NetworkPolicy.
func NetworkPolicyIndexKey(np *networkingv1.NetworkPolicy) string {
	if _, err := networkPolicySelector(np); err != nil {
		return SelectsAnyKey // ignored with a note: found by every pod of the namespace
	}
	return matchLabelsKey(np.Spec.PodSelector.MatchLabels)
}

// ScaleTargetKey is the index key of an autoscaler (HPA, ScaledObject) by the kind and name its
// scaleTargetRef names, whatever its apiVersion (HPAsTargeting and the notes on HPAs of the
// wrong API group decide on that).
func ScaleTargetKey(kind, name string) string { return kind + "/" + name }

// matchLabelsKey is the pair of the smallest key, or SelectsAnyKey for no pairs.
func matchLabelsKey(ml map[string]string) string {
	first, found := "", false
	for k := range ml {
		if !found || k < first {
			first, found = k, true
		}
	}
	if !found {
		return SelectsAnyKey
	}
	return labelPairKey(first, ml[first])
}

func labelPairKey(k, v string) string { return k + "=" + v }
