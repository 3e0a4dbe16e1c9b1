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

	"github.com/prodready/prodready/api/v1alpha1"
)

// lrLabels replaces the workload's and the pod template's labels (nil leaves a map unset).
func lrLabels(s *Snapshot, workload, pod map[string]string) *Snapshot {
	dep(s).Labels = workload
	s.Workload.Template().Labels = pod
	return s
}

func TestLabelsRecommended(t *testing.T) {
	const name = "app.kubernetes.io/name"
	named := func(extra ...string) map[string]string {
		m := map[string]string{"app": "web", name: "web"}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	team := map[string]string{"required": "team"}
	runCases(t, &labelsRecommended, []checkCase{
		{name: "name on both", snap: lrLabels(deploy(ctr("api")), named(), named()), want: v1alpha1.ResultPass,
			msg: []string{`carry "app.kubernetes.io/name"`}},
		{name: "name on neither", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`Deployment metadata.labels lacks "app.kubernetes.io/name"`, `spec.template.metadata.labels lacks "app.kubernetes.io/name"`}},
		{name: "name on the workload only", snap: lrLabels(deploy(ctr("api")), named(), map[string]string{"app": "web"}), want: v1alpha1.ResultFail,
			msg: []string{"spec.template.metadata.labels lacks"}, notMsg: []string{"Deployment metadata.labels"}},
		{name: "name on the pods only", snap: lrLabels(deploy(ctr("api")), map[string]string{"app": "web"}, named()), want: v1alpha1.ResultFail,
			msg: []string{"Deployment metadata.labels lacks"}, notMsg: []string{"spec.template"}},
		{name: "values may differ", snap: lrLabels(deploy(ctr("api")), named(), map[string]string{name: "web-pod"}), want: v1alpha1.ResultPass},
		{name: "empty value", snap: lrLabels(deploy(ctr("api")), map[string]string{name: ""}, named()), want: v1alpha1.ResultFail,
			msg: []string{`Deployment metadata.labels has an empty value for "app.kubernetes.io/name"`}},
		{name: "nil label maps", snap: lrLabels(deploy(), nil, nil), want: v1alpha1.ResultFail, msg: []string{"Deployment metadata.labels lacks"}},
		{name: "required key present on both", snap: lrLabels(deploy(ctr("api")), named("team", "payments"), named("team", "payments")), params: team,
			want: v1alpha1.ResultPass, msg: []string{`"app.kubernetes.io/name", "team"`}},
		{name: "required key missing on pods", snap: lrLabels(deploy(ctr("api")), named("team", "payments"), named()), params: team,
			want: v1alpha1.ResultFail, msg: []string{`spec.template.metadata.labels lacks "team"`}, notMsg: []string{"Deployment metadata.labels"}},
		{name: "missing and empty together", snap: lrLabels(deploy(ctr("api")), named("team", ""), named("team", "payments", "environment", "prod")),
			params: map[string]string{"required": "team, environment"}, want: v1alpha1.ResultFail,
			msg: []string{`Deployment metadata.labels lacks "environment" and has an empty value for "team"`}, notMsg: []string{"spec.template"}},
		{name: "required repeating the name is deduplicated", snap: lrLabels(deploy(ctr("api")), named(), named()),
			params: map[string]string{"required": "app.kubernetes.io/name"}, want: v1alpha1.ResultPass, notMsg: []string{`"app.kubernetes.io/name", "app.kubernetes.io/name"`}},
		{name: "default param is not required without it", snap: lrLabels(deploy(ctr("api")), named(), named()), want: v1alpha1.ResultPass, notMsg: []string{"team"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail, msg: []string{"StatefulSet metadata.labels lacks"}},
		{name: "daemonset", snap: daemonSet(lrLabels(deploy(ctr("agent")), named(), named())), want: v1alpha1.ResultPass},
	})
}
