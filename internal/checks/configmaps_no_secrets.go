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
	"path"
	"strings"
)

func init() { register(&configMapsNoSecrets) }

var configMapsNoSecrets = Check{
	Meta: Meta{
		ID:       "configmaps-no-secrets",
		Title:    "Referenced ConfigMaps hold no credentials",
		Category: CategorySecrets,
		Description: "No ConfigMap the pod template references (env, envFrom, volumes, projected " +
			"volumes) has a key whose name says it holds a credential. Only key names are read — " +
			"never values, offline or in the cluster. A key is credential-like when its name is " +
			"secret-like by the rules of secrets-no-plaintext (`password`, `DB_PASSWORD`, " +
			"`AWS_SECRET_ACCESS_KEY`, `api-key`, `token`…; names that describe a secret's policy or " +
			"point at one, such as `password-min-length` or `token-file`, are not), or it is a " +
			"private key or credential file: `*.key`, `*.pem` (unless its name says certificate, CA, " +
			"chain, bundle or public), `*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `id_rsa`, " +
			"`id_ecdsa`, `id_ed25519`, `id_dsa`, `.htpasswd`, `.pgpass`, `.netrc`, `.git-credentials`, " +
			"`.dockerconfigjson`, `credentials`, `credentials.json`. A referenced ConfigMap that the " +
			"input does not hold, or that is missing in the cluster, is left to configmaps-refs-exist. " +
			"Skip when the pod template references no ConfigMap or none of them is known. Param " +
			"`ignore` lists key names to leave out.",
		Rationale: "ConfigMaps are meant to be read: far more people, controllers and tools may read " +
			"them than Secrets, they are not encrypted at rest, they show in `kubectl describe` and " +
			"diffs, and audit policies rarely log reads of them. A credential in a ConfigMap has " +
			"escaped every protection a Secret would give it.",
		Remediation: "Move the key into a Secret and reference it with `secretKeyRef`, `secretRef` or " +
			"a `secret` volume; then rotate the credential, which has been readable. For a key that " +
			"only looks like a credential, add its name to param `ignore`.",
		Params: []ParamSpec{{
			Name:        "ignore",
			Type:        ParamList,
			Description: "Key names (exact, case-sensitive) that are never reported.",
		}},
		Needs: []string{"ConfigMap"},
	},
	Run: runConfigMapsNoSecrets,
}

// credentialFiles are file names that hold private keys or credentials.
var credentialFiles = map[string]string{
	"id_rsa": "an SSH private key", "id_dsa": "an SSH private key", "id_ecdsa": "an SSH private key",
	"id_ed25519": "an SSH private key", ".htpasswd": "a password file", ".pgpass": "a password file",
	".netrc": "a password file", ".git-credentials": "a credentials file",
	".dockerconfigjson": "registry credentials", ".dockercfg": "registry credentials",
	"credentials": "a credentials file", "credentials.json": "a credentials file",
}

// credentialExtensions are file extensions of private keys and key stores.
var credentialExtensions = map[string]string{
	".key": "a private key file", ".pem": "a PEM file that may hold a private key",
	".p12": "a PKCS #12 key store", ".pfx": "a PKCS #12 key store", ".jks": "a Java key store",
	".keystore": "a key store",
}

// publicPEMWords are words of a .pem file name that say it holds certificates or a public key.
var publicPEMWords = map[string]bool{
	"cert": true, "certs": true, "certificate": true, "crt": true, "ca": true, "chain": true,
	"fullchain": true, "bundle": true, "pub": true, "public": true, "trust": true, "root": true,
}

// credentialKey says why a ConfigMap key name looks like a credential, or "".
func credentialKey(key string) string {
	base := strings.ToLower(path.Base(key))
	if what, ok := credentialFiles[base]; ok {
		return what
	}
	if what, ok := credentialExtensions[path.Ext(base)]; ok {
		if path.Ext(base) == ".pem" {
			for _, w := range envNameWords(strings.TrimSuffix(base, ".pem")) {
				if publicPEMWords[w] {
					return ""
				}
			}
		}
		return what
	}
	if word, strength := secretLikeName(strings.TrimSuffix(key, path.Ext(key))); strength == nameStrong {
		return "a secret-like name (" + word + ")"
	}
	return ""
}

func runConfigMapsNoSecrets(s *Snapshot, p Params) Outcome {
	names := PodConfigMapNames(s.Workload.PodSpec())
	if len(names) == 0 {
		return Skip("the pod template references no ConfigMaps")
	}
	ignore := map[string]bool{}
	for _, k := range p.List("ignore") {
		ignore[k] = true
	}
	var f Findings
	var unknown []string
	known := 0
	for _, name := range names {
		cm, ok := s.ConfigMap(name)
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		known++
		var bad []string
		var whys []string
		for _, k := range cm.Keys {
			if ignore[k] {
				continue
			}
			if why := credentialKey(k); why != "" {
				bad = append(bad, k)
				whys = append(whys, why)
			}
		}
		switch len(bad) {
		case 0:
		case 1:
			f.AddWorkload("ConfigMap %q key %q looks like a credential, %s; ConfigMaps are not protected like Secrets: move it to a Secret",
				name, bad[0], whys[0])
		default:
			f.AddWorkload("ConfigMap %q has %d keys that look like credentials: %s; ConfigMaps are not protected like Secrets: move them to a Secret",
				name, len(bad), quoteListMax(bad))
		}
	}
	where := "not in the input"
	if !s.Offline {
		where = "not found"
	}
	if known == 0 {
		return Skip("%s %s %s, so there are no key names to judge", plural(len(unknown), "referenced ConfigMap"), quoteListMax(unknown), where)
	}
	if len(unknown) > 0 {
		f.Note("%s %s %s, see configmaps-refs-exist", plural(len(unknown), "ConfigMap"), quoteListMax(unknown), where)
	}
	if known == 1 {
		return f.Result("no key of the referenced ConfigMap looks like a credential")
	}
	return f.Result("no key of the %d referenced ConfigMaps looks like a credential", known)
}
