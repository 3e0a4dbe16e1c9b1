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
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// The gate's security: verdicts only for the workload's current generation, callers that
// present a token authenticated and authorized per namespace, TLS.

// newWorkload builds a workload of a kind the gate serves.
func newWorkload(ns, kind, name string) client.Object {
	d := testenv.GoodDeployment(ns, name)
	switch kind {
	case "StatefulSet":
		return &appsv1.StatefulSet{ObjectMeta: d.ObjectMeta, Spec: appsv1.StatefulSetSpec{Selector: d.Spec.Selector, Template: d.Spec.Template, ServiceName: name}}
	case "DaemonSet":
		return &appsv1.DaemonSet{ObjectMeta: d.ObjectMeta, Spec: appsv1.DaemonSetSpec{Selector: d.Spec.Selector, Template: d.Spec.Template}}
	}
	return d
}

// ensureWorkload creates the workload unless it exists, and waits for the cache to see it.
func ensureWorkload(t *testing.T, ns, kind, name string) {
	t.Helper()
	w := newWorkload(ns, kind, name)
	if err := k8s.Create(context.Background(), w); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("creating %s %s/%s: %v", kind, ns, name, err)
	}
	waitCached(t, getWorkload(t, ns, kind, name))
}

// getWorkload reads a workload directly, nil when it does not exist.
func getWorkload(t *testing.T, ns, kind, name string) client.Object {
	t.Helper()
	w := newWorkload(ns, kind, name)
	if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(w), w); err != nil {
		if apierrors.IsNotFound(err) {
			return nil
		}
		t.Fatalf("reading %s %s/%s: %v", kind, ns, name, err)
	}
	return w
}

