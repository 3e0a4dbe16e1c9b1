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

// pcClass sets the pod template's priorityClassName.
func pcClass(s *Snapshot, name string) *Snapshot {
	s.Workload.PodSpec().PriorityClassName = name
	return s
}

func TestPriorityClass(t *testing.T) {
	allowed := map[string]string{"allowed": "production-high, production-medium"}
	runCases(t, &priorityClass, []checkCase{
		{name: "set", snap: pcClass(deploy(ctr("api")), "production-high"), want: v1alpha1.ResultPass,
			msg: []string{`priorityClassName is "production-high"`}},
		{name: "unset", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"spec.template.spec.priorityClassName is not set"}},
		{name: "allowed name", snap: pcClass(deploy(ctr("api")), "production-medium"), params: allowed, want: v1alpha1.ResultPass},
		{name: "name not allowed", snap: pcClass(deploy(ctr("api")), "batch-low"), params: allowed, want: v1alpha1.ResultFail,
			msg: []string{`"batch-low" is not one of the allowed classes "production-high", "production-medium"`}},
		{name: "unset with allowed list names the choices", snap: deploy(ctr("api")), params: allowed, want: v1alpha1.ResultFail,
			msg: []string{`set it to one of "production-high", "production-medium"`}},
		{name: "names are case-sensitive", snap: pcClass(deploy(ctr("api")), "Production-High"), params: allowed, want: v1alpha1.ResultFail},
		{name: "no containers does not matter", snap: pcClass(deploy(), "production-high"), want: v1alpha1.ResultPass},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset with a system class", snap: daemonSet(pcClass(deploy(ctr("agent")), "system-node-critical")), want: v1alpha1.ResultPass},
	})
}
