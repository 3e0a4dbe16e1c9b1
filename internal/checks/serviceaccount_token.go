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

func init() { register(&serviceAccountToken) }

var serviceAccountToken = Check{
	Meta: Meta{
		ID:       "serviceaccount-token",
		Title:    "The API token is not automounted",
		Category: CategorySecurity,
		Description: "The pods do not get a Kubernetes API token mounted automatically: the pod " +
			"template sets `automountServiceAccountToken: false`, or leaves it unset and its " +
			"ServiceAccount (`serviceAccountName`, unset = `default`) sets it to false. The pod " +
			"field wins over the ServiceAccount's, so `true` on the pod fails. In the cluster a " +
			"missing ServiceAccount fails (the token would be mounted by default); offline, a " +
			"ServiceAccount absent from the input makes the result undecidable and the check " +
			"reports Skip unless the pod field decides it. With param `allow: \"true\"` the check " +
			"reports Skip, for workloads that call the API.",
		Rationale: "Most workloads never call the Kubernetes API, yet by default every container " +
			"gets a token for its ServiceAccount at " +
			"`/var/run/secrets/kubernetes.io/serviceaccount`. Anyone who gains code execution in " +
			"the pod can use it against the API server with whatever RBAC the ServiceAccount has, " +
			"which is how a single compromised pod turns into a cluster compromise.",
		Remediation: "Set `spec.template.spec.automountServiceAccountToken: false` (or set " +
			"`automountServiceAccountToken: false` on the ServiceAccount). A workload that does call " +
			"the API can mount a short-lived token explicitly with a projected " +
			"`serviceAccountToken` volume, or set param `allow: \"true\"`.",
		Params: []ParamSpec{{
			Name:        "allow",
			Type:        ParamBool,
			Default:     "false",
			Description: "When true the workload may mount its API token and the check reports Skip.",
		}},
		Needs: []string{"ServiceAccount"},
	},
	Run: runServiceAccountToken,
}

func runServiceAccountToken(s *Snapshot, p Params) Outcome {
	if p.Bool("allow") {
		return Skip("token mount allowed by params (allow: true)")
	}
	if pod := s.Workload.PodSpec().AutomountServiceAccountToken; pod != nil {
		if !*pod {
			return Pass("automountServiceAccountToken is false on the pod template")
		}
		return Violation("automountServiceAccountToken is true on the pod template, so every container gets an API token; set it to false (or set param allow)")
	}
	name, _ := serviceAccountRef(&s.Workload)
	sa, ok := s.ServiceAccount(name)
	switch {
	case ok && sa.AutomountServiceAccountToken != nil && !*sa.AutomountServiceAccountToken:
		return Pass("ServiceAccount %q sets automountServiceAccountToken: false and the pod template does not override it", name)
	case ok:
		return Violation("the API token is mounted: neither the pod template nor ServiceAccount %q sets automountServiceAccountToken: false; set it on the pod template", name)
	case name == "default":
		// Kubernetes creates the default ServiceAccount in every namespace, without
		// automountServiceAccountToken: known offline too.
		return Violation("the pods run as the namespace's default ServiceAccount, which Kubernetes creates with the token mounted, and the pod template does not set automountServiceAccountToken; set it to false on the pod template")
	case s.Offline:
		return Skip("ServiceAccount %q not in the input and the pod template does not set automountServiceAccountToken; run with --cluster, or set it to false on the pod template", name)
	}
	return Violation("ServiceAccount %q not found and the pod template does not set automountServiceAccountToken, so the token would be mounted by default; set automountServiceAccountToken: false", name)
}
