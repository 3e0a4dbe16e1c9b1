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
	"math"
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
			"holds a secret. The name and the value are weighed together, as secret scanners do. " +
			"A variable fails when (a) its value has a known secret format, whatever its name; " +
			"(b) its name is secret-like and its value could be a secret; or (c) its name is " +
			"key-like and its value is high-entropy. " +
			"Formats: PEM private keys, GCP service-account key files, AWS access key ids " +
			"(AKIA/ASIA), GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab " +
			"(`glpat-`), Slack (`xox?-`) and npm tokens, Slack and Discord webhook URLs, Stripe " +
			"secret, restricted and webhook keys (`sk_live_`, `sk_test_`, `rk_…`, `whsec_`), " +
			"SendGrid (`SG.`) and Google (`AIza`) API keys, JWTs, URLs with an embedded password " +
			"(`scheme://user:password@host`), key=value connection strings with `Password=` or " +
			"`Pwd=`, Azure connection strings with `AccountKey=` or `SharedAccessKey=` and Azure " +
			"SAS tokens. " +
			"Names are split into words on `_`, `-`, `.` and camelCase. A name is secret-like when " +
			"a word is or contains password/passwd/passphrase, is `pass` or `pwd`, contains " +
			"secret or credential, is `creds` or `bearer`, ends in token, or the words hold a " +
			"qualified key (api, private, access, session, signing, encryption, auth, account, " +
			"master, shared, client, app, admin, write, ingest, license, storage, tls, ssh… key), " +
			"key content/data/material, or a key or connection string of a cloud or SaaS SDK " +
			"(`AZURE_STORAGE_KEY`, `AZURE_BATCH_KEY`, `ARM_ACCESS_KEY`, `OCI_CLI_KEY_CONTENT`, " +
			"`AZURE_STORAGE_CONNECTION_STRING`; AWS, GCP, Stripe, Twilio and SendGrid names are " +
			"caught by their words: `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, " +
			"`GOOGLE_API_KEY`, `STRIPE_SECRET_KEY`, `TWILIO_AUTH_TOKEN`, `SENDGRID_API_KEY`). " +
			"A name that describes a secret's policy or points at one is not secret-like: a word " +
			"after the secret word such as `FILE`, `PATH`, `DIR`, `NAME`, `REF`, `ID`, `ARN`, " +
			"`URL`, `HOST`, `PORT`, `ENABLED`, `REQUIRED`, `LENGTH`, `MIN`, `MAX`, `TTL`, " +
			"`EXPIRY`, `LIFETIME`, `TIMEOUT`, `SECONDS`, `TYPE`, `MODE`, `HEADER`, `POLICY`, " +
			"`ALGORITHM`, `ROUNDS`, `ISSUER`, `SCOPE` and similar (`PASSWORD_MIN_LENGTH`, " +
			"`SESSION_TOKEN_TTL_SECONDS`), or `EXISTING`, `MIN`, `MAX` before it. A name is " +
			"key-like when its last word is `KEY`, `AUTH`, `SALT`, `PAT` or `SIGNATURE` without " +
			"a qualifier (`APP_SIGNING_SALT`, `STRIPE_KEY`); `CACHE_KEY`, `PRIMARY_KEY`, " +
			"`PUBLIC_KEY` and similar are not. " +
			"A value is not a secret under any name when it is empty, a boolean, a number, a " +
			"duration (`15m`, `720h`, `PT15M`), a size (`10Mi`), a path (`/…`, `./…`, `~/…`), " +
			"made only of `$(VAR)` or `${VAR}` references, or a placeholder (`changeme`, `<…>`, " +
			"`${…}`, `{{ … }}`, `INSERT_…`, `YOUR_…`, `…_HERE`, `xxx`, `***`). High entropy " +
			"means at least 16 characters without whitespace, two character classes, 3.5 bits " +
			"per character and not a hex digest or UUID; it only ever confirms a key-like name " +
			"and is never the only reason for a failure. `valueFrom` entries are always fine. " +
			"Param `ignore` lists env names to leave out. Messages name the variable and the " +
			"reason, never the value.",
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

