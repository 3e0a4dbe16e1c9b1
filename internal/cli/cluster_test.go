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
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

const clusterDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: cluster-check
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: registry.example.com/api:1.0.0
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: api-credentials, key: KEY}
`

// TestCheckCluster evaluates a Deployment file against the related objects of a real API
// server: a Secret that exists only in the cluster satisfies secrets-refs-exist with --cluster,
// is skipped offline, and a missing key fails.
func TestCheckCluster(t *testing.T) {
	c, kc := startEnvtest(t)
	ctx := context.Background()
	createNamespace(t, c, "cluster-check")
	if err := c.Create(ctx, testenv.SecretFor("cluster-check", "api-credentials", "password")); err != nil {
		t.Fatal(err)
	}
	profile := &v1alpha1.ReadinessProfile{
		ObjectMeta: metav1.ObjectMeta{Name: "cluster-org"},
		Spec: v1alpha1.ReadinessProfileSpec{BasedOn: "baseline", Checks: []v1alpha1.CheckOverride{
			{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementDisabled},
		}},
	}
	if err := c.Create(ctx, profile); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	withKey := writeFile(t, dir, "with-key.yaml", strings.ReplaceAll(clusterDeployment, "KEY", "password"))
	missingKey := writeFile(t, dir, "missing-key.yaml", strings.ReplaceAll(clusterDeployment, "KEY", "token"))
	cluster := []string{"--cluster", "--kubeconfig", kc, "--context", envtestContext}

	cases := []struct {
		name string
		args []string
		want v1alpha1.Result
		msg  string
	}{
		{"offline: the Secret is not in the input", []string{"-f", withKey}, v1alpha1.ResultSkip, `"api-credentials" not in the input; run with --cluster`},
		{"cluster: the Secret and key exist", append([]string{"-f", withKey}, cluster...), v1alpha1.ResultPass, ""},
		{"cluster: the key is missing", append([]string{"-f", missingKey}, cluster...), v1alpha1.ResultFail, `"token"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"check", "-o", "json", "--fail-on", "none"}, tc.args...)...)
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
			}
			got := checkResult(t, r.stdout, "api", "secrets-refs-exist")
			if got.Result != tc.want || !strings.Contains(got.Message, tc.msg) {
				t.Errorf("secrets-refs-exist = %s %q, want %s containing %q", got.Result, got.Message, tc.want, tc.msg)
			}
			if strings.Contains(r.stdout+r.stderr, testenv.SecretValue) {
				t.Error("the output contains the cluster Secret's value")
			}
		})
	}

	t.Run("a ReadinessProfile from the cluster", func(t *testing.T) {
		r := runCLI(t, "", append([]string{"check", "-o", "json", "--fail-on", "none", "-f", withKey, "--profile", "cluster-org"}, cluster...)...)
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
		}
		rep := decodeReport(t, r.stdout)
		if rep.Results[0].Profile != "cluster-org" || findCheck(rep.Results[0].Checks, "probe-readiness") != nil {
			t.Errorf("profile %q, probe-readiness %+v: want cluster-org with probe-readiness disabled", rep.Results[0].Profile, findCheck(rep.Results[0].Checks, "probe-readiness"))
		}
		offline := runCLI(t, "", "check", "-f", withKey, "--profile", "cluster-org")
		if offline.code != ExitError || !strings.Contains(offline.stderr, `--profile "cluster-org"`) {
			t.Errorf("offline, an unknown profile is a usage error: exit %d, stderr %q", offline.code, offline.stderr)
		}
	})

	t.Run("an input object replaces its cluster namesake even when it no longer selects the pods", func(t *testing.T) {
		one := intstr.FromInt32(1)
		pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "api", Namespace: "cluster-check"},
			Spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: &one, Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "api"}}}}
		if err := c.Create(ctx, pdb); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Delete(ctx, pdb) })
		withPDB := writeFile(t, dir, "with-pdb.yaml", strings.ReplaceAll(clusterDeployment, "KEY", "password")+
			"---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: cluster-check}\n"+
			"spec: {maxUnavailable: 1, selector: {matchLabels: {app: other}}}\n")
		for file, want := range map[string]v1alpha1.Result{withKey: v1alpha1.ResultPass, withPDB: v1alpha1.ResultFail} {
			r := runCLI(t, "", append([]string{"check", "-o", "json", "--fail-on", "none", "-f", file}, cluster...)...)
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
			}
			if got := checkResult(t, r.stdout, "api", "pdb-present"); got.Result != want {
				t.Errorf("%s: pdb-present = %s %q, want %s (the cluster's PDB selects the pods; the input's edit of it does not)", filepath.Base(file), got.Result, got.Message, want)
			}
		}
	})

	t.Run("an unreachable cluster", func(t *testing.T) {
		r := runCLI(t, "", "check", "-f", withKey, "--cluster", "--kubeconfig", kc)
		if r.code != ExitError || !strings.Contains(r.stderr, "cannot reach the cluster at https://127.0.0.1:1") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

func decodeReport(t *testing.T, s string) Report {
	t.Helper()
	var rep Report
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, s)
	}
	return rep
}

// checkResult returns one check of one workload of a JSON report.
func checkResult(t *testing.T, out, workload, id string) v1alpha1.CheckResult {
	t.Helper()
	for _, r := range decodeReport(t, out).Results {
		if r.Workload.Name != workload {
			continue
		}
		if c := findCheck(r.Checks, id); c != nil {
			return *c
		}
	}
	t.Fatalf("no %s result for workload %s in:\n%s", id, workload, out)
	return v1alpha1.CheckResult{}
}

func findCheck(list []v1alpha1.CheckResult, id string) *v1alpha1.CheckResult {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}
