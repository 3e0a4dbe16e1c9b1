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

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// npPolicy is a NetworkPolicy in namespace "shop"; mods adjust it.
func npPolicy(name string, podSelector metav1.LabelSelector, mods ...func(*networkingv1.NetworkPolicy)) networkingv1.NetworkPolicy {
	np := networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"},
		Spec:       networkingv1.NetworkPolicySpec{PodSelector: podSelector},
	}
	for _, m := range mods {
		m(&np)
	}
	return np
}

func npWith(s *Snapshot, nps ...networkingv1.NetworkPolicy) *Snapshot {
	s.NetworkPolicies = append(s.NetworkPolicies, nps...)
	return s
}

func npTypes(types ...networkingv1.PolicyType) func(*networkingv1.NetworkPolicy) {
	return func(np *networkingv1.NetworkPolicy) { np.Spec.PolicyTypes = types }
}

func npIngress(rules ...networkingv1.NetworkPolicyIngressRule) func(*networkingv1.NetworkPolicy) {
	return func(np *networkingv1.NetworkPolicy) { np.Spec.Ingress = append(np.Spec.Ingress, rules...) }
}

func TestNetworkPolicyEgress(t *testing.T) {
	web := metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
	egress := map[string]string{"egress": "true"}
	toDB := networkingv1.NetworkPolicyEgressRule{To: []networkingv1.NetworkPolicyPeer{{
		PodSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}}}}}
	withEgress := func(rules ...networkingv1.NetworkPolicyEgressRule) func(*networkingv1.NetworkPolicy) {
		return func(np *networkingv1.NetworkPolicy) { np.Spec.Egress = append(np.Spec.Egress, rules...) }
	}
	ing := npTypes(networkingv1.PolicyTypeIngress)
	both := npTypes(networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress)
	pass, fail := v1alpha1.ResultPass, v1alpha1.ResultFail
	runCases(t, &networkPolicy, []checkCase{
		{name: "ingress only passes without the param", snap: npWith(deploy(ctr("api")), npPolicy("web", web, ing)), want: pass, notMsg: []string{"egress"}},
		{name: "ingress only fails with egress", snap: npWith(deploy(ctr("api")), npPolicy("web", web, ing)), params: egress, want: fail,
			msg: []string{"no NetworkPolicy selecting the pods lists Egress in policyTypes"}},
		{name: "unset policyTypes implies no egress isolation", snap: npWith(deploy(ctr("api")), npPolicy("web", web, withEgress(toDB))), params: egress, want: fail,
			msg: []string{"lists Egress in policyTypes"}},
		{name: "ingress and egress", snap: npWith(deploy(ctr("api")), npPolicy("web", web, both, withEgress(toDB))), params: egress, want: pass,
			msg: []string{`NetworkPolicy "web" restricts ingress to the pods, and NetworkPolicy "web" restricts egress`}},
		{name: "separate egress policy", snap: npWith(deploy(ctr("api")), npPolicy("web", web, ing), npPolicy("deny-egress", metav1.LabelSelector{}, npTypes(networkingv1.PolicyTypeEgress))),
			params: egress, want: pass, msg: []string{`NetworkPolicy "deny-egress" restricts egress`}},
		{name: "allow-all egress rule", snap: npWith(deploy(ctr("api")), npPolicy("web", web, both, withEgress(networkingv1.NetworkPolicyEgressRule{}))), params: egress, want: fail,
			msg: []string{`NetworkPolicy "web" egress rule 1 has no to and no ports, so it allows every destination`}},
		{name: "egress alone does not replace ingress", snap: npWith(deploy(ctr("api")), npPolicy("web", web, npTypes(networkingv1.PolicyTypeEgress))), params: egress, want: fail,
			msg: []string{"only for Egress"}},
	})
}