// plaintextSecretReason says why a literal env value is a secret, or "" when it is not. It
// weighs the name and the value together, as secret scanners do: a known secret format is a
// secret whatever the name; a secret-like name is one only with a value that could be a secret
// (not a number, boolean, duration, size, path, reference or placeholder); a merely key-like
// name needs a high-entropy value as well. Entropy alone is never a reason. The reason never
// quotes the value.
func plaintextSecretReason(name, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		return ""
	}
	var reasons []string
	switch word, strength := secretLikeName(name); {
	case strength == nameStrong && !benignSecretValue(v):
		reasons = append(reasons, "secret-like name ("+word+") with a literal value")
	case strength == nameWeak && !benignSecretValue(v) && highEntropy(v):
		reasons = append(reasons, "key-like name ("+word+") with a high-entropy literal value")
	}
	if format := secretFormat(v); format != "" {
		reasons = append(reasons, "value looks like "+format)
	}
	return strings.Join(reasons, " and ")
}

// secretFormats are value formats that are secrets whatever the variable is called. Order
// matters: the first match names the format (a GCP key file before the PEM key it holds).
var secretFormats = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`"type"\s*:\s*"service_account"[\s\S]*"private_key(?:_id)?"\s*:|"private_key(?:_id)?"\s*:[\s\S]*"type"\s*:\s*"service_account"`), "a GCP service-account key"},
	{regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`), "a PEM private key"},
	{regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`), "an AWS access key id"},
	{regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,}`), "a GitHub token"},
	{regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{22,}`), "a GitHub token"},
	{regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`), "a GitLab token"},
	{regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), "a Slack token"},
	{regexp.MustCompile(`https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}`), "a Slack webhook URL"},
	{regexp.MustCompile(`https://(?:[a-z]+\.)?discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{20,}`), "a Discord webhook URL"},
	{regexp.MustCompile(`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}`), "a Stripe secret key"},
	{regexp.MustCompile(`\bwhsec_[A-Za-z0-9]{20,}`), "a Stripe webhook secret"},
	{regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`), "a SendGrid API key"},
	{regexp.MustCompile(`\bAIza[A-Za-z0-9_-]{35}\b`), "a Google API key"},
	{regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`), "an npm token"},
	{regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}`), "a JWT"},
}

// urlUserinfo matches the userinfo of a URL with a password: scheme://user:password@ (the user
// may be empty, as in redis://:password@host; the password may not).
var urlUserinfo = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s:@]*:([^/?#\s@]+)@`)

// connStringSecret matches the secret fields of key=value connection strings: ADO.NET and ODBC
// (`Password=`, `Pwd=`), Azure storage and Service Bus (`AccountKey=`, `SharedAccessKey=`) and
// SAS tokens (`sig=`). The value runs to the next `;` (or `&` for sig).
var connStringSecret = regexp.MustCompile(`(?i)(?:^|[;\s])(password|pwd|accountkey|sharedaccesskey)\s*=\s*([^;]*)|[?&;]sig=([^&;\s]+)`)

func secretFormat(value string) string {
	for _, f := range secretFormats {
		if f.re.MatchString(value) {
			return f.what
		}
	}
	for _, m := range urlUserinfo.FindAllStringSubmatch(value, -1) {
		if pw := m[1]; !envRefOnly.MatchString(pw) && !placeholderValue(pw) {
			return "a URL with an embedded password"
		}
	}
	for _, m := range connStringSecret.FindAllStringSubmatch(value, -1) {
		field, secret := strings.ToLower(m[1]), strings.TrimSpace(m[2])
		if m[3] != "" {
			field, secret = "sig", m[3]
		}
		if secret == "" || envRefOnly.MatchString(secret) || placeholderValue(secret) {
			continue
		}
		switch field {
		case "accountkey":
			return "an Azure storage connection string with an account key"
		case "sharedaccesskey":
			return "an Azure connection string with a shared access key"
		case "sig":
			if strings.Contains(value, "sv=") {
				return "an Azure SAS token"
			}
		default:
			return "a connection string with a password"
		}
	}
	return ""
}

