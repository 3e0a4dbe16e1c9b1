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

	policyv1 "k8s.io/api/policy/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestPDBUnhealthyEvictionPolicy(t *testing.T) {
	policy := func(p policyv1.UnhealthyPodEvictionPolicyType) func(*policyv1.PodDisruptionBudget) {
		return func(pdb *policyv1.PodDisruptionBudget) { pdb.Spec.UnhealthyPodEvictionPolicy = &p }
	}
	web := availMatch("app", "web")
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	runCases(t, &pdbUnhealthyEvictionPolicy, []checkCase{
		{name: "AlwaysAllow", snap: availWithPDB(deploy(ctr("api")), availPDB("web", web, policy(policyv1.AlwaysAllow))), want: pass,
			msg: []string{`PodDisruptionBudget "web" sets unhealthyPodEvictionPolicy: AlwaysAllow`}},
		{name: "unset", snap: availWithPDB(deploy(ctr("api")), availPDB("web", web)), want: fail,
			msg: []string{`PodDisruptionBudget "web" does not set unhealthyPodEvictionPolicy, so it is IfHealthyBudget`}},
		{name: "IfHealthyBudget", snap: availWithPDB(deploy(ctr("api")), availPDB("web", web, policy(policyv1.IfHealthyBudget))), want: fail,
			msg: []string{"sets unhealthyPodEvictionPolicy IfHealthyBudget"}},
		{name: "every selecting PDB is judged", snap: availWithPDB(deploy(ctr("api")), availPDB("a", web, policy(policyv1.AlwaysAllow)), availPDB("b", web)), want: fail,
			msg: []string{`PodDisruptionBudget "b"`}, notMsg: []string{`"a" does not`}},
		{name: "PDB of other pods is not judged", snap: availWithPDB(deploy(ctr("api")), availPDB("db", availMatch("app", "db"))), want: skip,
			msg: []string{"see pdb-present"}},
		{name: "no PDB", snap: deploy(ctr("api")), want: skip},
		{name: "daemonset", snap: daemonSet(availWithPDB(deploy(ctr("agent")), availPDB("web", web))), want: skip},
		{name: "statefulset", snap: statefulSet(availWithPDB(deploy(ctr("db")), availPDB("web", web))), want: fail},
	})
}
