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

func TestServiceaccountToken(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	podAutomount := func(s *Snapshot, v bool) *Snapshot {
		s.Workload.PodSpec().AutomountServiceAccountToken = ptr(v)
		return s
	}
	runCases(t, &serviceAccountToken, []checkCase{
		// The pod field decides.
		{name: "pod false", snap: podAutomount(saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", nil)), false), want: pass,
			msg: []string{"automountServiceAccountToken is false on the pod template"}},
		{name: "pod false, service account mounts", snap: podAutomount(saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", ptr(true))), false), want: pass},
		{name: "pod false, service account missing", snap: podAutomount(saAccounts(saNamed(deploy(ctr("api")), "web"), false), false), want: pass},
		{name: "pod false offline", snap: podAutomount(saAccounts(deploy(ctr("api")), true), false), want: pass},
		{name: "pod true overrides the service account", snap: podAutomount(saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", ptr(false))), true), want: fail,
			msg: []string{"automountServiceAccountToken is true on the pod template"}},
		{name: "pod true offline", snap: podAutomount(saAccounts(deploy(ctr("api")), true), true), want: fail},

		// Pod field unset: the ServiceAccount decides.
		{name: "service account false", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", ptr(false))), want: pass,
			msg: []string{`ServiceAccount "web" sets automountServiceAccountToken: false`}},
		{name: "service account true", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", ptr(true))), want: fail,
			msg: []string{`ServiceAccount "web"`, "set it on the pod template"}},
		{name: "service account unset", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("web", nil)), want: fail,
			msg: []string{"the API token is mounted"}},
		{name: "default service account false", snap: saAccounts(deploy(ctr("api")), false, saAccount("default", ptr(false))), want: pass,
			msg: []string{`ServiceAccount "default"`}},
		{name: "deprecated serviceAccount field", snap: func() *Snapshot {
			s := saAccounts(deploy(ctr("api")), false, saAccount("web", ptr(false)), saAccount("default", nil))
			s.Workload.PodSpec().DeprecatedServiceAccount = "web"
			return s
		}(), want: pass, msg: []string{`"web"`}},
		{name: "service account missing in the cluster", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false), want: fail,
			msg: []string{`ServiceAccount "web" not found`, "mounted by default"}},
		{name: "service account not in the input", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), true), want: skip,
			msg: []string{`ServiceAccount "web" not in the input`}},
		// Kubernetes creates "default" in every namespace with the token mounted: known offline
		// too, so the CLI gives the cluster's verdict (found by the CLI/operator/webhook parity test).
		{name: "default service account not in the input", snap: saAccounts(deploy(ctr("api")), true), want: fail,
			msg: []string{"the namespace's default ServiceAccount, which Kubernetes creates with the token mounted"}},
		{name: "service account in the input offline", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), true, saAccount("web", nil)), want: fail},

		// Param allow.
		{name: "allowed", snap: podAutomount(deploy(ctr("api")), true), params: map[string]string{"allow": "true"}, want: skip,
			msg: []string{"token mount allowed by params"}},
		{name: "allow false", snap: podAutomount(deploy(ctr("api")), true), params: map[string]string{"allow": "false"}, want: fail},

		{name: "statefulset", snap: statefulSet(podAutomount(deploy(ctr("db")), false)), want: pass},
		{name: "daemonset", snap: daemonSet(saAccounts(saNamed(deploy(ctr("agent")), "agent"), false, saAccount("agent", nil))), want: fail},
	})
}