func TestNetworkPolicy(t *testing.T) {
	web := metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
	all := metav1.LabelSelector{}
	fromFrontend := networkingv1.NetworkPolicyIngressRule{From: []networkingv1.NetworkPolicyPeer{{
		PodSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "frontend"}}}}}
	port8080 := intstr.FromInt32(8080)
	portsOnly := networkingv1.NetworkPolicyIngressRule{Ports: []networkingv1.NetworkPolicyPort{{Port: &port8080}}}
	allowAll := networkingv1.NetworkPolicyIngressRule{}
	ingress, egress := networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress
	runCases(t, &networkPolicy, []checkCase{
		{name: "no policy", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"no NetworkPolicy selects the pods (labels {app: web})"}},
		{name: "policy for other pods", snap: npWith(deploy(ctr("api")), npPolicy("db", metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}}, npTypes(ingress))),
			want: v1alpha1.ResultFail, msg: []string{"no NetworkPolicy selects the pods"}},
		{name: "policy with rules from frontend", snap: npWith(deploy(ctr("api")), npPolicy("web-ingress", web, npTypes(ingress), npIngress(fromFrontend))),
			want: v1alpha1.ResultPass, msg: []string{`NetworkPolicy "web-ingress" restricts ingress`}},
		{name: "namespace default deny with empty podSelector", snap: npWith(deploy(ctr("api")), npPolicy("default-deny", all, npTypes(ingress))),
			want: v1alpha1.ResultPass, msg: []string{`"default-deny"`}},
		{name: "policyTypes unset implies Ingress", snap: npWith(deploy(ctr("api")), npPolicy("deny", web)),
			want: v1alpha1.ResultPass},
		{name: "policyTypes unset with egress rules still covers Ingress", snap: npWith(deploy(ctr("api")), npPolicy("deny", web, func(np *networkingv1.NetworkPolicy) {
			np.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{}}
		})), want: v1alpha1.ResultPass},
		{name: "egress only", snap: npWith(deploy(ctr("api")), npPolicy("egress", web, npTypes(egress))),
			want: v1alpha1.ResultFail, msg: []string{`NetworkPolicy "egress" selects the pods but only for Egress`}},
		{name: "two egress-only policies", snap: npWith(deploy(ctr("api")), npPolicy("a", web, npTypes(egress)), npPolicy("b", all, npTypes(egress))),
			want: v1alpha1.ResultFail, msg: []string{`NetworkPolicies "a", "b" select the pods`}},
		{name: "ingress and egress", snap: npWith(deploy(ctr("api")), npPolicy("both", web, npTypes(ingress, egress), npIngress(fromFrontend))),
			want: v1alpha1.ResultPass},
		{name: "allow-all ingress rule", snap: npWith(deploy(ctr("api")), npPolicy("open", web, npTypes(ingress), npIngress(allowAll))),
			want: v1alpha1.ResultFail, msg: []string{`NetworkPolicy "open" ingress rule 1 has no from and no ports`}},
		{name: "allow-all rule after a restricted one", snap: npWith(deploy(ctr("api")), npPolicy("open", web, npIngress(fromFrontend, allowAll))),
			want: v1alpha1.ResultFail, msg: []string{"ingress rule 2"}},
		{name: "allow-all in one policy overrides another's deny", snap: npWith(deploy(ctr("api")),
			npPolicy("default-deny", all, npTypes(ingress)), npPolicy("open", web, npTypes(ingress), npIngress(allowAll))),
			want: v1alpha1.ResultFail, msg: []string{`"open"`, "additive"}},
		{name: "allow-all egress-only policy does not matter", snap: npWith(deploy(ctr("api")),
			npPolicy("deny", web, npTypes(ingress)), npPolicy("egress", web, npTypes(egress), npIngress(allowAll))),
			want: v1alpha1.ResultPass, msg: []string{`"deny"`}, notMsg: []string{`"egress"`}},
		{name: "ports-only rule restricts", snap: npWith(deploy(ctr("api")), npPolicy("port", web, npTypes(ingress), npIngress(portsOnly))),
			want: v1alpha1.ResultPass},
		{name: "matchExpressions selector", snap: npWith(deploy(ctr("api")), npPolicy("expr", metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}}}}, npTypes(ingress))),
			want: v1alpha1.ResultPass},
		{name: "matchLabels AND matchExpressions", snap: npWith(deploy(ctr("api")), npPolicy("expr", metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"},
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpExists}}}, npTypes(ingress))),
			want: v1alpha1.ResultFail, msg: []string{"no NetworkPolicy selects the pods"}},
		{name: "invalid selector is noted and ignored", snap: npWith(deploy(ctr("api")), npPolicy("broken", metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: "app", Operator: "Near"}}}, npTypes(ingress))),
			want: v1alpha1.ResultFail, msg: []string{`NetworkPolicy "broken" has an invalid spec.podSelector`}},
		{name: "statefulset", snap: npWith(statefulSet(deploy(ctr("db"))), npPolicy("deny", all)), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultFail},
	})
}