// envRefOnly matches values made only of $(VAR) references, which the kubelet expands from
// other variables (`$(DB_PASSWORD)`, `$(USER)$(SUFFIX)`), and ${VAR} placeholders.
var envRefOnly = regexp.MustCompile(`^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[A-Za-z_][A-Za-z0-9_.:-]*\})+$`)

// Values that are no secret under any name.
var (
	numberValue   = regexp.MustCompile(`^[+-]?(?:\d+(?:[._]\d+)*|\.\d+)(?:[eE][+-]?\d+)?$`)
	durationValue = regexp.MustCompile(`(?i)^(?:\d+(?:\.\d+)?\s*(?:ns|us|µs|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|years?))+$|^P(?:\d+[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?$`)
	sizeValue     = regexp.MustCompile(`(?i)^\d+(?:\.\d+)?\s*(?:[kmgtpe]i?b?|b|bytes?|bits?)$`)
	// pathValue: absolute, home-relative, ./ and ../ relative paths, Windows drive paths and
	// file: URLs, without whitespace.
	pathValue = regexp.MustCompile(`^(?:/|~/|\./|\.\./|[A-Za-z]:\\|file:/)[^\s]*$`)
	// placeholderPattern: <...>, {{ ... }}, ${...} (with or without a default), %(...)s,
	// @@...@@, __...__, and words such as INSERT_..., YOUR_..._HERE, REPLACE_WITH_...
	placeholderPattern = regexp.MustCompile(`(?i)^(?:<[^<>]*>|\{\{.*\}\}|\$\{[^}]*\}|%\([^)]*\)s|@@[^@]+@@|__[A-Z0-9_]+__|\[[^\[\]]*\]|(?:insert|replace|your|enter|put|paste|add|set|fill|my)[-_ ].*|.*[-_ ](?:here|goes[-_ ]here)|x{3,}|\*{3,}|\.{3}|…|-)$`)
	placeholderWords   = map[string]bool{
		"changeme": true, "change-me": true, "change_me": true, "changeit": true, "change-it": true,
		"replaceme": true, "replace-me": true, "replace_me": true, "placeholder": true, "todo": true,
		"tbd": true, "fixme": true, "none": true, "null": true, "nil": true, "undefined": true,
		"n/a": true, "na": true, "dummy": true, "redacted": true, "example": true, "sample": true,
		"secret": true, "password": true, "token": true, "notset": true, "not-set": true, "unset": true,
		"empty": true, "default": true,
	}
)

// publishableKey matches Stripe publishable keys, which are public by design.
var publishableKey = regexp.MustCompile(`^pk_(?:live|test)_[A-Za-z0-9]+$`)

// placeholderValue reports values that stand for a secret to be filled in: changeme, <token>,
// ${TOKEN}, {{ .Values.token }}, INSERT_TOKEN_HERE, xxxx, ****.
func placeholderValue(v string) bool {
	v = strings.TrimSpace(v)
	return placeholderWords[strings.ToLower(v)] || placeholderPattern.MatchString(v)
}

// benignSecretValue reports values that are not secrets even under a secret-like name:
// booleans, numbers, durations, sizes, paths, $(VAR) references and placeholders. A TTL in
// seconds under SESSION_TOKEN, a path under CLIENT_SECRET or INSERT_TOKEN under CLUSTER_TOKEN
// holds no secret.
func benignSecretValue(value string) bool {
	v := strings.TrimSpace(value)
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "y", "n", "enabled", "disabled":
		return true
	}
	return numberValue.MatchString(v) || publishableKey.MatchString(v) || durationValue.MatchString(v) || sizeValue.MatchString(v) ||
		pathValue.MatchString(v) || envRefOnly.MatchString(v) || placeholderValue(v)
}

// highEntropy reports values that look randomly generated: at least 16 characters without
// whitespace, two or more character classes, Shannon entropy of at least 3.5 bits per
// character, and not a hex digest or UUID (build ids, checksums). It only ever supports a
// key-like name; it is never a reason on its own.
func highEntropy(v string) bool {
	if len(v) < 16 || strings.IndexFunc(v, unicode.IsSpace) >= 0 || hexOrUUID.MatchString(v) {
		return false
	}
	var lower, upper, digit, other bool
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	return classes >= 2 && shannonEntropy(counts, n) >= 3.5
}

