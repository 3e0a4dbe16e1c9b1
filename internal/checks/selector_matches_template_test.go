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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestSelectorMatchesTemplate(t *testing.T) {
	withSel := func(s *Snapshot, sel *metav1.LabelSelector) *Snapshot {
		dep(s).Spec.Selector = sel
		return s
	}
	withLabels := func(s *Snapshot, l map[string]string) *Snapshot {
		dep(s).Spec.Template.Labels = l
		return s
	}
	match := func(kv ...string) *metav1.LabelSelector {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return &metav1.LabelSelector{MatchLabels: m}
	}
	expr := func(key string, op metav1.LabelSelectorOperator, values ...string) *metav1.LabelSelector {
		return &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: key, Operator: op, Values: values}}}
	}
	pass, fail := v1alpha1.ResultPass, v1alpha1.ResultFail
	runCases(t, &selectorMatchesTemplate, []checkCase{
		{name: "selector equals the labels", snap: deploy(ctr("api")), want: pass, msg: []string{"spec.selector selects the pod template labels {app: web}"}},
		{name: "selector a subset of the labels", snap: withLabels(deploy(ctr("api")), map[string]string{"app": "web", "tier": "front"}), want: pass},
		{name: "matchExpressions In", snap: withSel(deploy(ctr("api")), expr("app", metav1.LabelSelectorOpIn, "web", "api")), want: pass},
		{name: "no selector", snap: withSel(deploy(ctr("api")), nil), want: fail,
			msg: []string{"spec.selector is not set, which the API server refuses; set spec.selector.matchLabels to the pod template labels {app: web}"}},
		{name: "empty selector", snap: withSel(deploy(ctr("api")), &metav1.LabelSelector{}), want: fail, msg: []string{"spec.selector is empty"}},
		{name: "value differs", snap: withSel(deploy(ctr("api")), match("app", "api")), want: fail,
			msg: []string{"does not select the pod template labels {app: web}", `label app is "web" in the template but "api" in the selector`}},
		{name: "label missing from the template", snap: withSel(deploy(ctr("api")), match("app", "web", "tier", "front")), want: fail,
			msg: []string{"label tier is missing from the template"}, notMsg: []string{"label app"}},
		{name: "template without labels", snap: withLabels(deploy(ctr("api")), nil), want: fail, msg: []string{"pod template labels {}", "label app is missing"}},
		{name: "expression not met", snap: withSel(deploy(ctr("api")), expr("app", metav1.LabelSelectorOpNotIn, "web")), want: fail,
			msg: []string{"matchExpression app notin (web) is not met by the template"}},
		{name: "invalid operator", snap: withSel(deploy(ctr("api")), expr("app", "Bogus", "web")), want: fail, msg: []string{"spec.selector is invalid"}},
		{name: "statefulset", snap: statefulSet(withSel(deploy(ctr("db")), match("app", "db"))), want: fail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: pass},
		{name: "rollout", snap: rollout(withSel(deploy(ctr("api")), match("app", "api"))), want: fail},
		{name: "job without a selector", snap: job(deploy(ctr("migrate"))), want: pass, msg: []string{"the API server generates one"}},
		{name: "job with a manual selector that misses", snap: func() *Snapshot {
			s := job(deploy(ctr("migrate")))
			jb(s).Spec.Selector = match("app", "other")
			return s
		}(), want: fail, msg: []string{`label app is "web" in the template but "other" in the selector`}},
		{name: "cronjob without a selector", snap: cronJob(deploy(ctr("report"))), want: pass},
	})
}
