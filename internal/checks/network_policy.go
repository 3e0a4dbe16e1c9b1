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

	networkingv1 "k8s.io/api/networking/v1"
)

func init() { register(&networkPolicy) }

var networkPolicy = Check{
	Meta: Meta{
		ID:       "network-policy",
		Title:    "A NetworkPolicy restricts ingress to the pods",
		Category: CategoryNetwork,
		Description: "At least one NetworkPolicy in the namespace selects the pod template labels " +
			"(`spec.podSelector`, where `{}` selects every pod of the namespace) and isolates the pods for " +
			"ingress: its `policyTypes` include Ingress, or `policyTypes` is unset (Ingress is then always " +
			"implied). Policies are additive, so the check also fails when any selecting policy that " +
			"covers Ingress has an ingress rule with neither `from` nor `ports`, which admits all traffic " +
			"whatever the other policies say. With param `egress: \"true\"` (set by the strict profile) " +
			"the pods must also be isolated for egress: a selecting policy lists Egress in `policyTypes`, " +
			"and no selecting policy that covers Egress has an egress rule with neither `to` nor `ports` " +
			"(which allows every destination). Policies with an invalid podSelector are ignored and named.",
		Rationale: "Without a NetworkPolicy every pod in the cluster — including a compromised one in any " +
			"other namespace — can open connections to these pods. Restricting ingress to the callers " +
			"that need it limits what an attacker can reach after a single breach and documents the " +
			"service's real dependencies.",
		Remediation: "Add a NetworkPolicy whose `podSelector` matches the pod labels, with " +
			"`policyTypes: [Ingress]` and ingress rules naming the allowed callers (`from` with " +
			"podSelector/namespaceSelector) and ports, e.g. a namespace-wide default deny " +
			"(`podSelector: {}`, `policyTypes: [Ingress]`, no rules) plus one allow policy per service.",
		Params: []ParamSpec{{
			Name: "egress",
			Type: ParamBool,
			Description: "Also require egress isolation (policyTypes Egress, no allow-all egress rule). " +
				"Off by default; the strict profile sets it to \"true\".",
		}},
		Needs: []string{"NetworkPolicy"},
	},
	Run: runNetworkPolicy,
}

func runNetworkPolicy(s *Snapshot, p Params) Outcome {
	matched, notes := s.NetworkPoliciesSelecting()
	var f Findings
	f.NoteAll(notes)
	if len(matched) == 0 {
		f.AddWorkload("no NetworkPolicy selects the pods (labels %s): any pod in the cluster can connect to them; add one with policyTypes [Ingress]",
			labelSetText(s.Workload.PodLabels()))
		return f.Result("")
	}
	var isolating, egressOnly []string
	for _, np := range matched {
		if !policyCoversIngress(np) {
			egressOnly = append(egressOnly, np.Name)
			continue
		}
		isolating = append(isolating, np.Name)
		if i, ok := allowAllIngressRule(np); ok {
			f.AddWorkload("NetworkPolicy %q ingress rule %d has no from and no ports, so it admits all traffic (policies are additive); list the allowed callers in from",
				np.Name, i+1)
		}
	}
	if len(isolating) == 0 {
		n := len(egressOnly)
		f.AddWorkload("%s %s %s the pods but only for Egress (policyTypes); add Ingress to policyTypes with the allowed callers",
			byCount(n, "NetworkPolicy", "NetworkPolicies"), quoteList(egressOnly), byCount(n, "selects", "select"))
	}
	n := len(isolating)
	msg := fmt.Sprintf("%s %s %s ingress to the pods", byCount(n, "NetworkPolicy", "NetworkPolicies"), quoteList(isolating),
		byCount(n, "restricts", "restrict"))
	if p.Bool("egress") {
		var egress []string
		for _, np := range matched {
			if !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
				continue
			}
			egress = append(egress, np.Name)
			for i, r := range np.Spec.Egress {
				if len(r.To) == 0 && len(r.Ports) == 0 {
					f.AddWorkload("NetworkPolicy %q egress rule %d has no to and no ports, so it allows every destination (policies are additive); list the allowed destinations in to",
						np.Name, i+1)
					break
				}
			}
		}
		if len(egress) == 0 {
			f.AddWorkload("no NetworkPolicy selecting the pods lists Egress in policyTypes, so they can connect anywhere; param egress requires egress isolation: add Egress to policyTypes with the allowed destinations, DNS included")
		} else {
			m := len(egress)
			msg += fmt.Sprintf(", and %s %s %s egress", byCount(m, "NetworkPolicy", "NetworkPolicies"), quoteList(egress), byCount(m, "restricts", "restrict"))
		}
	}
	return f.Result("%s", msg)
}

// policyCoversIngress reports whether a NetworkPolicy isolates its pods for ingress: policyTypes
// lists Ingress, or policyTypes is unset (Ingress is then always implied).
func policyCoversIngress(np *networkingv1.NetworkPolicy) bool {
	return len(np.Spec.PolicyTypes) == 0 || slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress)
}

// allowAllIngressRule returns the index of an ingress rule with neither from nor ports.
func allowAllIngressRule(np *networkingv1.NetworkPolicy) (int, bool) {
	for i, r := range np.Spec.Ingress {
		if len(r.From) == 0 && len(r.Ports) == 0 {
			return i, true
		}
	}
	return 0, false
}
