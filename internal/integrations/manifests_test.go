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

package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/internal/manifest"
)

// The manifests under config/integrations: the ones the test API server knows (RBAC, Service,
// ConfigMap, and the Job an AnalysisTemplate runs) pass a strict server-side dry-run; the ones
// of CRDs it does not have (Argo Rollouts, Flagger) are checked for what prodready relies on.

const integrationsDir = "../../config/integrations"

// Core objects pass a strict server-side dry-run create.
func TestIntegrationManifestsDryRun(t *testing.T) {
	for _, file := range []string{"argo-rollouts/rbac.yaml", "argocd/argocd-cm-patch.yaml"} {
		t.Run(file, func(t *testing.T) {
			objs := readManifests(t, filepath.Join(integrationsDir, file))
			for _, u := range objs {
				dryRunCreate(t, u)
			}
		})
	}
}

// The AnalysisTemplate's Job: declared args only, a valid Job once Argo Rollouts substitutes
// them, and the ServiceAccount of rbac.yaml.
func TestAnalysisTemplate(t *testing.T) {
	g := NewWithT(t)
	tmpl := analysisTemplate(t)
	g.Expect(tmpl.GetAPIVersion()).To(Equal("argoproj.io/v1alpha1"))
	g.Expect(tmpl.GetKind()).To(Equal("AnalysisTemplate"))

	declared := map[string]bool{}
	args, _, _ := unstructured.NestedSlice(tmpl.Object, "spec", "args")
	for _, a := range args {
		declared[a.(map[string]any)["name"].(string)] = true
	}
	raw, err := json.Marshal(tmpl.Object)
	g.Expect(err).NotTo(HaveOccurred())
	for _, m := range regexp.MustCompile(`\{\{\s*args\.([a-zA-Z0-9-]+)\s*\}\}`).FindAllStringSubmatch(string(raw), -1) {
		g.Expect(declared).To(HaveKey(m[1]), "the template uses args.%s without declaring it", m[1])
	}
	g.Expect(declared).To(HaveKey("readiness"))
	g.Expect(declared).To(HaveKey("namespace"))

	job := analysisJob(t, tmpl, map[string]string{"readiness": "checkout", "namespace": "shop", "timeout": "5m"})
	sa := ""
	for _, u := range readManifests(t, filepath.Join(integrationsDir, "argo-rollouts", "rbac.yaml")) {
		if u.GetKind() == "ServiceAccount" {
			sa = u.GetName()
		}
	}
	g.Expect(job.Spec.Template.Spec.ServiceAccountName).To(Equal(sa), "the Job runs as the ServiceAccount of rbac.yaml")
	g.Expect(job.Spec.BackoffLimit).To(Equal(ptr.To(int32(0))), "a failed wait must fail the measurement, not retry")
	ensureNamespace(t, "shop")
	g.Expect(k8s.Create(context.Background(), job, client.DryRunAll, client.FieldValidation("Strict"))).To(Succeed())
}

// The AnalysisTemplate's command, run with the real kubectl as the ServiceAccount of rbac.yaml
// (impersonated) against the test API server: it succeeds on a Ready ProductionReadiness, times
// out on a failing one, and is forbidden outside the namespace rbac.yaml grants.
func TestAnalysisTemplateWaitsForReady(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	elsewhere := newNamespace(t)
	for _, u := range readManifests(t, filepath.Join(integrationsDir, "argo-rollouts", "rbac.yaml")) {
		inNamespace(u, ns)
		g.Expect(k8s.Create(context.Background(), u)).To(Succeed(), "%s %s", u.GetKind(), u.GetName())
	}
	createWithStatus(t, readiness(ns, "checkout", "Deployment", "checkout"), readyStatus)
	createWithStatus(t, readiness(ns, "broken", "Deployment", "broken"), failedStatus)
	createWithStatus(t, readiness(elsewhere, "checkout", "Deployment", "checkout"), readyStatus)
	tmpl := analysisTemplate(t)
	as := "--as=system:serviceaccount:" + ns + ":prodready-analysis"

	out, err := runJobCommand(t, analysisJob(t, tmpl, map[string]string{"readiness": "checkout", "namespace": ns, "timeout": "30s"}), as)
	g.Expect(err).NotTo(HaveOccurred(), out)
	g.Expect(out).To(ContainSubstring("condition met"))

	out, err = runJobCommand(t, analysisJob(t, tmpl, map[string]string{"readiness": "broken", "namespace": ns, "timeout": "2s"}), as)
	g.Expect(err).To(HaveOccurred(), "a failing ProductionReadiness must fail the measurement: %s", out)
	g.Expect(out).To(ContainSubstring("timed out"))

	out, err = runJobCommand(t, analysisJob(t, tmpl, map[string]string{"readiness": "checkout", "namespace": elsewhere, "timeout": "5s"}), as)
	g.Expect(err).To(HaveOccurred(), "the Role is namespaced: %s", out)
	g.Expect(out).To(ContainSubstring("forbidden"))
}

