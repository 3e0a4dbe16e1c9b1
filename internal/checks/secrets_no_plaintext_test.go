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
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Obviously fake example values (the AWS documentation's example key id, a JWT of
// {"alg":"HS256"}.{"sub":"example"}.signature-example, placeholder tokens).
const (
	plainExampleAWSKeyID = "AKIAIOSFODNN7EXAMPLE"
	plainExampleJWT      = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJlLWV4YW1wbGU"
	plainExampleGitHub   = "ghp_EXAMPLE00000000000000000000000000000"
	plainExamplePAT      = "github_pat_EXAMPLE000000000000000000"
	plainExampleSlack    = "xoxb-000000000000-EXAMPLE-not-real"
	plainExamplePEM      = "-----BEGIN RSA PRIVATE KEY-----\nMIIEexampleNOTAREALKEY\n-----END RSA PRIVATE KEY-----\n"
	plainExampleOpenSSH  = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAexample\n-----END OPENSSH PRIVATE KEY-----"
)

// plainEnv adds a literal env variable to a container.
func plainEnv(name, value string) func(*corev1.Container) {
	return func(c *corev1.Container) { c.Env = append(c.Env, corev1.EnvVar{Name: name, Value: value}) }
}

// plainOne is a Deployment with one container "api" holding one literal env variable.
func plainOne(name, value string) *Snapshot { return deploy(ctr("api", plainEnv(name, value))) }

// plainValueParts lists what a message must never contain for a literal value: the value and
// every 8-character window of it. Values shorter than 5 characters (true, 0, 3600) are too
// common in ordinary text to assert on.
func plainValueParts(value string) []string {
	if len(value) < 5 {
		return nil
	}
	parts := []string{value}
	for i := 0; i+8 <= len(value); i++ {
		parts = append(parts, value[i:i+8])
	}
	return parts
}

// PlainValueParts is plainValueParts for the fixture leak test of the external test package
// (fixtures_test.go), which reads fixtures through internal/snapshot.
var PlainValueParts = plainValueParts

// plainNoLeak adds to every case the assertion that the message contains no part of any
// literal env value of the workload.
func plainNoLeak(cases []checkCase) []checkCase {
	for i := range cases {
		for _, c := range cases[i].snap.Workload.AllContainers() {
			for _, e := range c.Env {
				cases[i].notMsg = append(cases[i].notMsg, plainValueParts(e.Value)...)
			}
		}
	}
	return cases
}

func TestSecretsNoPlaintext(t *testing.T) {
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	const fix = "move it to a Secret and use valueFrom.secretKeyRef"
	cases := []checkCase{
		// Secret-like names with a literal value.
		{name: "password", snap: plainOne("DB_PASSWORD", "hunter2-example"), want: fail,
			msg: []string{`container "api" env DB_PASSWORD: secret-like name (password) with a literal value`, fix}},
		{name: "camelCase password", snap: plainOne("dbPassword", "hunter2-example"), want: fail, msg: []string{"(password)"}},
		{name: "password glued to a prefix", snap: plainOne("PGPASSWORD", "hunter2-example"), want: fail, msg: []string{"(password)"}},
		{name: "passwd", snap: plainOne("MYSQL_ROOT_PASSWD", "hunter2-example"), want: fail, msg: []string{"(password)"}},
		{name: "pass as a whole word", snap: plainOne("SMTP_PASS", "hunter2-example"), want: fail, msg: []string{"(password)"}},
		{name: "pwd as a whole word", snap: plainOne("REDIS_PWD", "hunter2-example"), want: fail, msg: []string{"(password)"}},
		{name: "passphrase", snap: plainOne("SSH_KEY_PASSPHRASE", "correct horse"), want: fail, msg: []string{"(passphrase)"}},
		{name: "placeholder value", snap: plainOne("ADMIN_PASSWORD", "changeme"), want: pass},
		{name: "secret", snap: plainOne("JWT_SECRET", "example-signing-secret"), want: fail, msg: []string{"(secret)"}},
		{name: "client secret camelCase", snap: plainOne("oauthClientSecret", "example-client-secret"), want: fail, msg: []string{"(secret)"}},
		{name: "secret glued", snap: plainOne("NEXTAUTH_SECRET", "example-nextauth"), want: fail, msg: []string{"(secret)"}},
		{name: "secret key base", snap: plainOne("SECRET_KEY_BASE", "example-rails-base"), want: fail, msg: []string{"(secret)"}},
		{name: "token", snap: plainOne("GITHUB_TOKEN", "not-a-real-token"), want: fail, msg: []string{"(token)"}},
		{name: "auth token", snap: plainOne("AUTH_TOKEN", "example-auth"), want: fail, msg: []string{"(token)"}},
		{name: "camelCase access token", snap: plainOne("accessToken", "example-access"), want: fail, msg: []string{"(token)"}},
		{name: "token glued", snap: plainOne("SLACKTOKEN", "example-slack"), want: fail, msg: []string{"(token)"}},
		{name: "bearer", snap: plainOne("BEARER", "example-bearer"), want: fail, msg: []string{"(token)"}},
		{name: "api key", snap: plainOne("STRIPE_API_KEY", "example-stripe"), want: fail, msg: []string{"(api key)"}},
		{name: "apiKey camelCase", snap: plainOne("apiKey", "example-api"), want: fail, msg: []string{"(api key)"}},
		{name: "APIKey acronym", snap: plainOne("SendgridAPIKey", "example-sendgrid"), want: fail, msg: []string{"(api key)"}},
		{name: "apikey glued", snap: plainOne("MAPS_APIKEY", "example-maps"), want: fail, msg: []string{"(api key)"}},
		{name: "private key", snap: plainOne("PRIVATE_KEY", "example-private"), want: fail, msg: []string{"(private key)"}},
		{name: "access key", snap: plainOne("MINIO_ACCESS_KEY", "example-minio"), want: fail, msg: []string{"(access key)"}},
		{name: "aws secret access key", snap: plainOne("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), want: fail, msg: []string{"(secret)"}},
		{name: "session key", snap: plainOne("SESSION_KEY", "example-session"), want: fail, msg: []string{"(session key)"}},
		{name: "signing key", snap: plainOne("JWT_SIGNING_KEY", "example-signing"), want: fail, msg: []string{"(signing key)"}},
		{name: "encryption key", snap: plainOne("encryptionKey", "example-enc-value"), want: fail, msg: []string{"(encryption key)"}},
		{name: "credentials", snap: plainOne("GOOGLE_APPLICATION_CREDENTIALS_JSON", `{"type":"service_account"}`), want: fail, msg: []string{"(credentials)"}},
		{name: "creds", snap: plainOne("REGISTRY_CREDS", "user:example"), want: fail, msg: []string{"(credentials)"}},
		{name: "numeric value under a password name", snap: plainOne("PIN_PASSWORD", "123456"), want: pass},

		// Names that refer to a secret or configure one, not the secret itself.
		{name: "password file", snap: plainOne("DB_PASSWORD_FILE", "/run/secrets/db-password"), want: pass},
		{name: "password file relative", snap: plainOne("DB_PASSWORD_FILE", "secrets/db-password"), want: pass},
		{name: "token path", snap: plainOne("TOKEN_PATH", "var/run/token"), want: pass},
		{name: "secrets dir", snap: plainOne("SECRETS_DIR", "config/secrets"), want: pass},
		{name: "secret name", snap: plainOne("TLS_SECRET_NAME", "web-tls"), want: pass},
		{name: "secret ref", snap: plainOne("SECRET_REF", "vault:kv/app#db"), want: pass},
		{name: "access key id", snap: plainOne("AWS_ACCESS_KEY_ID", "minio-local-user"), want: pass},
		{name: "secret arn", snap: plainOne("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:db"), want: pass},
		{name: "token url", snap: plainOne("TOKEN_URL", "https://auth.example.com/oauth/token"), want: pass},
		{name: "token endpoint", snap: plainOne("OIDC_TOKEN_ENDPOINT", "https://auth.example.com/token"), want: pass},
		{name: "password host", snap: plainOne("PASSWORD_SERVICE_HOST", "pwd.example.svc"), want: pass},
		{name: "token port", snap: plainOne("TOKEN_SERVER_PORT", "8443"), want: pass},
		{name: "token enabled", snap: plainOne("TOKEN_AUTH_ENABLED", "always"), want: pass},
		{name: "password required", snap: plainOne("PASSWORD_REQUIRED", "strict"), want: pass},
		{name: "password length", snap: plainOne("PASSWORD_MIN_LENGTH", "12"), want: pass},
		{name: "token ttl", snap: plainOne("ACCESS_TOKEN_TTL", "15m"), want: pass},
		{name: "token expiry", snap: plainOne("REFRESH_TOKEN_EXPIRY", "720h"), want: pass},
		{name: "token timeout", snap: plainOne("TOKEN_TIMEOUT", "30s"), want: pass},
		{name: "token type", snap: plainOne("TOKEN_TYPE", "Bearer"), want: pass},
		{name: "secret mode", snap: plainOne("SECRET_MODE", "vault"), want: pass},
		{name: "api key header", snap: plainOne("API_KEY_HEADER", "X-Api-Key"), want: pass},
		{name: "token field", snap: plainOne("TOKEN_FIELD", "access_token"), want: pass},
		{name: "signing key name", snap: plainOne("JWT_SIGNING_KEY_NAME", "jwt-2026"), want: pass},
		{name: "encryption key id", snap: plainOne("KMS_ENCRYPTION_KEY_ID", "alias/app"), want: pass},
		{name: "token issuer", snap: plainOne("TOKEN_ISSUER", "auth.example.com"), want: pass},
		{name: "password hash algorithm", snap: plainOne("PASSWORD_HASH_ALGORITHM", "argon2id"), want: pass},

		// Names that merely contain the letters.
		{name: "bypass", snap: plainOne("BYPASS_CACHE", "sometimes"), want: pass},
		{name: "passthrough", snap: plainOne("TLS_PASSTHROUGH", "enabled-here"), want: pass},
		{name: "tokenizer", snap: plainOne("TOKENIZER", "bert-base-uncased"), want: pass},
		{name: "max tokens", snap: plainOne("MAX_TOKENS", "4096"), want: pass},
		{name: "secretary", snap: plainOne("SECRETARY_EMAIL", "office@example.com"), want: pass},
		{name: "plain key", snap: plainOne("CACHE_KEY", "v2-users"), want: pass},
		{name: "primary key", snap: plainOne("PRIMARY_KEY", "user_id"), want: pass},

		// Values that are not secrets under a secret-like name.
		{name: "boolean", snap: plainOne("DB_PASSWORD", "false"), want: pass},
		{name: "boolean yes", snap: plainOne("USE_TOKEN", "Yes"), want: pass},
		{name: "boolean on", snap: plainOne("SECRET", "on"), want: pass},
		{name: "one and zero", snap: deploy(ctr("api", plainEnv("REQUIRE_PASSWORD", "1"), plainEnv("SKIP_TOKEN", "0"))), want: pass},
		{name: "variable reference", snap: plainOne("DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)"), want: pass},
		{name: "two variable references", snap: plainOne("API_TOKEN", "$(TOKEN_PREFIX)$(TOKEN_BODY)"), want: pass},
		{name: "reference plus literal", snap: plainOne("API_TOKEN", "tok-$(TOKEN_BODY)"), want: fail},
		{name: "absolute path", snap: plainOne("CLIENT_SECRET", "/var/run/secrets/oauth/client-secret"), want: pass},
		{name: "empty value", snap: plainOne("DB_PASSWORD", ""), want: pass},
		{name: "blank value", snap: plainOne("DB_PASSWORD", "   "), want: pass},

		// Secret formats, whatever the name.
		{name: "aws key id in an id variable", snap: plainOne("AWS_ACCESS_KEY_ID", plainExampleAWSKeyID), want: fail,
			msg: []string{`env AWS_ACCESS_KEY_ID: value looks like an AWS access key id`}, notMsg: []string{"secret-like name"}},
		{name: "aws temporary key id", snap: plainOne("S3_USER", "ASIAIOSFODNN7EXAMPLE"), want: fail, msg: []string{"AWS access key id"}},
		{name: "aws key id inside a longer word", snap: plainOne("BUILD_TAG", "XAKIAIOSFODNN7EXAMPLE"), want: pass},
		{name: "pem private key", snap: plainOne("TLS_KEY", plainExamplePEM), want: fail, msg: []string{"value looks like a PEM private key"}},
		{name: "openssh private key", snap: plainOne("DEPLOY_KEY_DATA", plainExampleOpenSSH), want: fail, msg: []string{"PEM private key"}},
		{name: "pem certificate is public", snap: plainOne("CA_BUNDLE", "-----BEGIN CERTIFICATE-----\nMIIexample\n-----END CERTIFICATE-----"), want: pass},
		{name: "github token", snap: plainOne("GH_AUTH", plainExampleGitHub), want: fail, msg: []string{"value looks like a GitHub token"}},
		{name: "github fine-grained token", snap: plainOne("CI_SETTING", plainExamplePAT), want: fail, msg: []string{"GitHub token"}},
		{name: "slack token", snap: plainOne("SLACK_HOOK", plainExampleSlack), want: fail, msg: []string{"value looks like a Slack token"}},
		{name: "jwt", snap: plainOne("AUTHORIZATION", "Bearer "+plainExampleJWT), want: fail, msg: []string{"value looks like a JWT"}},
		{name: "name and format", snap: plainOne("GITHUB_TOKEN", plainExampleGitHub), want: fail,
			msg: []string{"secret-like name (token) with a literal value and value looks like a GitHub token"}},
		{name: "format under a reference name", snap: plainOne("API_TOKEN_FILE", plainExampleJWT), want: fail, msg: []string{"JWT"}},
		{name: "url with password", snap: plainOne("DATABASE_URL", "postgres://app:hunter2-example@db:5432/app"), want: fail,
			msg: []string{"env DATABASE_URL: value looks like a URL with an embedded password"}},
		{name: "url with password and empty user", snap: plainOne("REDIS_URL", "redis://:hunter2-example@redis:6379/0"), want: fail, msg: []string{"URL with an embedded password"}},
		{name: "jdbc url with password", snap: plainOne("SPRING_DATASOURCE", "jdbc:postgresql://app:hunter2-example@db/app"), want: fail, msg: []string{"URL"}},
		{name: "url with user only", snap: plainOne("DATABASE_URL", "postgres://app@db:5432/app"), want: pass},
		{name: "url with empty userinfo", snap: plainOne("DATABASE_URL", "postgres://:@db:5432/app"), want: pass},
		{name: "url with port only", snap: plainOne("UPSTREAM_URL", "http://backend:8080/path?notify=ops@example.com"), want: pass},
		{name: "url with a variable password", snap: plainOne("DATABASE_URL", "postgres://app:$(DB_PASSWORD)@db:5432/app"), want: pass},
		{name: "url with a masked password", snap: plainOne("DATABASE_URL", "postgres://app:****@db:5432/app"), want: pass},
		{name: "url password under a url name", snap: plainOne("TOKEN_URL", "https://bot:hunter2-example@auth.example.com/token"), want: fail, msg: []string{"URL with an embedded password"}},

		// valueFrom is always fine.
		{name: "valueFrom secretKeyRef", snap: deploy(ctr("api", func(c *corev1.Container) {
			c.Env = append(c.Env, corev1.EnvVar{Name: "DB_PASSWORD", ValueFrom: &corev1.EnvVarSource{
				SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "password"}}})
		})), want: pass},

		// Containers of every kind.
		{name: "init container", snap: withInit(deploy(ctr("api")), ctr("migrate", plainEnv("DB_PASSWORD", "hunter2-example"))), want: fail,
			msg: []string{`init container "migrate" env DB_PASSWORD`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api")), ctr("proxy", asSidecar, plainEnv("UPSTREAM_TOKEN", "example-upstream"))), want: fail,
			msg: []string{`sidecar "proxy" env UPSTREAM_TOKEN`}},
		{name: "several findings", snap: deploy(ctr("api", plainEnv("DB_PASSWORD", "hunter2-example"), plainEnv("LOG_LEVEL", "debug")),
			ctr("worker", plainEnv("AWS_ACCESS_KEY_ID", plainExampleAWSKeyID))), want: fail,
			msg: []string{`container "api" env DB_PASSWORD`, `container "worker" env AWS_ACCESS_KEY_ID`}, notMsg: []string{"LOG_LEVEL"}},
		{name: "statefulset", snap: statefulSet(plainOne("DB_PASSWORD", "hunter2-example")), want: fail},
		{name: "daemonset", snap: daemonSet(plainOne("LOG_LEVEL", "info")), want: pass, msg: []string{"none of the 1 literal env value"}},
		{name: "no env", snap: deploy(ctr("api")), want: pass, msg: []string{"no container sets a literal env value"}},
		{name: "no containers", snap: deploy(), want: skip, msg: []string{"no containers"}},

		// Param ignore.
		{name: "ignored name", snap: plainOne("PASSWORD_SALT_ROUNDS", "12345"), params: map[string]string{"ignore": "PASSWORD_SALT_ROUNDS"},
			want: pass, msg: []string{"ignored by params: PASSWORD_SALT_ROUNDS"}},
		{name: "ignored name also skips formats", snap: plainOne("AWS_ACCESS_KEY_ID", plainExampleAWSKeyID), params: map[string]string{"ignore": "OTHER, AWS_ACCESS_KEY_ID"},
			want: pass},
		{name: "ignore is exact", snap: plainOne("DB_PASSWORD", "hunter2-example"), params: map[string]string{"ignore": "db_password,DB_PASSWORD_FILE"}, want: fail},
		{name: "ignore leaves others", snap: deploy(ctr("api", plainEnv("PASSWORD_SALT_ROUNDS", "12345"), plainEnv("DB_PASSWORD", "hunter2-example"))),
			params: map[string]string{"ignore": "PASSWORD_SALT_ROUNDS"}, want: fail, msg: []string{"env DB_PASSWORD", "ignored by params: PASSWORD_SALT_ROUNDS"}},
	}
	runCases(t, &secretsNoPlaintext, plainNoLeak(cases))
}

func TestSecretsNoPlaintextContainerExemption(t *testing.T) {
	s := deploy(ctr("api"), ctr("legacy", plainEnv("DB_PASSWORD", "hunter2-example")))
	got := evalCheck(t, &secretsNoPlaintext, s, nil, v1alpha1.Exemption{Checks: []string{"secrets-no-plaintext"}, Containers: []string{"legacy"}, Reason: "being migrated"})
	wantPassExempted(t, got, "legacy")
	if strings.Contains(got.Message, "hunter2") {
		t.Fatalf("message leaks the value: %s", got.Message)
	}
}

func TestSecretsNoPlaintextNameWords(t *testing.T) {
	for name, want := range map[string][]string{
		"DB_PASSWORD":          {"db", "password"},
		"dbPassword":           {"db", "password"},
		"APIKey":               {"api", "key"},
		"AWSSecretAccessKey":   {"aws", "secret", "access", "key"},
		"oauth2-client.secret": {"oauth", "2", "client", "secret"},
		"S3_SECRET":            {"s", "3", "secret"},
		"__X__":                {"x"},
		"":                     nil,
	} {
		if got := envNameWords(name); !reflect.DeepEqual(got, want) {
			t.Errorf("envNameWords(%q) = %q, want %q", name, got, want)
		}
	}
}

// Example values for the detector table, assembled so that no complete fake key sits in one
// literal (they are fake: EXAMPLE and zeros).
var (
	plainExampleStripe      = "sk_" + "live_" + "EXAMPLE0000000000000000000000"
	plainExampleStripeTest  = "rk_" + "test_" + "EXAMPLE0000000000000000000000"
	plainExampleSlackHook   = "https://hooks.slack.com/" + "services/T00000000/B00000000/EXAMPLE0000000000000000"
	plainExampleSendGrid    = "SG." + "EXAMPLE0000000000000000" + ".EXAMPLE00000000000000000000000000000000000000"
	plainExampleGoogleKey   = "AIza" + "SyEXAMPLE" + strings.Repeat("0", 26)
	plainExampleAzureConn   = "DefaultEndpointsProtocol=https;AccountName=example;AccountKey=" + "RVhBTVBMRS1ub3QtYS1yZWFsLWtleQ00000000==" + ";EndpointSuffix=core.windows.net"
	plainExampleAzureKey    = "RVhBTVBMRS1ub3QtYS1yZWFsLWF6dXJlLWtleS0wMDAwMDAwMDAwMDAwMDAwMDAwMDA" + "wMDAwMDAwMDAwMDA="
	plainExampleGCPJSON     = `{"type": "service_account", "project_id": "example", "private_key_id": "0000", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEexample\n-----END PRIVATE KEY-----\n"}`
	plainExampleHighEntropy = "q8Zr3Kx9TmB2vLw7Yp4N"
)

// TestSecretsNoPlaintextDetector is the detector's catalogue of cases, true and false, each
// with the reason it is (or is not) a secret. want is a substring of the reason the detector
// must give, or "" when the variable must not be reported.
func TestSecretsNoPlaintextDetector(t *testing.T) {
	cases := []struct {
		name, env, value, want, why string
	}{
		// Secret-like names with a value that could be a secret.
		{"plain password", "DB_PASSWORD", "hunter2-example", "secret-like name (password)", "a password in the manifest"},
		{"passphrase", "SSH_KEY_PASSPHRASE", "correct horse battery", "(passphrase)", "a passphrase, spaces and all"},
		{"client secret", "AZURE_CLIENT_SECRET", "Ex4mple~client.secret", "(secret)", "Azure service principal secret"},
		{"aws secret access key", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "(secret)", "the AWS SDK's secret key"},
		{"aws session token", "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE//////////", "(token)", "temporary AWS credentials"},
		{"twilio auth token", "TWILIO_AUTH_TOKEN", "example0000000000000000000000000", "(token)", "Twilio's account secret"},
		{"sendgrid api key by name", "SENDGRID_API_KEY", "example-sendgrid-key", "(api key)", "SendGrid SDK variable"},
		{"google api key by name", "GOOGLE_API_KEY", "example-google-key", "(api key)", "Google SDK variable"},
		{"stripe secret key by name", "STRIPE_SECRET_KEY", "example-stripe", "(secret)", "Stripe SDK variable"},
		{"azure storage key", "AZURE_STORAGE_KEY", plainExampleAzureKey, "(storage key)", "Azure SDK storage account key"},
		{"azure batch key", "AZURE_BATCH_KEY", plainExampleAzureKey, "(Azure key)", "Azure Batch account key"},
		{"azure storage account key", "AZURE_STORAGE_ACCOUNT_KEY", plainExampleAzureKey, "(account key)", "Azure SDK account key"},
		{"azure cosmos key", "AZURE_COSMOS_PRIMARY_KEY", plainExampleAzureKey, "(Azure key)", "Azure SDK: a primary key is an account key there"},
		{"terraform azurerm access key", "ARM_ACCESS_KEY", plainExampleAzureKey, "(access key)", "azurerm backend storage key"},
		{"azure connection string by name", "AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=false;AccountName=x", "(Azure connection string)", "Azure SDK connection string variable"},
		{"oci key content", "OCI_CLI_KEY_CONTENT", "MIIEexampleNOTAREALKEY", "(OCI key content)", "OCI CLI private key inline"},
		{"key material", "TLS_KEY_DATA", "MIIEexampleNOTAREALKEY", "(key content)", "inline key material"},
		{"app key", "DD_APP_KEY", "example-datadog-app", "(app key)", "Datadog application key"},
		{"license key", "NEW_RELIC_LICENSE_KEY", "example-license", "(license key)", "New Relic ingest key"},
		{"auth key glued", "TS_AUTHKEY", "tskey-example", "(auth key)", "Tailscale auth key"},
		{"low-entropy password is still a password", "REDIS_PASSWORD", "app", "(password)", "weak passwords are passwords"},
		{"url in a token name", "REGISTRY_TOKEN", "abc:def", "(token)", "any literal that is not benign"},
		{"reference mixed with a literal", "API_TOKEN", "tok-$(TOKEN_BODY)", "(token)", "the literal part is in the manifest"},

		// Secret-like names whose value is no secret.
		{"token lifetime in seconds", "SESSION_TOKEN", "3600", "", "a number"},
		{"decimal", "TOKEN_REFRESH_RATIO", "0.75", "", "a number"},
		{"duration", "REFRESH_TOKEN", "720h", "", "a duration"},
		{"iso duration", "API_TOKEN", "PT15M", "", "an ISO 8601 duration"},
		{"size", "SECRET_CACHE", "64Mi", "", "a size"},
		{"boolean", "DB_PASSWORD", "false", "", "a boolean"},
		{"etcd placeholder", "ETCD_INITIAL_CLUSTER_TOKEN", "INSERT_CLUSTER_TOKEN", "", "an INSERT_ placeholder"},
		{"changeme", "ADMIN_PASSWORD", "changeme", "", "a placeholder"},
		{"angle placeholder", "API_KEY", "<your-api-key>", "", "a <…> placeholder"},
		{"shell placeholder", "DB_PASSWORD", "${DB_PASSWORD}", "", "a ${…} placeholder"},
		{"shell placeholder with default", "DB_PASSWORD", "${DB_PASSWORD:-}", "", "a ${…} placeholder"},
		{"template placeholder", "CLIENT_SECRET", "{{ .Values.clientSecret }}", "", "an unrendered template"},
		{"your here placeholder", "SLACK_TOKEN", "YOUR_TOKEN_HERE", "", "a YOUR_…_HERE placeholder"},
		{"masked", "SMTP_PASSWORD", "********", "", "a masked value"},
		{"xxx", "API_SECRET", "xxxxxxxx", "", "a placeholder"},
		{"absolute path", "CLIENT_SECRET", "/var/run/secrets/oauth/client-secret", "", "a path"},
		{"relative path", "GOOGLE_APPLICATION_CREDENTIALS", "./secrets/sa.json", "", "a path, the SDK reads the file"},
		{"kubelet reference", "DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)", "", "expanded from another variable"},
		{"empty", "DB_PASSWORD", "", "", "nothing set"},

		// Names that describe a secret's policy or point at one.
		{"ttl seconds", "SESSION_TOKEN_TTL_SECONDS", "900", "", "policy word after the secret word"},
		{"ttl glued to a unit", "ACCESS_TOKEN_TTL", "15m", "", "policy word"},
		{"min length", "PASSWORD_MIN_LENGTH", "12", "", "policy word"},
		{"min length first", "MIN_PASSWORD_LENGTH", "twelve", "", "reference word before, policy word after"},
		{"lifetime", "SESSION_TOKEN_LIFETIME", "one-hour", "", "policy word"},
		{"rotation days", "DB_PASSWORD_ROTATION_DAYS", "thirty", "", "policy word"},
		{"hash rounds", "PASSWORD_HASH_ROUNDS", "twelve", "", "policy word"},
		{"file", "DB_PASSWORD_FILE", "secrets/db-password", "", "points at a file"},
		{"dir", "SECRETS_DIR", "config/secrets", "", "points at a directory"},
		{"path", "OCI_CLI_KEY_FILE", "oci/key.pem", "", "points at a file"},
		{"name", "TLS_SECRET_NAME", "web-tls", "", "names a Secret"},
		{"existing secret", "EXISTING_SECRET", "db-credentials", "", "names a Secret"},
		{"key id", "AWS_ACCESS_KEY_ID", "minio-local-user", "", "an identifier"},
		{"token url", "TOKEN_URL", "https://auth.example.com/oauth/token", "", "an endpoint"},
		{"api key header", "API_KEY_HEADER", "X-Api-Key", "", "a header name"},

		// Names that are not secret-like; key-like names need entropy too.
		{"cache key", "CACHE_KEY", "v2-users", "", "a cache key is not a credential"},
		{"public key", "JWT_PUBLIC_KEY", plainExampleHighEntropy, "", "public keys are public"},
		{"primary key", "PRIMARY_KEY", "user_id", "", "a database column"},
		{"tokenizer", "TOKENIZER", "bert-base-uncased", "", "not a token"},
		{"max tokens", "MAX_TOKENS", "4096", "", "a count"},
		{"bypass", "BYPASS_CACHE", "sometimes", "", "pass inside another word"},
		{"low-entropy key", "WEBHOOK_KEY", "pk-example", "", "key-like name, low entropy"},
		{"stripe publishable key", "STRIPE_KEY", "pk_" + "live_" + plainExampleHighEntropy, "", "publishable keys are public"},
		{"high-entropy key", "WEBHOOK_KEY", plainExampleHighEntropy, "key-like name (key)", "an unqualified key with a random value"},
		{"high-entropy salt", "APP_SALT", plainExampleHighEntropy, "key-like name (salt)", "a random salt"},
		{"hex digest under a key", "BUILD_CACHE_KEY", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "", "a checksum"},
		{"uuid under a key", "TENANT_KEY", "123e4567-e89b-12d3-a456-426614174000", "", "an identifier"},
		{"entropy alone", "BUILD_REF", plainExampleHighEntropy, "", "entropy is never the only reason"},
		{"entropy alone, long", "RELEASE_CHECKSUM", "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5", "", "entropy is never the only reason"},

		// Value formats, whatever the name.
		{"stripe live key", "PAYMENTS", plainExampleStripe, "a Stripe secret key", "Stripe format"},
		{"stripe restricted test key", "STRIPE", plainExampleStripeTest, "a Stripe secret key", "Stripe format"},
		{"slack webhook", "ALERT_HOOK", plainExampleSlackHook, "a Slack webhook URL", "the URL is the credential"},
		{"sendgrid format", "MAIL", plainExampleSendGrid, "a SendGrid API key", "SendGrid format"},
		{"google key format", "MAPS", plainExampleGoogleKey, "a Google API key", "Google format"},
		{"azure storage connection string", "STORAGE", plainExampleAzureConn, "an Azure storage connection string", "AccountKey= in the string"},
		{"azure service bus", "BUS", "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=RVhBTVBMRQ00000=", "shared access key", "SharedAccessKey= in the string"},
		{"azure sas", "BLOB_SAS_URL", "https://example.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=RVhBTVBMRQ%3D", "an Azure SAS token", "the sig is the credential"},
		{"ado.net connection string", "CONNECTION", "Host=db;Username=u;Password=p;Database=d", "a connection string with a password", "Password= in the string"},
		{"odbc pwd", "ODBC", "Driver={ODBC Driver 18};Server=db;Uid=app;Pwd=hunter2-example;", "a connection string with a password", "Pwd= in the string"},
		{"connection string with a placeholder", "CONNECTION", "Host=db;Username=u;Password=${DB_PASSWORD};Database=d", "", "the password is a placeholder"},
		{"connection string without a password", "CONNECTION", "Host=db;Username=u;Database=d", "", "no secret field"},
		{"gcp service account json", "GCP_SA", plainExampleGCPJSON, "a GCP service-account key", "a key file inline"},
		{"gitlab token", "CI_SETTING", "glpat-EXAMPLE00000000000000", "a GitLab token", "GitLab format"},
		{"url password placeholder", "DATABASE_URL", "postgres://app:<password>@db/app", "", "the password is a placeholder"},
		{"url password", "DATABASE_URL", "postgres://app:hunter2-example@db/app", "a URL with an embedded password", "userinfo password"},
		{"format under a policy name", "API_TOKEN_FILE", plainExampleJWT, "a JWT", "the format wins over the name"},
	}
	if len(cases) < 60 {
		t.Fatalf("the detector table needs at least 60 cases, has %d", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			got := plaintextSecretReason(tc.env, tc.value)
			switch {
			case tc.want == "" && got != "":
				t.Fatalf("%s=…: reported (%s), want not a secret because %s", tc.env, got, tc.why)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Fatalf("%s=…: reason %q, want one containing %q because %s", tc.env, got, tc.want, tc.why)
			}
			for _, part := range plainValueParts(tc.value) {
				if strings.Contains(got, part) {
					t.Fatalf("reason %q contains part of the value", got)
				}
			}
		})
	}
}
