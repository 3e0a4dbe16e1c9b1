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

func init() { register(&configMapsRefsExist) }

var configMapsRefsExist = Check{
	Meta: Meta{
		ID:       "configmaps-refs-exist",
		Title:    "Referenced ConfigMaps and keys exist",
		Category: CategoryConfig,
		Description: "Every ConfigMap the pod template references exists in the namespace and has " +
			"the referenced keys: env `valueFrom.configMapKeyRef` (name and key) and " +
			"`envFrom[].configMapRef` of every container, native sidecar and init container; " +
			"`configMap` volumes and projected `configMap` sources (name and `items[].key`). A " +
			"reference with `optional: true` never fails, as the kubelet skips a missing optional " +
			"ConfigMap or key. Offline, a ConfigMap absent from the input may exist in the cluster: " +
			"the check reports Skip naming it unless something else fails, while a ConfigMap in the " +
			"input that lacks a key fails. `kube-root-ca.crt` (key `ca.crt`), which Kubernetes publishes in " +
			"every namespace, is known to exist offline. Skip when the pod template references no ConfigMap.",
		Rationale: "A pod whose ConfigMap or key is missing never starts: the kubelet leaves it in " +
			"`CreateContainerConfigError` or `ContainerCreating` (volume mount failure) and the " +
			"rollout stalls until its progress deadline. Renaming a key in a ConfigMap without " +
			"updating its consumers is a common way to break the next rollout, not the current one.",
		Remediation: "Create the ConfigMap with the referenced keys in the workload's namespace (or " +
			"fix the name or key in the reference). If the workload can run without it, mark the " +
			"reference optional: `configMapKeyRef: {name: app-config, key: LOG_LEVEL, optional: true}`.",
		Needs: []string{"ConfigMap"},
	},
	Run: runConfigMapsRefsExist,
}

// rootCAConfigMap is the ConfigMap Kubernetes publishes in every namespace (the root CA
// publisher of kube-controller-manager), with its one key.
var rootCAConfigMap = KeySet{Name: "kube-root-ca.crt", Keys: []string{"ca.crt"}}

func runConfigMapsRefsExist(s *Snapshot, _ Params) Outcome {
	return evaluateRefs(s, configMapRefKind, func(name string) (*KeySet, bool) {
		cm, ok := s.ConfigMap(name)
		if !ok && s.Offline && name == rootCAConfigMap.Name {
			return &rootCAConfigMap, true
		}
		return cm, ok
	})
}