// deleteWorkload deletes a workload and waits until the cache no longer has it.
func deleteWorkload(t *testing.T, ns, kind, name string) {
	t.Helper()
	w := newWorkload(ns, kind, name)
	if err := k8s.Delete(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !apierrors.IsNotFound(cached.Get(context.Background(), client.ObjectKeyFromObject(w), w)) {
		if time.Now().After(deadline) {
			t.Fatalf("the cache still has %s %s/%s", kind, ns, name)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A verdict reached at an earlier generation of the workload never promotes the current one:
// a new canary revision while the operator is down (no operator runs in this suite) is refused
// until a verdict for its generation exists.
func TestFlaggerGateStaleTargetGeneration(t *testing.T) {
	ns := newNamespace(t)
	pr := createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	if code, resp := post(t, gateURL, payload("web", ns, nil)); code != http.StatusOK {
		t.Fatalf("verdict for the current generation: code %d, want 200 (%+v)", code, resp)
	}
	// A new revision: generation 2.
	d := getWorkload(t, ns, "Deployment", "web").(*appsv1.Deployment)
	d.Spec.Template.Spec.Containers[0].Image = "registry.example.com/shop/api:1.5.0"
	if err := k8s.Update(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	waitCached(t, d)
	code, resp := post(t, gateURL, payload("web", ns, nil))
	if code != http.StatusForbidden || resp.Promote {
		t.Fatalf("verdict for generation 1 at generation %d: code %d promote %v, want 403 (%+v)", d.Generation, code, resp.Promote, resp)
	}
	if want := "web: not evaluated at generation 2 of the target (the verdict is for generation 1)"; !strings.Contains(resp.Message, want) {
		t.Errorf("message %q does not contain %q", resp.Message, want)
	}
	// A status without status.target is a verdict for no generation.
	readyStatus(pr)
	if err := k8s.Status().Update(context.Background(), pr); err != nil {
		t.Fatal(err)
	}
	waitCached(t, pr)
	if code, resp := post(t, gateURL, payload("web", ns, nil)); code != http.StatusForbidden ||
		!strings.Contains(resp.Message, "not evaluated at generation 2 of the target (the verdict is for no generation)") {
		t.Errorf("verdict without a target: code %d, message %q", code, resp.Message)
	}
	// The operator catches up.
	setStatus(t, pr, readyStatus)
	if code, resp := post(t, gateURL, payload("web", ns, nil)); code != http.StatusOK {
		t.Fatalf("verdict for generation 2: code %d, want 200 (%+v)", code, resp)
	}
}

// postAs posts a payload with an Authorization header (none when auth is "").
func postAs(t *testing.T, c *http.Client, url, auth, body string) (int, GateResponse) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	var resp GateResponse
	if err := json.NewDecoder(res.Body).Decode(&resp); err != nil {
		t.Fatalf("the answer is not JSON: %v", err)
	}
	return res.StatusCode, resp
}

// serviceAccountToken creates a ServiceAccount and returns a token for it (TokenRequest).
func serviceAccountToken(t *testing.T, cs kubernetes.Interface, ns, name string) string {
	t.Helper()
	ctx := context.Background()
	if err := k8s.Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}); err != nil {
		t.Fatal(err)
	}
	tr, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(ctx, name, &authenticationv1.TokenRequest{
		Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To(int64(600))},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return tr.Status.Token
}

// Callers presenting a token are authenticated (TokenReview) and authorized for get
// productionreadinesses in the namespace of the payload (SubjectAccessReview), on the real API
// server; the answers to refused callers are fixed strings.
func TestFlaggerGateAuthenticatesTokens(t *testing.T) {
	ns, other, callers := newNamespace(t), newNamespace(t), newNamespace(t)
	createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	createWithStatus(t, readiness(other, "web", "Deployment", "web"), readyStatus)
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	reader := serviceAccountToken(t, cs, callers, "flagger")
	stranger := serviceAccountToken(t, cs, callers, "stranger")
	// flagger may get productionreadinesses in ns only.
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "gate-reader"}, Rules: []rbacv1.PolicyRule{{
		APIGroups: []string{"readiness.prodready.io"}, Resources: []string{"productionreadinesses"}, Verbs: []string{"get"}}}}
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "gate-reader"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "gate-reader"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Namespace: callers, Name: "flagger"}}}
	create(t, role, binding)

	optional := httptest.NewServer(NewFlaggerGate(cached, WithCallerAuthorizer(&ReviewAuthorizer{Client: cs})))
	defer optional.Close()
	required := httptest.NewServer(NewFlaggerGate(cached, WithCallerAuthorizer(&ReviewAuthorizer{Client: cs}), WithTokenRequired()))
	defer required.Close()
	noAuthorizer := httptest.NewServer(NewFlaggerGate(cached))
	defer noAuthorizer.Close()

	cases := []struct {
		name, url, auth, namespace string
		code                       int
		message                    string
	}{
		{"authorized", optional.URL, "Bearer " + reader, ns, http.StatusOK, "is production-ready"},
		{"authorized, token required", required.URL, "Bearer " + reader, ns, http.StatusOK, "is production-ready"},
		{"another namespace", optional.URL, "Bearer " + reader, other, http.StatusForbidden, msgForbidden},
		{"no permission", optional.URL, "Bearer " + stranger, ns, http.StatusForbidden, msgForbidden},
		{"invalid token", optional.URL, "Bearer not-a-token", ns, http.StatusUnauthorized, msgUnauthenticated},
		{"not a bearer token", optional.URL, "Basic YWxpY2U6c2VjcmV0", ns, http.StatusUnauthorized, msgBadAuthHeader},
		{"no token, optional", optional.URL, "", ns, http.StatusOK, "is production-ready"},
		{"no token, required", required.URL, "", ns, http.StatusUnauthorized, msgTokenRequired},
		{"token without an authorizer", noAuthorizer.URL, "Bearer " + reader, ns, http.StatusUnauthorized, msgUnauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, resp := postAs(t, http.DefaultClient, tc.url+FlaggerGatePath, tc.auth, payload("web", tc.namespace, nil))
			if code != tc.code || !strings.Contains(resp.Message, tc.message) {
				t.Errorf("code %d message %q, want %d %q", code, resp.Message, tc.code, tc.message)
			}
			if code != http.StatusOK && (resp.Target != "" || len(resp.Readiness) > 0) {
				t.Errorf("a refused caller learnt %q %+v", resp.Target, resp.Readiness)
			}
		})
	}
}

