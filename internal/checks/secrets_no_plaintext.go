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
	"regexp"
	"strings"
	"unicode"
)

func init() { register(&secretsNoPlaintext) }

var secretsNoPlaintext = Check{
	Meta: Meta{
		ID:       "secrets-no-plaintext",
		Title:    "No secrets in plain env values",
		Category: CategorySecrets,
		Description: "No env `value` literal of any container, native sidecar or init container " +
			"holds a secret. A variable fails when (a) its name is secret-like and its value is a " +
			"non-empty literal, or (b) its value has a known secret format, whatever its name. " +
			"Names are split into words on `_`, `-`, `.` and camelCase; they are secret-like when " +
			"a word is or contains password/passwd/passphrase, is `pass` or `pwd`, contains " +
			"secret or credential, is `creds` or `bearer`, ends in token, or the words hold " +
			"api key, private key, access key, session key, signing key or encryption key. A name " +
			"whose last word makes it a reference to or a setting of a secret is not secret-like: " +
			"`_FILE`, `_PATH`, `_DIR`, `_NAME`, `_REF`, `_ID`, `_ARN`, `_URL`, `_URI`, " +
			"`_ENDPOINT`, `_HOST`, `_PORT`, `_ENABLED`, `_DISABLED`, `_REQUIRED`, `_LENGTH`, " +
			"`_SIZE`, `_TTL`, `_EXPIRY`, `_TIMEOUT`, `_TYPE`, `_MODE`, `_HEADER`, `_FIELD`, " +
			"`_POLICY`, `_ALGORITHM`, `_FORMAT`, `_PREFIX`, `_ISSUER`, `_AUDIENCE`, `_SCOPE` and " +
			"similar. Values that are clearly not secrets are accepted for a secret-like name: " +
			"booleans (true/false/yes/no/on/off/1/0), a sole `$(VAR)` reference and an absolute " +
			"file path. Formats: PEM private key blocks, AWS access key ids (AKIA/ASIA), GitHub " +
			"tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), Slack tokens " +
			"(`xox?-`), JWTs, and URLs with an embedded password (`scheme://user:password@host`, " +
			"unless the password is a `$(VAR)` reference). `valueFrom` entries are always fine. " +
			"Param `ignore` lists env names to leave out. Messages never contain the value.",
		Rationale: "A literal env value lives in the Deployment object itself: anyone who can read " +
			"Deployments (far more people and controllers than can read Secrets) sees it, and it is " +
			"copied into every ReplicaSet, into Git, CI logs, Helm release history and `kubectl " +
			"describe` output. It cannot be rotated without a new rollout and escapes Secret " +
			"encryption at rest and Secret-specific RBAC and audit.",
		Remediation: "Move the value into a Secret and reference it: `valueFrom: {secretKeyRef: " +
			"{name: db, key: password}}` (or `envFrom: [{secretRef: {name: db}}]`), then rotate the " +
			"leaked value. For a variable that only looks secret-like, add its name to param " +
			"`ignore`.",
		Params: []ParamSpec{{
			Name:        "ignore",
			Type:        ParamList,
			Description: "Env variable names (exact, case-sensitive) that are never reported.",
		}},
	},
	Run: runSecretsNoPlaintext,
}

func runSecretsNoPlaintext(s *Snapshot, p Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	ignore := map[string]bool{}
	for _, n := range p.List("ignore") {
		ignore[n] = true
	}
	var f Findings
	ignored := map[string]bool{}
	literals := 0
	for _, c := range containers {
		for _, e := range c.Env {
			if e.ValueFrom != nil || e.Value == "" {
				continue
			}
			if ignore[e.Name] {
				ignored[e.Name] = true
				continue
			}
			literals++
			if why := plaintextSecretReason(e.Name, e.Value); why != "" {
				// Never the value: only the container, the variable's name and the reason.
				f.Add(c.Name, "%s env %s: %s; move it to a Secret and use valueFrom.secretKeyRef", c.Describe(), e.Name, why)
			}
		}
	}
	if len(ignored) > 0 {
		f.Note("ignored by params: %s", strings.Join(sortedKeys(ignored), ", "))
	}
	if literals == 0 {
		return f.Result("no container sets a literal env value")
	}
	return f.Result("none of the %d literal env %s looks like a secret", literals, plural(literals, "value"))
}

// plaintextSecretReason says why a literal env value is a secret, or "" when it is not. The
// reason never quotes the value.
func plaintextSecretReason(name, value string) string {
	var reasons []string
	if word := secretLikeName(name); word != "" && !benignSecretValue(value) {
		reasons = append(reasons, "secret-like name ("+word+") with a literal value")
	}
	if format := secretFormat(value); format != "" {
		reasons = append(reasons, "value looks like "+format)
	}
	return strings.Join(reasons, " and ")
}

