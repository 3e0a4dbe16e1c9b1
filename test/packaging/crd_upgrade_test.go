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

package packaging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// status.checks became an atomic list (it was a map keyed by id): the API server then records
// one managed field for the list instead of five per check, which made the operator's status
// patches about a sixth cheaper for the API server (docs/performance.md). This test upgrades a
// copy of the CRD, served under a group of its own so the shared API server's CRDs are left
// alone, from the old schema to the current one with an object in place, and patches that
// object's status under the new schema as the operator does (a JSON merge patch of the status
// subresource): the upgrade must neither refuse the CRD nor the next status write.
func TestCRDUpgradeChecksListAtomic(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "config", "crd", "bases", "readiness.prodready.io_productionreadinesses.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	current := strings.ReplaceAll(string(raw), "readiness.prodready.io", "upgrade.prodready.test")
	const atomicChecks = "                maxItems: 128\n                type: array\n                x-kubernetes-list-type: atomic\n"
	if !strings.Contains(current, atomicChecks) {
		t.Fatal("status.checks is not the atomic list this test upgrades to")
	}
	old := strings.Replace(current, atomicChecks, "                maxItems: 128\n                type: array\n                x-kubernetes-list-map-keys:\n                - id\n                x-kubernetes-list-type: map\n", 1)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const crd = "crd/productionreadinesses.upgrade.prodready.test"
	t.Cleanup(func() { run(kubectlBin, "--kubeconfig", kubeconfig, "delete", crd, "--ignore-not-found") })
	establish := func(file string) {
		kubectl(t, kubeconfig, "apply", "--server-side", "--force-conflicts", "-f", file)
		kubectl(t, kubeconfig, "wait", "--for=condition=Established", "--timeout=60s", crd)
	}
	patchStatus := func(checks string) {
		kubectl(t, kubeconfig, "-n", "default", "patch", "productionreadinesses.upgrade.prodready.test", "web", "--subresource=status", "--type=merge",
			"-p", `{"status":{"observedGeneration":1,"checks":[`+checks+`]}}`)
	}

	establish(write("old.yaml", old))
	kubectl(t, kubeconfig, "apply", "-f", write("pr.yaml", "apiVersion: upgrade.prodready.test/v1alpha1\nkind: ProductionReadiness\n"+
		"metadata: {name: web, namespace: default}\nspec: {targetRef: {kind: Deployment, name: web}}\n"))
	patchStatus(`{"id":"replicas-minimum","enforcement":"Required","result":"Fail","message":"1 replica"},{"id":"pdb-present","enforcement":"Required","result":"Pass","message":"PDB web"}`)
	if mf := kubectl(t, kubeconfig, "-n", "default", "get", "productionreadinesses.upgrade.prodready.test", "web", "--show-managed-fields", "-o", "yaml"); !strings.Contains(mf, `k:{"id":"replicas-minimum"}`) {
		t.Fatalf("under the old schema the managed fields should list each check:\n%s", mf)
	}

	establish(write("current.yaml", current))
	patchStatus(`{"id":"replicas-minimum","enforcement":"Required","result":"Pass","message":"3 replicas"}`)
	got := kubectl(t, kubeconfig, "-n", "default", "get", "productionreadinesses.upgrade.prodready.test", "web", "-o", "jsonpath={.status.checks[*].id}={.status.checks[*].result}")
	if got != "replicas-minimum=Pass" {
		t.Errorf("status.checks after the upgrade and a patch: %q, want replicas-minimum=Pass", got)
	}
}
