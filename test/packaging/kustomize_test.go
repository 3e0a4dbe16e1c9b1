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
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

const kustomizeNamespace = "prodready-system"

// TestKustomizeDefault builds config/default, asserts the wiring between its objects (names,
// namespace, webhook selectors and policies, RBAC on exactly the objects the manager's flags
// default to), and applies it with a server-side dry-run.
func TestKustomizeDefault(t *testing.T) {
	r := parse(t, "kustomize build config/default", mustRun(t, kustomizeBin, "build", "config/default"))
	checkKustomizeInstall(t, r)
	createNamespace(t, kubeconfig, kustomizeNamespace)
	expectApplied(t, applyDryRun(t, kubeconfig, r.yaml), r)
}

func checkKustomizeInstall(t *testing.T, r rendered) {
	t.Helper()
	checkUserRoles(t, r, "prodready-platform-role")
	for _, d := range r.docs {
		o := d.Object
		if !strings.HasPrefix(o.GetName(), "prodready-") && o.GetKind() != "CustomResourceDefinition" {
			t.Errorf("%s %q lacks the prodready- name prefix", o.GetKind(), o.GetName())
		}
		if o.GetNamespace() != "" && o.GetNamespace() != kustomizeNamespace {
			t.Errorf("%s %q is in namespace %q", o.GetKind(), o.GetName(), o.GetNamespace())
		}
		// docs/install.md uninstalls while keeping the CRDs by deleting this label's objects.
		if labelled := o.GetLabels()["app.kubernetes.io/name"] == "prodready"; labelled == (o.GetKind() == "CustomResourceDefinition") {
			t.Errorf("%s %q: every object but the CRDs must carry app.kubernetes.io/name=prodready (labels %v)", o.GetKind(), o.GetName(), o.GetLabels())
		}
	}
	for _, want := range []string{"Namespace/prodready-system", "CustomResourceDefinition/productionreadinesses.readiness.prodready.io",
		"CustomResourceDefinition/readinessprofiles.readiness.prodready.io", "NetworkPolicy/prodready-controller-manager",
		"PodDisruptionBudget/prodready-controller-manager", "Service/prodready-controller-manager-metrics-service",
		"ClusterRole/prodready-metrics-reader", "Role/prodready-leader-election-role"} {
		kind, name, _ := strings.Cut(want, "/")
		r.find(t, kind, name)
	}

	d := r.deployment(t)
	flags := flagValues(managerContainer(t, d))
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas %v, want 2", d.Spec.Replicas)
	}
	for _, f := range []string{"leader-elect", "enable-webhooks"} {
		if _, ok := flags[f]; !ok {
			t.Errorf("--%s is not set", f)
		}
	}
	if flags["metrics-bind-address"] != ":8443" || flags["webhook-cert-mode"] != "self-managed" {
		t.Errorf("flags %v: want metrics on :8443 and self-managed webhook certificates", flags)
	}

	// The manager's webhook flags are left at their defaults; the objects must carry those names.
	const (
		defaultSecret  = "prodready-webhook-cert"
		defaultService = "prodready-webhook-service"
		defaultConfig  = "prodready-validating-webhook-configuration"
	)
	for f, v := range map[string]string{"webhook-secret-name": defaultSecret, "webhook-service-name": defaultService, "webhook-configuration-name": defaultConfig} {
		if got, ok := flags[f]; ok && got != v {
			t.Errorf("--%s=%s differs from the name the kustomize objects use (%s)", f, got, v)
		}
	}
	var cfg admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, r.find(t, "ValidatingWebhookConfiguration", defaultConfig), &cfg)
	r.find(t, "Service", defaultService)
	checkWebhookConfiguration(t, &cfg, defaultService, kustomizeNamespace, false)
	checkAdmissionPolicies(t, r, "prodready-", "system:serviceaccount:"+kustomizeNamespace+":"+d.Spec.Template.Spec.ServiceAccountName, nil, nil)
	if _, ok := flags["promotion-label-webhook"]; ok {
		t.Error("--promotion-label-webhook is set although the admission policies guard the label")
	}

	var role rbacv1.Role
	decode(t, r.find(t, "Role", "prodready-webhook-cert-role"), &role)
	if !ruleAllows(role.Rules, "secrets", "create", "") || !ruleAllows(role.Rules, "secrets", "update", defaultSecret) ||
		ruleAllows(role.Rules, "secrets", "update", "another-secret") {
		t.Errorf("webhook cert Role rules %+v: want create on secrets, update only on %s", role.Rules, defaultSecret)
	}
	var cr rbacv1.ClusterRole
	decode(t, r.find(t, "ClusterRole", "prodready-webhook-cabundle-role"), &cr)
	if !ruleAllows(cr.Rules, "validatingwebhookconfigurations", "patch", defaultConfig) ||
		ruleAllows(cr.Rules, "validatingwebhookconfigurations", "patch", "another-webhook") {
		t.Errorf("caBundle ClusterRole rules %+v: want patch only on %s", cr.Rules, defaultConfig)
	}
	checkKustomizeBindings(t, r, d.Spec.Template.Spec.ServiceAccountName)
	if !hasProjectedToken(d.Spec.Template.Spec.Volumes, managerContainer(t, d).VolumeMounts) {
		t.Error("the manager must mount a projected serviceAccountToken")
	}
}

