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

package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

func TestCertRotator(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "rotator-" + ns},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name: "a.readiness.prodready.io", AdmissionReviewVersions: []string{"v1"}, SideEffects: ptr(admissionregistrationv1.SideEffectClassNone),
			ClientConfig: admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: ns, Name: "prodready-webhook-service", Path: ptr("/x")}},
			// Matches nothing, so it never intercepts other tests.
			ObjectSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"never": ns}},
		}},
	}
	g.Expect(operator.Create(ctx, vwc)).To(Succeed())

	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	r := &CertRotator{
		Client: operator, Reader: operator, Namespace: ns, SecretName: "prodready-webhook-cert", WebhookConfigName: vwc.Name,
		DNSNames: ServiceDNSNames("prodready-webhook-service", ns), CertDir: t.TempDir(), Now: func() time.Time { return now },
	}
	g.Expect(r.Ensure(ctx)).To(Succeed())

	secret := &corev1.Secret{}
	g.Expect(operator.Get(ctx, client.ObjectKey{Namespace: ns, Name: r.SecretName}, secret)).To(Succeed())
	g.Expect(secret.Type).To(Equal(corev1.SecretTypeTLS))
	ca := parseCert(t, secret.Data[CAKey])
	serving := parseCert(t, secret.Data[TLSCertKey])
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	_, err := serving.Verify(x509.VerifyOptions{DNSName: "prodready-webhook-service." + ns + ".svc", Roots: roots, CurrentTime: now})
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(readFile(t, r.CertDir, TLSCertKey)).To(Equal(secret.Data[TLSCertKey]))
	g.Expect(readFile(t, r.CertDir, TLSKeyKey)).To(Equal(secret.Data[TLSKeyKey]))
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(vwc), vwc)).To(Succeed())
	g.Expect(vwc.Webhooks[0].ClientConfig.CABundle).To(Equal(secret.Data[CAKey]))

	// Nothing to do: no write.
	rv := secret.ResourceVersion
	g.Expect(r.Ensure(ctx)).To(Succeed())
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(secret), secret)).To(Succeed())
	g.Expect(secret.ResourceVersion).To(Equal(rv))

	// With less than a third of its life left, the serving certificate is renewed; the CA stays.
	now = serving.NotAfter.Add(-CertValidity / 4)
	g.Expect(r.Ensure(ctx)).To(Succeed())
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(secret), secret)).To(Succeed())
	renewed := parseCert(t, secret.Data[TLSCertKey])
	g.Expect(renewed.SerialNumber).NotTo(Equal(serving.SerialNumber))
	g.Expect(renewed.NotAfter).To(BeTemporally(">", serving.NotAfter))
	g.Expect(parseCert(t, secret.Data[CAKey]).SerialNumber).To(Equal(ca.SerialNumber))
	g.Expect(readFile(t, r.CertDir, TLSCertKey)).To(Equal(secret.Data[TLSCertKey]))

	// A corrupted Secret is repaired.
	secret.Data[TLSKeyKey] = []byte("garbage")
	g.Expect(operator.Update(ctx, secret)).To(Succeed())
	g.Expect(r.Ensure(ctx)).To(Succeed())
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(secret), secret)).To(Succeed())
	_, _, err = parseKeyPair(secret.Data[TLSCertKey], secret.Data[TLSKeyKey])
	g.Expect(err).NotTo(HaveOccurred())

	// Near the CA's end, a new CA is issued and the old one stays in the bundle.
	now = ca.NotAfter.Add(-30 * 24 * time.Hour)
	g.Expect(r.Ensure(ctx)).To(Succeed())
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(secret), secret)).To(Succeed())
	g.Expect(countCerts(secret.Data[CAKey])).To(Equal(2))
	g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(vwc), vwc)).To(Succeed())
	g.Expect(vwc.Webhooks[0].ClientConfig.CABundle).To(Equal(secret.Data[CAKey]))
}

func parseCert(t *testing.T, data []byte) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatal("no PEM block")
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func countCerts(data []byte) int {
	n := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return n
		}
		n++
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ptr[T any](v T) *T { return &v }

// newTestVWC creates a webhook configuration that matches nothing.
func newTestVWC(t *testing.T, g *WithT, ns, name string) *admissionregistrationv1.ValidatingWebhookConfiguration {
	t.Helper()
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name + "-" + ns},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name: "a.readiness.prodready.io", AdmissionReviewVersions: []string{"v1"}, SideEffects: ptr(admissionregistrationv1.SideEffectClassNone),
			ClientConfig:   admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: ns, Name: "prodready-webhook-service", Path: ptr("/x")}},
			ObjectSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"never": ns}},
		}},
	}
	g.Expect(operator.Create(ctx, vwc)).To(Succeed())
	return vwc
}