// secretFormats are value formats that are secrets whatever the variable is called.
var secretFormats = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`), "a PEM private key"},
	{regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`), "an AWS access key id"},
	{regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,}`), "a GitHub token"},
	{regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{22,}`), "a GitHub token"},
	{regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), "a Slack token"},
	{regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}`), "a JWT"},
}

// urlUserinfo matches the userinfo of a URL with a password: scheme://user:password@ (the user
// may be empty, as in redis://:password@host; the password may not).
var urlUserinfo = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s:@]*:([^/?#\s@]+)@`)

// envRefOnly matches values made only of $(VAR) references, which the kubelet expands from
// other variables (`$(DB_PASSWORD)`, `$(USER)$(SUFFIX)`), and ${VAR} placeholders.
var envRefOnly = regexp.MustCompile(`^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[A-Za-z_][A-Za-z0-9_.-]*\})+$`)

func secretFormat(value string) string {
	for _, f := range secretFormats {
		if f.re.MatchString(value) {
			return f.what
		}
	}
	for _, m := range urlUserinfo.FindAllStringSubmatch(value, -1) {
		if pw := m[1]; !envRefOnly.MatchString(pw) && strings.Trim(pw, "*") != "" {
			return "a URL with an embedded password"
		}
	}
	return ""
}

// benignSecretValue reports values that are not secrets even under a secret-like name.
func benignSecretValue(value string) bool {
	v := strings.TrimSpace(value)
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "1", "0":
		return true
	}
	return envRefOnly.MatchString(v) || strings.HasPrefix(v, "/")
}

// referenceSuffixes are last words that make a variable a reference to a secret, or a setting
// about one, rather than the secret itself: PASSWORD_FILE, TOKEN_URL, SECRET_NAME, TOKEN_TTL.
var referenceSuffixes = map[string]bool{
	"file": true, "files": true, "filename": true, "path": true, "paths": true, "dir": true,
	"directory": true, "location": true, "name": true, "ref": true, "id": true, "arn": true,
	"url": true, "uri": true, "endpoint": true, "host": true, "hostname": true, "port": true,
	"enabled": true, "disabled": true, "enable": true, "disable": true, "required": true,
	"length": true, "size": true, "ttl": true, "expiry": true, "expiration": true, "expires": true,
	"lifetime": true, "duration": true, "interval": true, "timeout": true, "type": true,
	"mode": true, "header": true, "field": true, "policy": true, "algorithm": true, "alg": true,
	"format": true, "prefix": true, "suffix": true, "version": true, "count": true, "limit": true,
	"issuer": true, "audience": true, "scope": true, "scopes": true, "region": true,
	"namespace": true, "provider": true, "backend": true, "store": true, "source": true,
}

// keyQualifiers are words that make a following "key" a secret key: API_KEY, PRIVATE_KEY.
var keyQualifiers = []string{"api", "private", "access", "session", "signing", "encryption"}

// secretLikeName returns the secret word a variable name holds ("password", "api key"…), or ""
// when the name is not secret-like.
func secretLikeName(name string) string {
	words := envNameWords(name)
	if len(words) == 0 || referenceSuffixes[words[len(words)-1]] {
		return ""
	}
	for i, w := range words {
		switch {
		case strings.Contains(w, "password"), strings.Contains(w, "passwd"), w == "pass", w == "pwd":
			return "password"
		case strings.Contains(w, "passphrase"):
			return "passphrase"
		case strings.Contains(w, "secret") && !strings.Contains(w, "secretar"):
			return "secret"
		case strings.Contains(w, "credential"), w == "creds":
			return "credentials"
		case strings.HasSuffix(w, "token"), w == "bearer":
			return "token"
		case strings.Contains(w, "apikey"):
			return "api key"
		case strings.Contains(w, "privatekey"):
			return "private key"
		}
		for _, q := range keyQualifiers {
			if (w == q && i+1 < len(words) && (words[i+1] == "key" || words[i+1] == "keys")) || strings.HasSuffix(w, q+"key") {
				return q + " key"
			}
		}
	}
	return ""
}

// envNameWords splits a variable name into lower-case words on `_`, `-`, `.`, camelCase and
// letter/digit boundaries: "DB_PASSWORD" → db, password; "apiKey" → api, key; "AWSSecretKey"
// → aws, secret, key.
func envNameWords(name string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		if r == '_' || r == '-' || r == '.' {
			flush()
			continue
		}
		if i > 0 {
			prev := runes[i-1]
			switch {
			case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
				flush()
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
				flush()
			case unicode.IsDigit(r) != unicode.IsDigit(prev) && prev != '_' && prev != '-' && prev != '.':
				flush()
			}
		}
		cur.WriteRune(unicode.ToLower(r))
	}
	flush()
	return words
}