// writeServingCert writes a self-signed certificate for 127.0.0.1 as tls.crt and tls.key, and
// returns its pool.
func writeServingCert(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "promotion-gate"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

// With a certificate directory the gate serves HTTPS only, with that certificate.
func TestGateServerTLS(t *testing.T) {
	dir := t.TempDir()
	pool := writeServingCert(t, dir)
	addr, err := freeAddress()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(FlaggerGatePath, NewFlaggerGate(cached))
	srv := &gateServer{addr: addr, certDir: dir, server: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}, log: logr.Discard()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- srv.Start(ctx) }()
	if err := waitListening(addr); err != nil {
		t.Fatal(err)
	}
	ns := newNamespace(t)
	createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	httpsClient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	if code, resp := postAs(t, httpsClient, "https://"+addr+FlaggerGatePath, "", payload("web", ns, nil)); code != http.StatusOK {
		t.Fatalf("over HTTPS: code %d, want 200 (%+v)", code, resp)
	}
	if res, err := http.Post("http://"+addr+FlaggerGatePath, "application/json", strings.NewReader("{}")); err == nil {
		defer func() { _ = res.Body.Close() }()
		if res.StatusCode < 400 {
			t.Errorf("plain HTTP answered %d", res.StatusCode)
		}
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("the gate did not stop cleanly: %v", err)
	}
}

// Without its certificate files the TLS gate does not start (it never falls back to HTTP).
func TestGateServerTLSNeedsCertificate(t *testing.T) {
	srv := &gateServer{addr: "127.0.0.1:0", certDir: t.TempDir(), server: &http.Server{ReadHeaderTimeout: time.Second}, log: logr.Discard()}
	if err := srv.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "loading the serving certificate") {
		t.Errorf("Start without tls.crt: %v", err)
	}
}

// An optional kind (an Argo Rollout, served by a CRD and read as an unstructured object) follows
// the same rule: promoted on a verdict for its current generation only.
func TestFlaggerGateRolloutGeneration(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	ro := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
		"metadata": map[string]any{"namespace": ns, "name": "web"},
		"spec":     map[string]any{"replicas": int64(2), "template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "api", "image": "api:1.0"}}}}},
	}}
	if err := k8s.Create(ctx, ro); err != nil {
		t.Fatal(err)
	}
	waitCached(t, ro)
	pr := readiness(ns, "web", "Rollout", "web")
	create(t, pr)
	setStatus(t, pr, func(pr *v1alpha1.ProductionReadiness) {
		readyStatus(pr)
		pr.Status.Target = &v1alpha1.TargetStatus{Kind: "Rollout", Name: "web", Generation: ro.GetGeneration()}
	})
	md := map[string]string{MetadataTargetKind: "Rollout"}
	if code, resp := post(t, gateURL, payload("web", ns, md)); code != http.StatusOK {
		t.Fatalf("Rollout at its evaluated generation: code %d (%+v)", code, resp)
	}
	if err := unstructured.SetNestedField(ro.Object, "api:2.0", "spec", "template", "spec", "image"); err != nil {
		t.Fatal(err)
	}
	if err := k8s.Update(ctx, ro); err != nil {
		t.Fatal(err)
	}
	waitCached(t, ro)
	code, resp := post(t, gateURL, payload("web", ns, md))
	if code != http.StatusForbidden || !strings.Contains(resp.Message, fmt.Sprintf("not evaluated at generation %d", ro.GetGeneration())) {
		t.Errorf("Rollout at a new generation: code %d message %q, want 403 not evaluated", code, resp.Message)
	}
}