// The Flagger component, built with kustomize as part of config/default: the manager serves the
// gate on the port the Service targets, the NetworkPolicy admits it, the objects pass a strict
// server-side dry-run, and the Canary's confirm-promotion webhook points at the Service, port
// and path.
func TestFlaggerComponent(t *testing.T) {
	g := NewWithT(t)
	objs := buildDefaultWithComponent(t, "flagger")
	find := func(kind, name string) *unstructured.Unstructured {
		for _, u := range objs {
			if u.GetKind() == kind && u.GetName() == name {
				return u
			}
		}
		t.Fatalf("the build has no %s %s", kind, name)
		return nil
	}
	var (
		svc    corev1.Service
		deploy appsv1.Deployment
		netpol networkingv1.NetworkPolicy
	)
	svcObj := find("Service", "prodready-promotion-gate")
	deployObj := find("Deployment", "prodready-controller-manager")
	netpolObj := find("NetworkPolicy", "prodready-controller-manager")
	g.Expect(fromUnstructured(svcObj, &svc)).To(Succeed())
	g.Expect(fromUnstructured(deployObj, &deploy)).To(Succeed())
	g.Expect(fromUnstructured(netpolObj, &netpol)).To(Succeed())
	for _, u := range []*unstructured.Unstructured{svcObj, deployObj, netpolObj} {
		dryRunCreate(t, u)
	}

	// The manager listens where the Service sends traffic.
	g.Expect(svc.Spec.Ports).To(HaveLen(1))
	port := svc.Spec.Ports[0]
	manager := deploy.Spec.Template.Spec.Containers[0]
	g.Expect(manager.Args).To(ContainElement(fmt.Sprintf("--promotion-gate-bind-address=:%d", port.Port)))
	var containerPort int32
	for _, p := range manager.Ports {
		if p.Name == port.TargetPort.StrVal {
			containerPort = p.ContainerPort
		}
	}
	g.Expect(containerPort).To(Equal(port.Port), "container port %q", port.TargetPort.StrVal)
	g.Expect(labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(deploy.Spec.Template.Labels))).To(BeTrue())

	// The NetworkPolicy admits the gate's port.
	admitted := false
	for _, rule := range netpol.Spec.Ingress {
		for _, p := range rule.Ports {
			if p.Port != nil && p.Port.IntValue() == int(containerPort) {
				admitted = true
			}
		}
	}
	g.Expect(admitted).To(BeTrue(), "no ingress rule for port %d: %+v", containerPort, netpol.Spec.Ingress)

	// The Canary calls the Service.
	canaries := readManifests(t, filepath.Join(integrationsDir, "flagger", "canary.yaml"))
	g.Expect(canaries).To(HaveLen(1))
	canary := canaries[0]
	g.Expect(canary.GetAPIVersion()).To(Equal("flagger.app/v1beta1"))
	g.Expect(canary.GetKind()).To(Equal("Canary"))
	hooks, _, _ := unstructured.NestedSlice(canary.Object, "spec", "analysis", "webhooks")
	var gate map[string]any
	for _, h := range hooks {
		if h.(map[string]any)["type"] == "confirm-promotion" {
			gate = h.(map[string]any)
		}
	}
	g.Expect(gate).NotTo(BeNil(), "no confirm-promotion webhook")
	u, err := url.Parse(gate["url"].(string))
	g.Expect(err).NotTo(HaveOccurred())
	host, urlPort, err := net.SplitHostPort(u.Host)
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(host).To(BeElementOf(svc.Name+"."+svc.Namespace, svc.Name+"."+svc.Namespace+".svc", svc.Name+"."+svc.Namespace+".svc.cluster.local"))
	g.Expect(urlPort).To(Equal(fmt.Sprint(port.Port)))
	g.Expect(u.Path).To(Equal(FlaggerGatePath))

	targetKind, _, _ := unstructured.NestedString(canary.Object, "spec", "targetRef", "kind")
	targetName, _, _ := unstructured.NestedString(canary.Object, "spec", "targetRef", "name")
	md, _ := gate["metadata"].(map[string]any)
	g.Expect(md).To(HaveKeyWithValue(MetadataTargetKind, targetKind))
	g.Expect(md).To(HaveKeyWithValue(MetadataTargetName, targetName))
}

