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

	"github.com/prodready/prodready/api/v1alpha1"
)

// Builders shared by the secrets-refs-exist and configmaps-refs-exist tests.

// refsEnvSecret adds an env variable from a Secret key.
func refsEnvSecret(env, name, key string, optional bool) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Env = append(c.Env, corev1.EnvVar{Name: env, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key, Optional: refsOpt(optional)}}})
	}
}

// refsEnvFromSecret adds an envFrom secretRef.
func refsEnvFromSecret(name string, optional bool) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.EnvFrom = append(c.EnvFrom, corev1.EnvFromSource{SecretRef: &corev1.SecretEnvSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: refsOpt(optional)}})
	}
}

// refsOpt is nil for false, so tests also cover the unset field.
func refsOpt(optional bool) *bool {
	if optional {
		return ptr(true)
	}
	return nil
}

// refsItems turns keys into volume items.
func refsItems(keys ...string) []corev1.KeyToPath {
	var items []corev1.KeyToPath
	for _, k := range keys {
		items = append(items, corev1.KeyToPath{Key: k, Path: k})
	}
	return items
}

// refsVolumes adds volumes to the pod template.
func refsVolumes(s *Snapshot, vols ...corev1.Volume) *Snapshot {
	s.Workload.PodSpec().Volumes = append(s.Workload.PodSpec().Volumes, vols...)
	return s
}

func refsSecretVolume(vol, secret string, optional bool, keys ...string) corev1.Volume {
	return corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{
		SecretName: secret, Items: refsItems(keys...), Optional: refsOpt(optional)}}}
}

func refsProjected(vol string, sources ...corev1.VolumeProjection) corev1.Volume {
	return corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: sources}}}
}

// refsSecrets sets the Secrets of a snapshot; offline marks it as built from manifests.
func refsSecrets(s *Snapshot, offline bool, secrets ...KeySet) *Snapshot {
	s.Secrets = secrets
	s.Offline = offline
	return s
}

func refsPullSecrets(s *Snapshot, names ...string) *Snapshot {
	for _, n := range names {
		s.Workload.PodSpec().ImagePullSecrets = append(s.Workload.PodSpec().ImagePullSecrets, corev1.LocalObjectReference{Name: n})
	}
	return s
}

