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

func TestConfigMapsNoSecrets(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	// vol is a Deployment mounting ConfigMap "app" whose keys are given (offline).
	vol := func(keys ...string) *Snapshot {
		return cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("cfg", "app", false)), true, KeySet{Name: "app", Keys: keys})
	}
	envFrom := cmRefs(deploy(ctr("api", cmRefsEnvFrom("settings", false))), true, KeySet{Name: "settings", Keys: []string{"LOG_LEVEL", "DB_PASSWORD"}})
	cases := []checkCase{
		{name: "plain settings", snap: vol("LOG_LEVEL", "config.yaml", "ca.crt"), want: pass, msg: []string{"no key of the referenced ConfigMap looks like a credential"}},
		{name: "password key", snap: vol("password"), want: fail,
			msg: []string{`ConfigMap "app" key "password" looks like a credential, a secret-like name (password)`, "move it to a Secret"}},
		{name: "aws secret key", snap: vol("AWS_SECRET_ACCESS_KEY"), want: fail, msg: []string{`key "AWS_SECRET_ACCESS_KEY"`, "(secret)"}},
		{name: "env from a ConfigMap", snap: envFrom, want: fail, msg: []string{`ConfigMap "settings" key "DB_PASSWORD"`}, notMsg: []string{"LOG_LEVEL"}},
		{name: "private key file", snap: vol("tls.key"), want: fail, msg: []string{"a private key file"}},
		{name: "pem key", snap: vol("server-key.pem"), want: fail, msg: []string{"PEM file"}},
		{name: "pem certificate", snap: vol("cert.pem", "ca-bundle.pem", "public.pem", "tls-chain.pem"), want: pass},
		{name: "pem whose name only contains ca", snap: vol("cache-signer.pem"), want: fail, msg: []string{"PEM file"}},
		{name: "ssh key", snap: vol("id_rsa"), want: fail, msg: []string{"an SSH private key"}},
		{name: "ed25519 key", snap: vol("id_ed25519"), want: fail},
		{name: "ssh public key", snap: vol("id_rsa.pub"), want: pass},
		{name: "htpasswd", snap: vol(".htpasswd"), want: fail, msg: []string{"a password file"}},
		{name: "key store", snap: vol("keystore.jks"), want: fail, msg: []string{"Java key store"}},
		{name: "policy names", snap: vol("password-min-length", "token-file", "secret-name", "PASSWORD_POLICY"), want: pass},
		{name: "several keys summarised", snap: vol("password", "api-key", "id_rsa", "LOG_LEVEL"), want: fail,
			msg: []string{`ConfigMap "app" has 3 keys that look like credentials: "password", "api-key", "id_rsa"`}, notMsg: []string{"LOG_LEVEL"}},
		{name: "ignored key", snap: vol("password"), params: map[string]string{"ignore": "password"}, want: pass},
		{name: "not in the input", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("cfg", "app", false)), true), want: skip,
			msg: []string{`referenced ConfigMap "app" not in the input, so there are no key names to judge`}},
		{name: "missing in the cluster", snap: cmRefs(refsVolumes(deploy(ctr("api")), cmRefsVolume("cfg", "app", false)), false), want: skip, msg: []string{"not found"}},
		{name: "one known, one not", snap: cmRefs(refsVolumes(deploy(ctr("api", cmRefsEnvFrom("other", false))), cmRefsVolume("cfg", "app", false)), true,
			KeySet{Name: "app", Keys: []string{"token"}}), want: fail, msg: []string{`key "token"`, `ConfigMap "other" not in the input, see configmaps-refs-exist`}},
		{name: "no ConfigMap referenced", snap: deploy(ctr("api")), want: skip},
		{name: "ConfigMaps not referenced are not read", snap: cmRefs(deploy(ctr("api")), true, KeySet{Name: "unused", Keys: []string{"password"}}), want: skip},
		{name: "two ConfigMaps", snap: cmRefs(refsVolumes(deploy(ctr("api", cmRefsEnvFrom("other", false))), cmRefsVolume("cfg", "app", false)), true,
			KeySet{Name: "app", Keys: []string{"a"}}, KeySet{Name: "other", Keys: []string{"b"}}), want: pass, msg: []string{"no key of the 2 referenced ConfigMaps"}},
	}
	runCases(t, &configMapsNoSecrets, cases)
}
