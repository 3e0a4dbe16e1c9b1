//go:build e2e

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

package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/internal/testenv"
)

// e2eWebhookConfig is the ValidatingWebhookConfiguration the e2e registers for the manager it
// runs on this machine (the kwok API server runs here too and calls it on 127.0.0.1).
const e2eWebhookConfig = "prodready-e2e-webhooks"

// webhookServing writes a serving certificate for 127.0.0.1 into dir (tls.crt, tls.key) and
// returns its PEM, which is also its own CA.
func webhookServing(dir string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "prodready-e2e-webhook"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(filepath.Join(dir, "tls.crt"), certPEM, 0o600); err != nil {
		return nil, err
	}
	return certPEM, os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
}

// registerWorkloadWebhook registers the generated workload webhook (config/webhook) with its
// clientConfig pointing at the manager on 127.0.0.1:port.
func registerWorkloadWebhook(port int, ca []byte) error {
	raw, err := os.ReadFile(filepath.Join(root, "config", "webhook", "manifests.yaml"))
	if err != nil {
		return err
	}
	var generated admissionregistrationv1.ValidatingWebhookConfiguration
	if err := yaml.Unmarshal(raw, &generated); err != nil {
		return err
	}
	cfg := admissionregistrationv1.ValidatingWebhookConfiguration{}
	cfg.APIVersion, cfg.Kind, cfg.Name = "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", e2eWebhookConfig
	for _, w := range generated.Webhooks {
		if w.Name != "vworkload.readiness.prodready.io" {
			continue
		}
		url := fmt.Sprintf("https://127.0.0.1:%d%s", port, *w.ClientConfig.Service.Path)
		w.ClientConfig = admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: ca}
		cfg.Webhooks = append(cfg.Webhooks, w)
	}
	if len(cfg.Webhooks) != 1 {
		return fmt.Errorf("config/webhook/manifests.yaml has no workload webhook")
	}
	out, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	file := filepath.Join(os.TempDir(), "prodready-e2e-webhooks.yaml")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		return err
	}
	if out, err := kubectl("apply", "-f", file); err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

// kubectl apply of a Deployment that a ProductionReadiness targets prints the failing Required
// checks as warnings, with the real kubectl; a server-side dry run does too, so prodready works
// as a pre-merge check with nothing but kubectl.
func TestAdmissionWarningsWithKubectl(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	create(t, testenv.ReadinessFor(ns, "web"))
	// The operator puts the namespace into the webhook's scope.
	eventually(g, func(g Gomega) {
		out, err := kubectl("get", "validatingwebhookconfiguration", e2eWebhookConfig,
			"-o", "jsonpath={.webhooks[0].namespaceSelector.matchExpressions[0].values}")
		g.Expect(err).NotTo(HaveOccurred())
		g.Expect(out).To(ContainSubstring(`"` + ns + `"`))
	}).Should(Succeed())

	d := testenv.BadDeployment(ns, "web")
	d.APIVersion, d.Kind = "apps/v1", "Deployment"
	raw, err := yaml.Marshal(d)
	g.Expect(err).NotTo(HaveOccurred())
	file := filepath.Join(t.TempDir(), "web.yaml")
	g.Expect(os.WriteFile(file, raw, 0o600)).To(Succeed())

	dry, err := kubectl("apply", "--dry-run=server", "-f", file)
	g.Expect(err).NotTo(HaveOccurred(), dry)
	g.Expect(dry).To(ContainSubstring("Warning: prodready: image-tag-pinned: "))
	g.Expect(dry).To(ContainSubstring("Warning: prodready: probe-readiness: "))

	out, err := kubectl("apply", "-f", file)
	g.Expect(err).NotTo(HaveOccurred(), out)
	g.Expect(out).To(ContainSubstring("Warning: prodready: resources-requests: "))
	g.Expect(out).To(ContainSubstring("deployment.apps/web created"))
}