func TestSecretsRefsExist(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	db := KeySet{Name: "db", Keys: []string{"password", "username"}, Type: "Opaque"}
	tls := KeySet{Name: "tls", Keys: []string{"tls.crt", "tls.key"}, Type: "kubernetes.io/tls"}
	regcred := KeySet{Name: "regcred", Keys: []string{".dockerconfigjson"}, Type: "kubernetes.io/dockerconfigjson"}
	dbEnv := refsEnvSecret("DB_PASSWORD", "db", "password", false)

	runCases(t, &secretsRefsExist, []checkCase{
		{name: "no references", snap: deploy(ctr("api")), want: skip, msg: []string{"references no Secrets"}},
		{name: "configmap references only", snap: deploy(ctr("api", cmRefsEnvFrom("app", false))), want: skip, msg: []string{"references no Secrets"}},

		// env valueFrom.secretKeyRef.
		{name: "env key present", snap: refsSecrets(deploy(ctr("api", dbEnv)), false, db), want: pass, msg: []string{"the referenced Secret exists"}},
		{name: "env key missing", snap: refsSecrets(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "db", "pass", false))), false, db), want: fail,
			msg: []string{`container "api" env DB_PASSWORD: secret "db" has no key "pass"`}},
		{name: "env secret missing", snap: refsSecrets(deploy(ctr("api", dbEnv)), false), want: fail,
			msg: []string{`container "api" env DB_PASSWORD: secret "db" not found`}},
		{name: "optional env secret missing", snap: refsSecrets(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "db", "password", true))), false), want: pass,
			msg: []string{`optional secret "db" is absent`, "every referenced Secret is optional"}},
		{name: "optional env key missing", snap: refsSecrets(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "db", "pass", true))), false, db), want: pass},
		{name: "optional and required references to one secret", snap: refsSecrets(deploy(ctr("api",
			refsEnvSecret("DB_USER", "db", "username", false), refsEnvSecret("DB_REPLICA", "db", "replica", true))), false, db), want: pass,
			notMsg: []string{"absent"}},

		// envFrom.
		{name: "envFrom present", snap: refsSecrets(deploy(ctr("api", refsEnvFromSecret("db", false))), false, db), want: pass},
		{name: "envFrom missing", snap: refsSecrets(deploy(ctr("api", refsEnvFromSecret("api-env", false))), false, db), want: fail,
			msg: []string{`container "api" envFrom: secret "api-env" not found`}},
		{name: "envFrom optional missing", snap: refsSecrets(deploy(ctr("api", refsEnvFromSecret("api-env", true))), false), want: pass},

		// Volumes.
		{name: "volume whole secret", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", false)), false, tls), want: pass},
		{name: "volume missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", false)), false), want: fail,
			msg: []string{`volume "certs": secret "tls" not found`}, notMsg: []string{`container "api"`}},
		{name: "volume item keys present", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", false, "tls.crt", "tls.key")), false, tls), want: pass},
		{name: "volume item key missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", false, "tls.crt", "ca.crt")), false, tls), want: fail,
			msg: []string{`volume "certs": secret "tls" has no key "ca.crt"`}, notMsg: []string{"tls.crt"}},
		{name: "volume item keys missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", false, "ca.crt", "ca.key", "ca.crt")), false, tls), want: fail,
			msg: []string{`has no keys "ca.crt", "ca.key"`}},
		{name: "optional volume missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", true, "ca.crt")), false), want: pass},
		{name: "optional volume key missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsSecretVolume("certs", "tls", true, "ca.crt")), false, tls), want: pass},
		{name: "projected source key missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsProjected("bundle",
			corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}}},
			corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}, Items: refsItems("tls.pem")}},
		)), false, tls), want: fail, msg: []string{`volume "bundle" (projected): secret "tls" has no key "tls.pem"`}},
		{name: "projected source missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsProjected("bundle",
			corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}}},
		)), false), want: fail, msg: []string{`volume "bundle" (projected): secret "tls" not found`}},
		{name: "projected optional source missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), refsProjected("bundle",
			corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}, Optional: ptr(true)}},
		)), false), want: pass},
		{name: "projected service account token only", snap: refsVolumes(deploy(ctr("api")), refsProjected("token",
			corev1.VolumeProjection{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}})), want: skip},
		{name: "csi nodePublishSecretRef missing", snap: refsSecrets(refsVolumes(deploy(ctr("api")), corev1.Volume{Name: "vault",
			VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "secrets-store.csi.k8s.io",
				NodePublishSecretRef: &corev1.LocalObjectReference{Name: "vault-creds"}}}}), false), want: fail,
			msg: []string{`volume "vault": secret "vault-creds" not found`}},
		{name: "csi without secret ref", snap: refsVolumes(deploy(ctr("api")), corev1.Volume{Name: "scratch",
			VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "inline.example.com"}}}), want: skip},

		// imagePullSecrets.
		{name: "pull secret present", snap: refsSecrets(refsPullSecrets(deploy(ctr("api")), "regcred"), false, regcred), want: pass},
		{name: "pull secret missing", snap: refsSecrets(refsPullSecrets(deploy(ctr("api")), "regcred"), false), want: fail,
			msg: []string{`imagePullSecrets: secret "regcred" not found`}},

		// Names.
		{name: "reference without a name", snap: refsSecrets(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "", "password", false))), false, db), want: fail,
			msg: []string{`container "api" env DB_PASSWORD: the secret reference has no name`}},

		// Offline.
		{name: "offline absent", snap: refsSecrets(deploy(ctr("api", dbEnv)), true), want: skip,
			msg: []string{`secret "db" not in the input; run with --cluster to check it`}},
		{name: "offline several absent", snap: refsSecrets(refsPullSecrets(deploy(ctr("api", dbEnv, refsEnvFromSecret("api-env", false))), "regcred"), true), want: skip,
			msg: []string{`secrets "api-env", "db", "regcred" not in the input; run with --cluster to check them`}},
		{name: "offline present", snap: refsSecrets(deploy(ctr("api", dbEnv)), true, db), want: pass},
		{name: "offline present without the key", snap: refsSecrets(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "db", "pass", false))), true, db), want: fail,
			msg: []string{`secret "db" has no key "pass"`}},
		{name: "offline key missing and another absent", snap: refsSecrets(refsVolumes(deploy(ctr("api", refsEnvSecret("DB_PASSWORD", "db", "pass", false))),
			refsSecretVolume("certs", "tls", false)), true, db), want: fail,
			msg: []string{`secret "db" has no key "pass"`, `secret "tls" not in the input`}},
		{name: "offline optional absent", snap: refsSecrets(deploy(ctr("api", refsEnvFromSecret("api-env", true))), true), want: pass},

		// Containers of every kind and other workload kinds.
		{name: "init container", snap: refsSecrets(withInit(deploy(ctr("api")), ctr("migrate", dbEnv)), false), want: fail,
			msg: []string{`init container "migrate" env DB_PASSWORD: secret "db" not found`}},
		{name: "native sidecar", snap: refsSecrets(withInit(deploy(ctr("api")), ctr("proxy", asSidecar, refsEnvFromSecret("proxy-env", false))), false), want: fail,
			msg: []string{`sidecar "proxy" envFrom: secret "proxy-env" not found`}},
		{name: "several references", snap: refsSecrets(refsPullSecrets(refsVolumes(deploy(ctr("api", dbEnv), ctr("worker", dbEnv)),
			refsSecretVolume("certs", "tls", false, "tls.crt")), "regcred"), false, db, tls, regcred), want: pass, msg: []string{"3 referenced Secrets exist"}},
		{name: "statefulset", snap: statefulSet(refsSecrets(deploy(ctr("db", dbEnv)), false)), want: fail},
		{name: "daemonset", snap: daemonSet(refsSecrets(deploy(ctr("agent", dbEnv)), false, db)), want: pass},
	})
}

func TestSecretsRefsExistContainerExemption(t *testing.T) {
	s := refsSecrets(deploy(ctr("api"), ctr("legacy", refsEnvSecret("DB_PASSWORD", "db", "password", false))), false)
	ex := v1alpha1.Exemption{Checks: []string{"secrets-refs-exist"}, Containers: []string{"legacy"}, Reason: "secret created by hand"}
	wantPassExempted(t, evalCheck(t, &secretsRefsExist, s, nil, ex), "legacy")
	// A workload-level reference is not dropped by a container exemption.
	s = refsSecrets(refsVolumes(deploy(ctr("legacy")), refsSecretVolume("certs", "tls", false)), false)
	if got := evalCheck(t, &secretsRefsExist, s, nil, ex); got.Result != v1alpha1.ResultFail {
		t.Fatalf("result = %s (%s), want Fail: volumes belong to the workload", got.Result, got.Message)
	}
}
