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

// RelatedQuery names what the evaluation of a workload reads from its namespace, so a gatherer
// can fetch exactly that instead of every related object of the namespace: the objects that may
// select its pods (by index key), the autoscalers naming it, and the objects its pod spec and
// kind name. A snapshot holding these selects, finds and reports exactly what a snapshot holding
// the whole namespace does (the custom checks' secrets and configMaps variables, which list the
// namespace, read Snapshot.NamespaceKeySets).
type RelatedQuery struct {
	// PodKeys are the index keys of PodDisruptionBudgets, Services and NetworkPolicies that may
	// select the pods (PodIndexKeys of the pod template labels).
	PodKeys []string
	// ScaleTarget is the index key of the autoscalers that may name the workload.
	ScaleTarget string
	// Services are named by the workload (StatefulSet spec.serviceName).
	Services []string
	// ServiceAccount is the ServiceAccount the pods run as.
	ServiceAccount string
	// Secrets and ConfigMaps are those the pod spec references.
	Secrets, ConfigMaps []string
}

// Related is the RelatedQuery of a workload whose pod template is resolved.
func (w *Workload) Related() RelatedQuery {
	spec := w.PodSpec()
	q := RelatedQuery{
		PodKeys:        PodIndexKeys(w.PodLabels()),
		ScaleTarget:    ScaleTargetKey(w.Kind(), w.Name()),
		ServiceAccount: PodServiceAccountName(spec),
		Secrets:        PodSecretNames(spec),
		ConfigMaps:     PodConfigMapNames(spec),
	}
	if w.WorkloadKind.ServiceNames != nil {
		q.Services = w.WorkloadKind.ServiceNames(w.Object)
	}
	return q
}
