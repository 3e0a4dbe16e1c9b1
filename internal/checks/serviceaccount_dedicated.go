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

func init() { register(&serviceAccountDedicated) }

var serviceAccountDedicated = Check{
	Meta: Meta{
		ID:       "serviceaccount-dedicated",
		Title:    "Pods run as a dedicated ServiceAccount",
		Category: CategorySecurity,
		Description: "The pod template sets `serviceAccountName` (or the deprecated `serviceAccount` " +
			"when that is unset) to a ServiceAccount other than `default`, and that ServiceAccount " +
			"exists in the namespace. An unset name means `default` and fails, offline too. Offline, " +
			"a named ServiceAccount absent from the input may exist in the cluster: the check reports " +
			"Skip naming it.",
		Rationale: "Every workload of a namespace that leaves the name unset shares the `default` " +
			"ServiceAccount, so a RoleBinding granted to one of them is granted to all, and their " +
			"API calls cannot be told apart in audit logs. A dedicated ServiceAccount scopes RBAC, " +
			"cloud workload identity and network policies to one workload. A pod naming a " +
			"ServiceAccount that does not exist is rejected at creation, so the rollout stalls.",
		Remediation: "Create a ServiceAccount for the workload and set " +
			"`spec.template.spec.serviceAccountName: <name>`; grant it only the roles it needs.",
		Needs: []string{"ServiceAccount"},
	},
	Run: runServiceAccountDedicated,
}

func runServiceAccountDedicated(s *Snapshot, _ Params) Outcome {
	name, explicit := serviceAccountRef(&s.Workload)
	if name == "default" {
		if !explicit {
			return Violation("serviceAccountName is unset, so the pods run as the namespace's \"default\" ServiceAccount; create a dedicated one and set serviceAccountName")
		}
		return Violation("serviceAccountName is \"default\"; create a dedicated ServiceAccount and set serviceAccountName to it")
	}
	if _, ok := s.ServiceAccount(name); ok {
		return Pass("the pods run as the dedicated ServiceAccount %q", name)
	}
	if s.Offline {
		return Skip("ServiceAccount %q not in the input; run with --cluster to check it", name)
	}
	return Violation("serviceAccountName: ServiceAccount %q not found; create it or fix the name (pods cannot be created until it exists)", name)
}