var hexOrUUID = regexp.MustCompile(`(?i)^(?:[0-9a-f]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)

// shannonEntropy is the Shannon entropy, in bits per character, of a string given its
// character counts and length.
func shannonEntropy(counts map[rune]int, n int) float64 {
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// policyWords are words that, after the secret word, make a variable a reference to a secret
// or a setting about one rather than the secret itself: PASSWORD_FILE, TOKEN_URL, SECRET_NAME,
// TOKEN_TTL_SECONDS, PASSWORD_MIN_LENGTH, SESSION_TOKEN_LIFETIME.
var policyWords = map[string]bool{
	"file": true, "files": true, "filename": true, "filepath": true, "path": true, "paths": true,
	"dir": true, "directory": true, "location": true, "mount": true, "name": true, "names": true,
	"ref": true, "id": true, "ids": true, "arn": true, "url": true, "uri": true, "endpoint": true,
	"host": true, "hostname": true, "port": true, "addr": true, "address": true, "server": true,
	"enabled": true, "disabled": true, "enable": true, "disable": true, "required": true,
	"length": true, "len": true, "size": true, "min": true, "max": true, "ttl": true,
	"expiry": true, "expiration": true, "expires": true, "expire": true, "lifetime": true,
	"duration": true, "age": true, "interval": true, "timeout": true, "period": true,
	"seconds": true, "secs": true, "sec": true, "ms": true, "minutes": true, "mins": true,
	"hours": true, "days": true, "type": true, "kind": true, "mode": true, "header": true,
	"field": true, "param": true, "policy": true, "rotation": true, "algorithm": true, "alg": true,
	"format": true, "encoding": true, "prefix": true, "suffix": true, "version": true, "count": true,
	"limit": true, "rounds": true, "iterations": true, "cost": true, "complexity": true,
	"strength": true, "issuer": true, "audience": true, "scope": true, "scopes": true,
	"region": true, "namespace": true, "provider": true, "backend": true, "store": true,
	"source": true, "usage": true, "hint": true, "label": true,
}

// referencePrefixes are words that, before the secret word, make the variable the name of a
// secret or a bound on one: EXISTING_SECRET, MIN_PASSWORD_LENGTH, MAX_TOKEN_AGE.
var referencePrefixes = map[string]bool{"existing": true, "min": true, "max": true, "num": true}

// keyQualifiers are words that make a following "key" a secret key: API_KEY, PRIVATE_KEY,
// ACCOUNT_KEY, APP_KEY.
var keyQualifiers = []string{
	"api", "private", "access", "session", "signing", "encryption", "encrypt", "crypt", "cipher",
	"aes", "hmac", "jwt", "auth", "account", "master", "shared", "client", "app", "admin",
	"write", "ingest", "ingestion", "license", "storage", "tls", "ssl", "ssh", "rsa", "gpg",
	"pgp", "deploy", "service", "cookie", "sas",
}

// cloudVendors are the first words of cloud and SaaS SDK variables under which a key is a
// credential: AZURE_STORAGE_KEY, AZURE_BATCH_KEY, ARM_ACCESS_KEY, OCI_CLI_KEY_CONTENT. Stripe
// is not one: STRIPE_KEY conventionally holds the publishable key (its secret key is caught by
// name, STRIPE_SECRET_KEY, or by format).
var cloudVendors = map[string]string{
	"azure": "Azure", "arm": "Azure", "oci": "OCI", "alicloud": "Alibaba Cloud",
	"alibaba": "Alibaba Cloud", "aliyun": "Alibaba Cloud", "tencentcloud": "Tencent Cloud",
	"twilio": "Twilio", "sendgrid": "SendGrid", "mailgun": "Mailgun", "algolia": "Algolia",
	"pusher": "Pusher", "cloudinary": "Cloudinary", "gcp": "GCP", "google": "Google",
	"aws": "AWS",
}

// nonSecretKeys are words before a last KEY that make it no credential: PUBLIC_KEY,
// CACHE_KEY, PRIMARY_KEY, SORT_KEY.
var nonSecretKeys = map[string]bool{
	"public": true, "cache": true, "primary": true, "partition": true, "sort": true,
	"routing": true, "idempotency": true, "lock": true, "foreign": true, "object": true,
	"s3": true, "bucket": true, "hotkey": true, "shortcut": true,
}

// Name strengths: a strong name is a secret with any literal that could be one; a weak
// (key-like) name only with a high-entropy value.
const (
	nameNone = iota
	nameWeak
	nameStrong
)

// secretLikeName returns the secret word a variable name holds ("password", "api key", "Azure
// key"…) and how strongly the name says secret. A later policy word (PASSWORD_MIN_LENGTH,
// TOKEN_TTL_SECONDS, SECRET_NAME) or an earlier reference word (EXISTING_SECRET) makes the name
// no secret.
func secretLikeName(name string) (string, int) {
	words := envNameWords(name)
	if len(words) == 0 {
		return "", nameNone
	}
	word, at, end := strongSecretWord(words)
	if at < 0 {
		// Key-like: a last word key/keys/auth/salt, no qualifier; vendor keys are strong.
		last := words[len(words)-1]
		switch last {
		case "key", "keys":
			if len(words) > 1 && nonSecretKeys[words[len(words)-2]] {
				return "", nameNone
			}
			return "key", nameWeak
		case "auth", "salt", "pat", "sig", "signature":
			return last, nameWeak
		default:
			return "", nameNone
		}
	}
	for _, w := range words[:at] {
		if referencePrefixes[w] {
			return "", nameNone
		}
	}
	for _, w := range words[end:] {
		if policyWords[w] {
			return "", nameNone
		}
	}
	return word, nameStrong
}

// strongSecretWord finds the word (or pair of words) of a name that makes it secret-like, its
// start and its end (exclusive); at is -1 when there is none. Single words win over pairs
// (SSH_KEY_PASSPHRASE is a passphrase), key material over qualified keys (TLS_KEY_DATA), and
// qualified keys over cloud SDK keys (AZURE_STORAGE_KEY is a storage key, AZURE_BATCH_KEY an
// Azure key).
func strongSecretWord(words []string) (word string, at, end int) {
	for i, w := range words {
		switch {
		case strings.Contains(w, "password"), strings.Contains(w, "passwd"), w == "pass", w == "pwd":
			return "password", i, i + 1
		case strings.Contains(w, "passphrase"):
			return "passphrase", i, i + 1
		case strings.Contains(w, "secret") && !strings.Contains(w, "secretar"):
			return "secret", i, i + 1
		case strings.Contains(w, "credential"), w == "creds":
			return "credentials", i, i + 1
		case strings.HasSuffix(w, "token"), w == "bearer":
			return "token", i, i + 1
		case strings.Contains(w, "apikey"):
			return "api key", i, i + 1
		case strings.Contains(w, "privatekey"):
			return "private key", i, i + 1
		case w == "authkey":
			return "auth key", i, i + 1
		}
	}
	vendor, isVendor := cloudVendors[words[0]]
	for i, w := range words {
		if w != "key" && w != "keys" || i > 0 && words[i-1] == "public" {
			continue
		}
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		if next == "content" || next == "data" || next == "material" || next == "pem" {
			if isVendor {
				return vendor + " key content", i, i + 2
			}
			return "key content", i, i + 2
		}
	}
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		if w == "connection" && (next == "string" || next == "str") && vendor == "Azure" {
			return "Azure connection string", i, i + 2
		}
		for _, q := range keyQualifiers {
			if w == q && (next == "key" || next == "keys") {
				return q + " key", i, i + 2
			}
			if strings.HasSuffix(w, q+"key") {
				return q + " key", i, i + 1
			}
		}
	}
	if isVendor {
		for i, w := range words[1:] {
			if (w == "key" || w == "keys") && words[i] != "public" {
				return vendor + " key", i + 1, i + 2
			}
		}
	}
	return "", -1, -1
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
