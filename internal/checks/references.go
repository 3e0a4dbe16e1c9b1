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
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// PodSecretNames lists the distinct Secrets a pod spec references (env, envFrom, volumes,
// projected volumes, volume plugins, imagePullSecrets), sorted. The operator indexes workloads
// by it so a Secret event re-evaluates only the workloads that use the Secret.
func PodSecretNames(spec *corev1.PodSpec) []string {
	return refNames(podRefs(podOnly(spec), secretRefKind))
}

// PodConfigMapNames lists the distinct ConfigMaps a pod spec references, sorted.
func PodConfigMapNames(spec *corev1.PodSpec) []string {
	return refNames(podRefs(podOnly(spec), configMapRefKind))
}

// PodServiceAccountName is the ServiceAccount a pod spec runs as ("default" when unset).
func PodServiceAccountName(spec *corev1.PodSpec) string {
	name, _ := serviceAccountRef(podOnly(spec))
	return name
}

// podOnly wraps a pod spec as a workload for the reference walkers (they read only the pod
// spec); the struct is copied shallowly, its slices are shared.
func podOnly(spec *corev1.PodSpec) *Workload {
	return &Workload{RefTemplate: &corev1.PodTemplateSpec{Spec: *spec}}
}

func refNames(refs []objectRef) []string {
	var names []string
	for _, r := range refs {
		if r.Name != "" {
			names = append(names, r.Name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
