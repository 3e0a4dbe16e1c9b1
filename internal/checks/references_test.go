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
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// The operator indexes workloads by the Secrets and ConfigMaps their pod spec references: every
// kind of reference counts, each name once, sorted, and references without a name are dropped.
func TestPodSecretAndConfigMapNames(t *testing.T) {
	s := deploy(
		ctr("api", refsEnvSecret("DB_PASSWORD", "db", "password", false), refsEnvFromSecret("api-env", true),
			cmRefsEnv("LOG_LEVEL", "app", "LOG_LEVEL", false), refsEnvSecret("UNNAMED", "", "x", false)),
		ctr("worker", refsEnvSecret("DB_PASSWORD", "db", "password", false), cmRefsEnvFrom("worker-env", false)),
	)
	withInit(s, ctr("migrate", refsEnvFromSecret("migrations", false)))
	refsVolumes(s,
		refsSecretVolume("certs", "tls", false, "tls.crt"),
		cmRefsVolume("config", "app", false),
		refsProjected("bundle",
			corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}}},
			corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}}),
		corev1.Volume{Name: "vault", VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "secrets-store.csi.k8s.io",
			NodePublishSecretRef: &corev1.LocalObjectReference{Name: "vault-creds"}}}},
	)
	refsPullSecrets(s, "regcred")
	spec := s.Workload.PodSpec()

	if got, want := PodSecretNames(spec), []string{"api-env", "db", "migrations", "regcred", "tls", "vault-creds"}; !reflect.DeepEqual(got, want) {
		t.Errorf("PodSecretNames = %q, want %q", got, want)
	}
	if got, want := PodConfigMapNames(spec), []string{"app", "ca", "worker-env"}; !reflect.DeepEqual(got, want) {
		t.Errorf("PodConfigMapNames = %q, want %q", got, want)
	}
	if got := PodSecretNames(&corev1.PodSpec{}); got != nil {
		t.Errorf("PodSecretNames of an empty pod spec = %q, want none", got)
	}
}
