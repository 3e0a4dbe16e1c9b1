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
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

// countingClient counts the requests of a live client by verb and type.
type countingClient struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countingClient) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}

func (c *countingClient) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func (c *countingClient) wrap(live client.WithWatch) client.Client {
	return interceptor.NewClient(live, interceptor.Funcs{
		Get: func(ctx context.Context, cl client.WithWatch, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
			c.add(fmt.Sprintf("get %T %s", obj, key.Name))
			return cl.Get(ctx, key, obj, opts...)
		},
		List: func(ctx context.Context, cl client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			c.add(fmt.Sprintf("list %T", list))
			return cl.List(ctx, list, opts...)
		},
	})
}

// The reader lists each kind of a namespace once for all its workloads, never lists Secrets,
// reads only the referenced ones and keeps their key names only.
func TestNamespaceReaderReadsOnce(t *testing.T) {
	admin, _ := startEnvtest(t)
	ctx := context.Background()
	ns := "reader-once"
	createNamespace(t, admin, ns)
	for _, name := range []string{"a", "b", "unreferenced"} {
		if err := admin.Create(ctx, testenv.SecretFor(ns, name, "password")); err != nil {
			t.Fatal(err)
		}
	}
	if err := admin.Create(ctx, testenv.PDBFor(ns, "web")); err != nil {
		t.Fatal(err)
	}
	live, err := client.NewWithWatch(testEnv.Config, client.Options{Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingClient{n: map[string]int{}}
	r := newNamespaceReader(counter.wrap(live))
	spec := &corev1.PodSpec{Containers: []corev1.Container{{Name: "app", EnvFrom: []corev1.EnvFromSource{
		{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "a"}}},
		{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "missing"}}},
	}}}}
	other := &corev1.PodSpec{ImagePullSecrets: []corev1.LocalObjectReference{{Name: "b"}}}
	r.reference(ns, spec)
	r.reference(ns, other)
	for i := 0; i < 3; i++ { // three workloads of the namespace
		var pdbs policyv1.PodDisruptionBudgetList
		if err := r.List(ctx, &pdbs, client.InNamespace(ns)); err != nil || len(pdbs.Items) != 1 {
			t.Fatalf("PDBs: %v, %d items", err, len(pdbs.Items))
		}
		var secrets corev1.SecretList
		if err := r.List(ctx, &secrets, client.InNamespace(ns)); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range secrets.Items {
			names = append(names, s.Name)
			if v, ok := s.Data["password"]; !ok || len(v) != 0 {
				t.Errorf("Secret %s: key names only, got %v", s.Name, s.Data)
			}
		}
		if strings.Join(names, ",") != "a,b" {
			t.Errorf("Secrets %v, want the referenced a and b", names)
		}
	}
	if n := counter.count("list *v1.PodDisruptionBudgetList"); n != 1 {
		t.Errorf("%d PDB lists for three workloads of one namespace, want 1", n)
	}
	if n := counter.count("list *v1.SecretList"); n != 0 {
		t.Errorf("%d Secret lists, want none", n)
	}
	for _, name := range []string{"a", "b", "missing"} {
		if n := counter.count("get *v1.Secret " + name); n != 1 {
			t.Errorf("%d GETs of Secret %s, want 1", n, name)
		}
	}
	if n := counter.count("get *v1.Secret unreferenced"); n != 0 {
		t.Errorf("the unreferenced Secret was read %d times", n)
	}
}

// A user with the built-in view role (no Secrets) checks against the cluster: the run
// succeeds, secrets-refs-exist is Skip saying why, the other checks are evaluated.
func TestCheckClusterWithoutSecretAccess(t *testing.T) {
	admin, _ := startEnvtest(t)
	ctx := context.Background()
	createNamespace(t, admin, "cluster-check-view")
	if err := admin.Create(ctx, testenv.SecretFor("cluster-check-view", "api-credentials", "password")); err != nil {
		t.Fatal(err)
	}
	if err := admin.Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Namespace: "cluster-check-view", Name: "viewer"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "viewer"}},
	}); err != nil {
		t.Fatal(err)
	}
	user, err := testEnv.AddUser(envtest.User{Name: "viewer"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := user.KubeConfig()
	if err != nil {
		t.Fatal(err)
	}
	kc, err := clientcmd.Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range kc.Contexts {
		c.Namespace = "cluster-check-view"
	}
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, t.TempDir(), "app.yaml", strings.ReplaceAll(strings.ReplaceAll(clusterDeployment, "KEY", "password"), "namespace: cluster-check", "namespace: cluster-check-view"))
	r := runCLI(t, "", "check", "-o", "json", "--fail-on", "none", "-f", file, "--cluster", "--kubeconfig", path)
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
	}
	got := checkResult(t, r.stdout, "api", "secrets-refs-exist")
	if got.Result != v1alpha1.ResultSkip || !strings.Contains(got.Message, `cannot read Secrets in namespace "cluster-check-view": the user may not (Forbidden)`) {
		t.Errorf("secrets-refs-exist = %s %q, want Skip naming the missing permission", got.Result, got.Message)
	}
	if probe := checkResult(t, r.stdout, "api", "probe-readiness"); probe.Result != v1alpha1.ResultFail {
		t.Errorf("probe-readiness = %s, want it evaluated (Fail: no readinessProbe)", probe.Result)
	}
}

// The checks made Skip for a kind the user may not read are those whose catalogue entry needs
// it: configmaps-no-secrets too (a hand-kept list had left it out, so an empty list was judged).
func TestSkipUnreadableFollowsTheCatalogue(t *testing.T) {
	rep := &checks.Report{Results: []v1alpha1.CheckResult{
		{ID: "configmaps-no-secrets", Result: v1alpha1.ResultPass},
		{ID: "configmaps-refs-exist", Result: v1alpha1.ResultFail},
		{ID: "probe-readiness", Result: v1alpha1.ResultPass},
		{ID: "custom-rule", Result: v1alpha1.ResultPass},
	}}
	skipUnreadable(rep, "shop", []string{"ConfigMap"})
	for _, r := range rep.Results {
		wantSkip := r.ID == "configmaps-no-secrets" || r.ID == "configmaps-refs-exist"
		if (r.Result == v1alpha1.ResultSkip) != wantSkip {
			t.Errorf("%s: %s %q, want Skip %v", r.ID, r.Result, r.Message, wantSkip)
		}
		if wantSkip && !strings.Contains(r.Message, `cannot read ConfigMaps in namespace "shop"`) {
			t.Errorf("%s: message %q", r.ID, r.Message)
		}
	}
	if rep.Summary.Skipped != 2 {
		t.Errorf("summary %+v, want 2 Skip", rep.Summary)
	}
}