// checkKustomizeBindings asserts every binding refers to a rendered role and binds the
// manager's ServiceAccount.
func checkKustomizeBindings(t *testing.T, r rendered, sa string) {
	t.Helper()
	if !r.has("ServiceAccount", sa) {
		t.Errorf("the Deployment's ServiceAccount %q is not in the build", sa)
	}
	for _, kind := range []string{"RoleBinding", "ClusterRoleBinding"} {
		for _, o := range r.all(kind) {
			var b rbacv1.RoleBinding
			decode(t, o, &b)
			if !r.has(b.RoleRef.Kind, b.RoleRef.Name) {
				t.Errorf("%s %q refers to %s %q, not in the build", kind, b.Name, b.RoleRef.Kind, b.RoleRef.Name)
			}
			for _, s := range b.Subjects {
				if s.Name != sa || s.Namespace != kustomizeNamespace {
					t.Errorf("%s %q binds %s/%s, want %s/%s", kind, b.Name, s.Namespace, s.Name, kustomizeNamespace, sa)
				}
			}
		}
	}
}

// TestBuildInstaller runs `make build-installer` with an image, checks the single-file installer
// (the same objects as config/default, the image replaced), that config/ was left untouched,
// and applies the file with a server-side dry-run.
func TestBuildInstaller(t *testing.T) {
	const img = "registry.example.com/platform/prodready-controller:v1.2.3"
	kustomization := filepath.Join(repoRoot, "config", "manager", "kustomization.yaml")
	before, err := os.ReadFile(kustomization)
	if err != nil {
		t.Fatal(err)
	}
	dist := t.TempDir()
	mustRun(t, "make", "--no-print-directory", "build-installer", "IMG="+img, "DIST_DIR="+dist)
	after, err := os.ReadFile(kustomization)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("make build-installer modified %s", kustomization)
	}
	raw, err := os.ReadFile(filepath.Join(dist, "install.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r := parse(t, "dist/install.yaml", string(raw))
	checkKustomizeInstall(t, r)
	if c := managerContainer(t, r.deployment(t)); c.Image != img {
		t.Errorf("installer image %q, want %q", c.Image, img)
	}
	createNamespace(t, kubeconfig, kustomizeNamespace)
	expectApplied(t, applyDryRun(t, kubeconfig, r.yaml), r)
}

// TestKustomizeInstallAndUninstallKeepingCRDs runs the documented kustomize lifecycle on a fresh
// API server: `make deploy IMG=...` (a real server-side apply of config/default with the image
// set), then the uninstall that keeps the CRDs (delete by the label every other object carries).
// Nothing here calls the webhooks: the only namespaced objects are in prodready-system, which
// they exclude.
func TestKustomizeInstallAndUninstallKeepingCRDs(t *testing.T) {
	env, kc, err := startAPIServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopAPIServer(env, kc) })
	built := mustRun(t, kustomizeBin, "build", "config/default")
	f := filepath.Join(t.TempDir(), "install.yaml")
	if err := os.WriteFile(f, []byte(built), 0o600); err != nil {
		t.Fatal(err)
	}
	const img = "registry.example.com/prodready-controller:v9.9.9"
	mustRun(t, "make", "--no-print-directory", "deploy", "IMG="+img, "KUBECTL="+kubectlBin+" --kubeconfig "+kc)
	if got := kubectl(t, kc, "-n", kustomizeNamespace, "get", "deployment/prodready-controller-manager",
		"-o", "jsonpath={.spec.template.spec.containers[0].image}"); got != img {
		t.Errorf("make deploy installed image %q, want %q", got, img)
	}
	kubectl(t, kc, "-n", kustomizeNamespace, "get", "service/prodready-webhook-service", "networkpolicy/prodready-controller-manager")
	kubectl(t, kc, "get", "validatingwebhookconfiguration/prodready-validating-webhook-configuration", "clusterrole/prodready-manager-role")

	kubectl(t, kc, "delete", "--ignore-not-found", "--wait=false", "-l", "app.kubernetes.io/name=prodready", "-f", f)
	// Every object but the CRDs is gone (the Namespace stays Terminating: envtest runs no
	// namespace controller).
	for _, d := range parse(t, "install.yaml", built).docs {
		o := d.Object
		if o.GetKind() == "CustomResourceDefinition" || o.GetKind() == "Namespace" {
			continue
		}
		args := []string{"get", strings.ToLower(o.GetKind()), o.GetName(), "--ignore-not-found", "-o", "name"}
		if o.GetNamespace() != "" {
			args = append(args, "-n", o.GetNamespace())
		}
		if out := kubectl(t, kc, args...); strings.TrimSpace(out) != "" {
			t.Errorf("the uninstall left %s", out)
		}
	}
	kubectl(t, kc, "get", "crd", "productionreadinesses.readiness.prodready.io", "readinessprofiles.readiness.prodready.io")
}
