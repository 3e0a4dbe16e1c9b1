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

func init() { register(&secretsRefsExist) }

var secretsRefsExist = Check{
	Meta: Meta{
		ID:       "secrets-refs-exist",
		Title:    "Referenced Secrets and keys exist",
		Category: CategorySecrets,
		Description: "Every Secret the pod template references exists in the namespace and has the " +
			"referenced keys: env `valueFrom.secretKeyRef` (name and key) and `envFrom[].secretRef` " +
			"of every container, native sidecar and init container; `secret` volumes and projected " +
			"`secret` sources (name and `items[].key`); the secret references of volume plugins " +
			"(CSI `nodePublishSecretRef`, cephfs, rbd, iSCSI, …); and `imagePullSecrets`. A reference " +
			"with `optional: true` never fails, as the kubelet skips a missing optional Secret or key. " +
			"Offline, a Secret absent from the input may exist in the cluster: the check reports Skip " +
			"naming it unless something else fails, while a Secret in the input that lacks a key " +
			"fails. Skip when the pod template references no Secret.",
		Rationale: "A pod whose Secret or key is missing never starts: the kubelet leaves it in " +
			"`CreateContainerConfigError` or `ContainerCreating` (volume mount failure) and a rollout " +
			"stalls until its progress deadline. Catching the typo or the forgotten Secret before " +
			"applying is cheaper than debugging a stuck rollout, and a missing pull secret turns into " +
			"`ImagePullBackOff` on private registries.",
		Remediation: "Create the Secret with the referenced keys in the workload's namespace (or fix " +
			"the name or key in the reference). If the workload can run without it, mark the " +
			"reference optional: `secretKeyRef: {name: db, key: password, optional: true}`.",
		Needs: []string{"Secret"},
	},
	Run: runSecretsRefsExist,
}

func runSecretsRefsExist(s *Snapshot, _ Params) Outcome {
	return evaluateRefs(s, secretRefKind, s.Secret)
}
