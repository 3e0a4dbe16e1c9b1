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

package snapshot

import (
	"fmt"
	"sort"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

// DanglingDoc is a related object of the input that relates to nothing of the input: an HPA or
// ScaledObject whose scaleTargetRef names no workload, a Service, PodDisruptionBudget or
// NetworkPolicy that selects no pods of the input's workloads.
type DanglingDoc struct {
	Source    manifest.Source
	Kind      string
	Namespace string
	Name      string
	// Reason says what the object names or selects that the input does not have.
	Reason string
}

// Dangling lists the related objects of the manifests that target or select none of its
// workloads, sorted by source. It applies the engine's own selection rules (the ones the checks
// use), so an object is dangling exactly when no workload's evaluation would count it: a
// Service selecting the pods of an Argo Rollout is not dangling. Services without a selector
// (endpoints managed by hand) and ExternalName Services select no pods by design and are not
// listed.
func (m *Manifests) Dangling() []DanglingDoc {
	used := map[string]bool{}
	mark := func(gk, ns, name string) { used[gk+"/"+ns+"/"+name] = true }
	for i := range m.Workloads {
		s := m.snapshotOf(selectionWorkload(&m.Workloads[i]), time.Time{}, false) // selections only: no decoding
		ns := m.Workloads[i].Workload.Namespace()
		for _, h := range s.HPAsTargeting() {
			mark("HorizontalPodAutoscaler.autoscaling", ns, h.Name)
		}
		for _, so := range s.ScaledObjectsTargeting() {
			mark("ScaledObject.keda.sh", ns, so.Name)
		}
		for _, svc := range s.ServicesSelecting() {
			mark("Service", ns, svc.Name)
		}
		pdbs, _ := s.PDBsSelecting()
		for _, p := range pdbs {
			mark("PodDisruptionBudget.policy", ns, p.Name)
		}
		nps, _ := s.NetworkPoliciesSelecting()
		for _, np := range nps {
			mark("NetworkPolicy.networking.k8s.io", ns, np.Name)
		}
	}
	var out []DanglingDoc
	add := func(gk, kind, ns, name, reason string) {
		key := gk + "/" + ns + "/" + name
		if used[key] {
			return
		}
		out = append(out, DanglingDoc{Source: m.seen[key], Kind: kind, Namespace: ns, Name: name, Reason: reason})
	}
	for ns, rel := range m.related {
		for i := range rel.HPAs {
			h := &rel.HPAs[i]
			ref := h.Spec.ScaleTargetRef
			add("HorizontalPodAutoscaler.autoscaling", "HorizontalPodAutoscaler", ns, h.Name,
				fmt.Sprintf("spec.scaleTargetRef names %s %q (%s), which is not a workload of the input in namespace %q", ref.Kind, ref.Name, apiVersionOr(ref.APIVersion), ns))
		}
		for i := range rel.ScaledObjects {
			so := &rel.ScaledObjects[i]
			add("ScaledObject.keda.sh", "ScaledObject", ns, so.Name,
				fmt.Sprintf("spec.scaleTargetRef names %s %q, which is not a workload of the input in namespace %q", so.Target.Kind, so.Target.Name, ns))
		}
		for i := range rel.Services {
			svc := &rel.Services[i]
			if len(svc.Spec.Selector) == 0 || svc.Spec.Type == "ExternalName" {
				continue
			}
			add("Service", "Service", ns, svc.Name,
				fmt.Sprintf("spec.selector %s selects no pods of the input's workloads in namespace %q", checks.LabelSetText(svc.Spec.Selector), ns))
		}
		for i := range rel.PDBs {
			p := &rel.PDBs[i]
			reason := "has no spec.selector and selects no pods"
			if p.Spec.Selector != nil {
				reason = fmt.Sprintf("spec.selector %s selects no pods of the input's workloads in namespace %q", selectorText(p.Spec.Selector), ns)
			}
			add("PodDisruptionBudget.policy", "PodDisruptionBudget", ns, p.Name, reason)
		}
		for i := range rel.NetworkPolicies {
			np := &rel.NetworkPolicies[i]
			add("NetworkPolicy.networking.k8s.io", "NetworkPolicy", ns, np.Name,
				fmt.Sprintf("spec.podSelector %s selects no pods of the input's workloads in namespace %q", selectorText(&np.Spec.PodSelector), ns))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Source.File != b.Source.File {
			return a.Source.File < b.Source.File
		}
		if a.Source.Line != b.Source.Line {
			return a.Source.Line < b.Source.Line
		}
		return a.Kind+"/"+a.Namespace+"/"+a.Name < b.Kind+"/"+b.Namespace+"/"+b.Name
	})
	return out
}

// selectorText renders a label selector: its matchLabels as a label set when it has no
// expressions, else the Kubernetes selector syntax; {} for an empty one.
func selectorText(sel *metav1.LabelSelector) string {
	if len(sel.MatchExpressions) == 0 {
		return checks.LabelSetText(sel.MatchLabels)
	}
	return metav1.FormatLabelSelector(sel)
}

func apiVersionOr(v string) string {
	if v == "" {
		return "no apiVersion"
	}
	return v
}
