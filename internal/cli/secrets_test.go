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

package cli

import (
	"encoding/base64"
	"strings"
	"testing"
)

// secretValue is a value that must never reach any output.
const secretValue = "pa55-W0rd-NEVER-PRINT-7c1e"

// TestSecretValuesNeverPrinted feeds Secrets with values (data, stringData, in a List, in
// malformed documents, one the YAML library would quote) and env literals holding the value,
// and asserts the value appears in no output format, verbose or not, on stdout or stderr.
func TestSecretValuesNeverPrinted(t *testing.T) {
	encoded := base64.StdEncoding.EncodeToString([]byte(secretValue))
	deployment := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {note: "` + secretValue + `"}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: registry.example.com/web:1.0.0
        env:
        - name: DB_PASSWORD
          value: ` + secretValue + `
        - name: API_TOKEN
          value: "` + secretValue + `"
        - name: DATABASE_URL
          value: postgres://admin:` + secretValue + `@db:5432/app
        - name: FROM_SECRET
          valueFrom:
            secretKeyRef: {name: web-credentials, key: password}
`
	in := yamlDocs(
		deployment,
		"apiVersion: v1\nkind: Secret\nmetadata: {name: web-credentials}\ndata:\n  password: "+encoded+"\nstringData:\n  token: "+secretValue+"\n",
		`{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"listed"},"stringData":{"key":"`+secretValue+`"}}]}`,
		"apiVersion: v1\nkind: Secret\nmetadata: {name: broken}\nstringData: {password: "+secretValue+"\n",
		"apiVersion: v1\nstringData:\n  password: "+secretValue+"\n",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: typed}\ndata: {password: 5}\n",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: tagged}\nstringData:\n  password: !!int "+secretValue+"\n  ~: "+secretValue+"\n",
		strings.Replace(deployment, "name: web\n", "name: web2\n", 1),
	)
	for _, format := range checkFormats {
		for _, verbose := range []string{"-v=false", "-v=true"} {
			r := runCLI(t, in, "check", "-f", "-", "-o", format, verbose)
			if r.code != ExitError {
				t.Errorf("%s %s: exit %d, want 2 (the input has malformed documents)", format, verbose, r.code)
			}
			if !strings.Contains(r.stdout, "secrets-no-plaintext") {
				t.Errorf("%s %s: secrets-no-plaintext is not reported:\n%s", format, verbose, r.stdout)
			}
			for _, v := range []string{secretValue, encoded} {
				if strings.Contains(r.stdout, v) || strings.Contains(r.stderr, v) {
					t.Errorf("%s %s: the output contains a secret value", format, verbose)
				}
			}
		}
	}
}