// buildDefaultWithComponent builds config/default with config/integrations/<component> added to
// its components, as a user enabling it would: a copy of config/default in a temporary
// directory, whose references to the rest of config/ point back at the repository.
func buildDefaultWithComponent(t *testing.T, component string) []*unstructured.Unstructured {
	t.Helper()
	configDir, err := filepath.Abs(filepath.Join(integrationsDir, ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "default")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(configDir, "default"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "kustomization.yaml" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(configDir, "default", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var kz map[string]any
	if err := yaml.Unmarshal(readFile(t, filepath.Join(configDir, "default", "kustomization.yaml")), &kz); err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string {
		abs := filepath.Join(configDir, "default", p)
		if _, err := os.Stat(abs); err != nil || !strings.HasPrefix(p, "..") {
			return p // a file of config/default, copied
		}
		r, err := filepath.Rel(tmp, abs)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, field := range []string{"resources", "components"} {
		list, _ := kz[field].([]any)
		for i, p := range list {
			list[i] = rel(p.(string))
		}
	}
	components, _ := kz["components"].([]any)
	kz["components"] = append(components, rel(filepath.Join("..", "integrations", component)))
	out, err := yaml.Marshal(kz)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "kustomization.yaml"), out, 0o600); err != nil {
		t.Fatal(err)
	}
	built := run(t, kustomizeBinary(t), "build", tmp)
	return parseManifests(t, strings.NewReader(built), "kustomize build config/default + "+component)
}

// kustomizeBinary returns the project's pinned kustomize (hack/tools.sh installs it once).
func kustomizeBinary(t *testing.T) string {
	t.Helper()
	return strings.TrimSpace(run(t, filepath.Join("..", "..", "hack", "tools.sh"), "kustomize"))
}

// run runs a command and returns its standard output; a failure fails the test with stderr.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// The Role of rbac.yaml grants exactly what `kubectl wait` needs.
func TestAnalysisRBAC(t *testing.T) {
	g := NewWithT(t)
	roles := 0
	for _, u := range readManifests(t, filepath.Join(integrationsDir, "argo-rollouts", "rbac.yaml")) {
		if u.GetKind() != "Role" {
			continue
		}
		roles++
		var role rbacv1.Role
		g.Expect(fromUnstructured(u, &role)).To(Succeed())
		g.Expect(role.Rules).To(HaveLen(1))
		g.Expect(role.Rules[0].APIGroups).To(Equal([]string{"readiness.prodready.io"}))
		g.Expect(role.Rules[0].Resources).To(Equal([]string{"productionreadinesses"}))
		g.Expect(role.Rules[0].Verbs).To(ConsistOf("get", "list", "watch"))
	}
	g.Expect(roles).To(Equal(1), "rbac.yaml holds one Role")
}

func analysisTemplate(t *testing.T) *unstructured.Unstructured {
	t.Helper()
	objs := readManifests(t, filepath.Join(integrationsDir, "argo-rollouts", "analysistemplate.yaml"))
	if len(objs) != 1 {
		t.Fatalf("analysistemplate.yaml holds %d objects, want 1", len(objs))
	}
	return objs[0]
}

// analysisJob returns the Job the template's first metric runs, with args substituted as Argo
// Rollouts does, decoded strictly.
func analysisJob(t *testing.T, tmpl *unstructured.Unstructured, args map[string]string) *batchv1.Job {
	t.Helper()
	metrics, _, _ := unstructured.NestedSlice(tmpl.Object, "spec", "metrics")
	if len(metrics) == 0 {
		t.Fatal("the AnalysisTemplate has no metric")
	}
	spec, found, err := unstructured.NestedMap(metrics[0].(map[string]any), "provider", "job", "spec")
	if err != nil || !found {
		t.Fatalf("the first metric has no job provider: %v", err)
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for k, v := range args {
		s = strings.ReplaceAll(s, "{{args."+k+"}}", v)
	}
	job := &batchv1.Job{}
	job.APIVersion, job.Kind = "batch/v1", "Job"
	job.GenerateName, job.Namespace = "prodready-analysis-", args["namespace"]
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&job.Spec); err != nil {
		t.Fatalf("the job spec does not decode strictly: %v", err)
	}
	return job
}

// runJobCommand runs the Job's kubectl command with the test's kubectl against the test API
// server, with extra flags; it returns stdout and stderr together.
func runJobCommand(t *testing.T, job *batchv1.Job, extra ...string) (string, error) {
	t.Helper()
	c := job.Spec.Template.Spec.Containers[0]
	if len(c.Command) != 1 || c.Command[0] != "kubectl" {
		t.Fatalf("the Job's command is %v, want [kubectl]", c.Command)
	}
	admin, err := testEnv.AddUser(envtest.User{Name: "integrations-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kubectl, err := admin.Kubectl()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := kubectl.Run(append(append([]string{}, extra...), c.Args...)...)
	out, _ := io.ReadAll(io.MultiReader(stdout, stderr))
	return string(out), err
}

// readManifests reads every object of a manifest file; a malformed document fails the test.
func readManifests(t *testing.T, path string) []*unstructured.Unstructured {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseManifests(t, bytes.NewReader(data), path)
}

func parseManifests(t *testing.T, r io.Reader, name string) []*unstructured.Unstructured {
	t.Helper()
	docs, err := manifest.ReadAll(r, name)
	if err != nil {
		t.Fatal(err)
	}
	var out []*unstructured.Unstructured
	for _, d := range docs {
		if d.Err != nil {
			t.Errorf("%v", d.Err)
			continue
		}
		out = append(out, d.Object)
	}
	if len(out) == 0 {
		t.Errorf("%s holds no object", name)
	}
	return out
}

// dryRunCreate creates an object with a strict server-side dry-run (its namespace created first).
func dryRunCreate(t *testing.T, u *unstructured.Unstructured) {
	t.Helper()
	if ns := u.GetNamespace(); ns != "" {
		ensureNamespace(t, ns)
	}
	obj := u.DeepCopy()
	if err := k8s.Create(context.Background(), obj, client.DryRunAll, client.FieldValidation("Strict")); err != nil {
		t.Errorf("dry-run create of %s %s/%s: %v", u.GetKind(), u.GetNamespace(), u.GetName(), err)
	}
}

// inNamespace moves an object, and the ServiceAccount subjects of a RoleBinding, to ns.
func inNamespace(u *unstructured.Unstructured, ns string) {
	u.SetNamespace(ns)
	subjects, found, _ := unstructured.NestedSlice(u.Object, "subjects")
	if !found {
		return
	}
	for _, s := range subjects {
		if m := s.(map[string]any); m["kind"] == "ServiceAccount" {
			m["namespace"] = ns
		}
	}
	_ = unstructured.SetNestedSlice(u.Object, subjects, "subjects")
}

func fromUnstructured(u *unstructured.Unstructured, into any) error {
	raw, err := json.Marshal(u.Object)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}
