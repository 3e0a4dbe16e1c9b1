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

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// saNamed sets the pod template's serviceAccountName.
func saNamed(s *Snapshot, name string) *Snapshot {
	s.Workload.PodSpec().ServiceAccountName = name
	return s
}

// saAccounts sets the ServiceAccounts of a snapshot; offline marks it as built from manifests.
func saAccounts(s *Snapshot, offline bool, accounts ...corev1.ServiceAccount) *Snapshot {
	s.ServiceAccounts = accounts
	s.Offline = offline
	return s
}

// saAccount is a ServiceAccount; automount is its automountServiceAccountToken (nil = unset).
func saAccount(name string, automount *bool) corev1.ServiceAccount {
	return corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"}, AutomountServiceAccountToken: automount}
}

func TestServiceaccountDedicated(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	deprecated := func(s *Snapshot, name string) *Snapshot {
		s.Workload.PodSpec().DeprecatedServiceAccount = name
		return s
	}
	runCases(t, &serviceAccountDedicated, []checkCase{
		{name: "unset", snap: saAccounts(deploy(ctr("api")), false, saAccount("default", nil)), want: fail,
			msg: []string{"serviceAccountName is unset", `"default" ServiceAccount`}},
		{name: "unset offline", snap: saAccounts(deploy(ctr("api")), true), want: fail, msg: []string{"serviceAccountName is unset"}},
		{name: "explicit default", snap: saAccounts(saNamed(deploy(ctr("api")), "default"), false, saAccount("default", nil)), want: fail,
			msg: []string{`serviceAccountName is "default"`}},
		{name: "deprecated field default", snap: saAccounts(deprecated(deploy(ctr("api")), "default"), true), want: fail,
			msg: []string{`serviceAccountName is "default"`}},
		{name: "dedicated and present", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("default", nil), saAccount("web", nil)), want: pass,
			msg: []string{`dedicated ServiceAccount "web"`}},
		{name: "dedicated and present offline", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), true, saAccount("web", nil)), want: pass},
		{name: "dedicated and missing", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), false, saAccount("default", nil)), want: fail,
			msg: []string{`serviceAccountName: ServiceAccount "web" not found`}},
		{name: "dedicated and not in the input", snap: saAccounts(saNamed(deploy(ctr("api")), "web"), true), want: skip,
			msg: []string{`ServiceAccount "web" not in the input; run with --cluster`}},
		{name: "deprecated field as fallback", snap: saAccounts(deprecated(deploy(ctr("api")), "web"), false, saAccount("web", nil)), want: pass,
			msg: []string{`"web"`}},
		{name: "serviceAccountName wins over the deprecated field", snap: saAccounts(deprecated(saNamed(deploy(ctr("api")), "web"), "default"), false, saAccount("web", nil)),
			want: pass},
		{name: "statefulset", snap: statefulSet(saAccounts(deploy(ctr("db")), false)), want: fail},
		{name: "daemonset", snap: daemonSet(saAccounts(saNamed(deploy(ctr("agent")), "node-agent"), false, saAccount("node-agent", nil))), want: pass},
	})
}
