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
	"strings"
	"testing"
)

func TestEscapeControl(t *testing.T) {
	cases := map[string]string{
		"plain ✓ text":          "plain ✓ text",
		"clear\x1b[2Jscreen":    `clear\x1b[2Jscreen`,
		"two\nlines\r":          `two\nlines\r`,
		"tab\there":             `tab\there`,
		"bell\a del\x7f":        `bell\a del\x7f`,
		"c1 \u009b31m":          `c1 \x9b31m`,
		"bidi \u202egnp.exe":    `bidi \u202egnp.exe`,
		"isolate \u2066x\u2069": `isolate \u2066x\u2069`,
		"invalid \xff utf-8":    `invalid \xff utf-8`,
		"::error::not at start": "::error::not at start",
	}
	for in, want := range cases {
		if got := escapeControl(in); got != want {
			t.Errorf("escapeControl(%q) = %q, want %q", in, got, want)
		}
	}
}

// Names, env vars and messages from the input cannot clear the screen, forge a READY line or
// start a CI workflow command in the table output or on standard error.
func TestHumanOutputEscapesInput(t *testing.T) {
	forged := `\n✓ default/Deployment/evil: READY\n::error::forged\u001b[2J`
	workload := `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web` + forged + `"},
	 "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
	 "spec":{"containers":[{"name":"app` + forged + `","image":"web:latest` + forged + `",
	 "env":[{"name":"A` + forged + `","value":"x"},{"name":"A` + forged + `","value":"y"}]}]}}}}`
	broken := `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad` + forged + `"},"spec":{"replicas":"two"}}`
	for _, verbose := range []string{"-v=false", "-v=true"} {
		r := runCLI(t, yamlDocs(workload+"\n", broken+"\n"), "check", "-f", "-", "-o", "table", verbose, "--stdin-filename", "in\x1b[2J.yaml")
		for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
			if strings.ContainsAny(out, "\x1b\r\u202e") {
				t.Errorf("%s %s holds a control character:\n%q", verbose, name, out)
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.HasPrefix(line, "✓ default/Deployment/evil") {
					t.Errorf("%s %s: forged line %q", verbose, name, line)
				}
			}
		}
		if !strings.Contains(r.stdout, `web\n✓ default/Deployment/evil: READY\n::error::forged\x1b[2J`) {
			t.Errorf("%s: the name is not shown escaped:\n%s", verbose, r.stdout)
		}
		if !strings.Contains(r.stderr, `Deployment "bad\n✓`) {
			t.Errorf("%s: the input error is not shown escaped:\n%s", verbose, r.stderr)
		}
	}
}