// The certificate and key are swapped as one: both live in a new directory that the link
// ..data is switched to, tls.crt and tls.key are links through it, older directories go, and a
// reader loading the pair through ..data during rotations never sees a certificate with
// another's key (before, the two files were renamed one after the other).
func TestCertFilesSwappedAsOne(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	vwc := newTestVWC(t, g, ns, "swap")
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	r := &CertRotator{
		Client: operator, Reader: operator, Namespace: ns, SecretName: "prodready-webhook-cert", WebhookConfigName: vwc.Name,
		DNSNames: ServiceDNSNames("prodready-webhook-service", ns), CertDir: t.TempDir(),
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
	}
	g.Expect(r.Ensure(ctx)).To(Succeed())
	for _, name := range []string{TLSCertKey, TLSKeyKey} {
		target, err := os.Readlink(filepath.Join(r.CertDir, name))
		g.Expect(err).NotTo(HaveOccurred(), "%s must be a link", name)
		g.Expect(target).To(Equal(filepath.Join(dataLink, name)))
	}
	first, err := os.Readlink(filepath.Join(r.CertDir, dataLink))
	g.Expect(err).NotTo(HaveOccurred())

	stop := make(chan struct{})
	mismatches := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				close(mismatches)
				return
			default:
			}
			// Resolve ..data once, as a reader of a mounted Secret does: the directory it names
			// always holds a complete, matching pair.
			dir, err := filepath.EvalSymlinks(filepath.Join(r.CertDir, dataLink))
			if err != nil {
				continue // removed between resolving and reading: the next read resolves anew
			}
			if _, err := tls.LoadX509KeyPair(filepath.Join(dir, TLSCertKey), filepath.Join(dir, TLSKeyKey)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				select {
				case mismatches <- err:
				default:
				}
			}
		}
	}()
	for i := 0; i < 10; i++ {
		mu.Lock()
		now = now.Add(CertValidity) // past a third of the life: renewed
		mu.Unlock()
		g.Expect(r.Ensure(ctx)).To(Succeed())
	}
	close(stop)
	for err := range mismatches {
		t.Errorf("a reader loaded a mismatched pair: %v", err)
	}
	last, err := os.Readlink(filepath.Join(r.CertDir, dataLink))
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(last).NotTo(Equal(first))
	dirs, _ := filepath.Glob(filepath.Join(r.CertDir, "..cert-*"))
	g.Expect(dirs).To(HaveLen(1), "older certificate directories are removed")
	secret := &corev1.Secret{}
	g.Expect(operator.Get(ctx, client.ObjectKey{Namespace: ns, Name: r.SecretName}, secret)).To(Succeed())
	g.Expect(readFile(t, r.CertDir, TLSCertKey)).To(Equal(secret.Data[TLSCertKey]))
	g.Expect(readFile(t, r.CertDir, TLSKeyKey)).To(Equal(secret.Data[TLSKeyKey]))
}

// A webhook configuration re-applied without its caBundle (a GitOps sync, a Helm upgrade) gets
// it back at once, not at the next periodic check (an hour away here).
func TestCABundleReinjectedOnChange(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	vwc := newTestVWC(t, g, ns, "reinject")
	watcher, err := client.NewWithWatch(cfg, client.Options{Scheme: scheme})
	g.Expect(err).NotTo(HaveOccurred())
	r := &CertRotator{
		Client: operator, Reader: operator, Namespace: ns, SecretName: "prodready-webhook-cert", WebhookConfigName: vwc.Name,
		DNSNames: ServiceDNSNames("prodready-webhook-service", ns), CertDir: t.TempDir(), Interval: time.Hour, Watcher: watcher,
	}
	g.Expect(r.Ensure(ctx)).To(Succeed())
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _ = r.Start(runCtx) }()
	secret := &corev1.Secret{}
	g.Expect(operator.Get(ctx, client.ObjectKey{Namespace: ns, Name: r.SecretName}, secret)).To(Succeed())

	for i := 0; i < 2; i++ {
		g.Eventually(func(g Gomega) {
			got := &admissionregistrationv1.ValidatingWebhookConfiguration{}
			g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(vwc), got)).To(Succeed())
			got.Webhooks[0].ClientConfig.CABundle = nil
			g.Expect(operator.Update(ctx, got)).To(Succeed())
		}).WithTimeout(10 * time.Second).Should(Succeed())
		g.Eventually(func(g Gomega) []byte {
			got := &admissionregistrationv1.ValidatingWebhookConfiguration{}
			g.Expect(operator.Get(ctx, client.ObjectKeyFromObject(vwc), got)).To(Succeed())
			return got.Webhooks[0].ClientConfig.CABundle
		}).WithTimeout(15*time.Second).Should(Equal(secret.Data[CAKey]), "caBundle re-injected after change %d", i+1)
	}
}
