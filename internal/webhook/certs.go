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
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
)

// Keys of the webhook certificate Secret.
const (
	CAKey      = "ca.crt"
	CAKeyKey   = "ca.key"
	TLSCertKey = corev1.TLSCertKey
	TLSKeyKey  = corev1.TLSPrivateKeyKey
)

// Validity of the self-managed certificates. The serving certificate is renewed when a third
// of its life is left; the CA when a year is left, keeping the old CA in the bundle meanwhile.
const (
	CAValidity     = 10 * 365 * 24 * time.Hour
	CertValidity   = 365 * 24 * time.Hour
	caRenewBefore  = 365 * 24 * time.Hour
	certRenewRatio = 3
)

// CertRotator manages the webhook's serving certificate when no cert-manager is in use: a CA and
// a serving certificate kept in a Secret of the operator's namespace, written to CertDir for the
// webhook server (which reloads changed files) and injected as caBundle into the webhook
// configuration. Every replica runs it; they share the Secret, so they serve the same
// certificate, and optimistic concurrency settles races between them.
type CertRotator struct {
	// Client writes the Secret and patches the webhook configuration.
	Client client.Client
	// Reader reads them without the cache: the manager's cache holds no Secret values.
	Reader client.Reader

	Namespace         string
	SecretName        string
	WebhookConfigName string
	// DNSNames of the webhook Service (service.namespace.svc and its cluster.local form).
	DNSNames []string
	CertDir  string
	// Interval between checks (default 10 minutes).
	Interval time.Duration
	// Watcher, when set, watches the webhook configuration: whenever it changes (a GitOps tool
	// re-applying it without caBundle, a Helm upgrade) the CA bundle is injected again at once,
	// instead of at the next check.
	Watcher client.WithWatch
	// Now is the clock (tests move it forward).
	Now func() time.Time
}

// ServiceDNSNames returns the names a Service is reached by from the API server.
func ServiceDNSNames(service, namespace string) []string {
	return []string{
		fmt.Sprintf("%s.%s.svc", service, namespace),
		fmt.Sprintf("%s.%s.svc.cluster.local", service, namespace),
	}
}

// Start keeps the certificate fresh until ctx ends (a manager Runnable).
func (r *CertRotator) Start(ctx context.Context) error {
	interval := r.Interval
	if interval <= 0 {
		interval = 10 * time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	changed := make(chan struct{}, 1)
	if r.Watcher != nil && r.WebhookConfigName != "" {
		go r.watchConfig(ctx, changed)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-changed:
		}
		if err := r.Ensure(ctx); err != nil {
			log.FromContext(ctx).Error(err, "refreshing the webhook certificate")
		}
	}
}

// watchConfig signals changed whenever the webhook configuration is added or modified, until
// ctx ends; a closed or failed watch is opened again after a pause. Our own caBundle patch
// comes back as one event, after which Ensure finds nothing to do.
func (r *CertRotator) watchConfig(ctx context.Context, changed chan<- struct{}) {
	for ctx.Err() == nil {
		w, err := r.Watcher.Watch(ctx, &admissionregistrationv1.ValidatingWebhookConfigurationList{},
			client.MatchingFields{"metadata.name": r.WebhookConfigName})
		if err != nil {
			log.FromContext(ctx).Error(err, "watching the webhook configuration", "name", r.WebhookConfigName)
		} else {
			for ev := range w.ResultChan() {
				if ev.Type == watch.Added || ev.Type == watch.Modified {
					select {
					case changed <- struct{}{}:
					default:
					}
				}
			}
			w.Stop()
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// NeedLeaderElection is false: every replica serves webhooks and needs current files.
func (r *CertRotator) NeedLeaderElection() bool { return false }

// Ensure makes the Secret hold a valid CA and serving certificate, writes them to CertDir and
// injects the CA bundle. Call it before the webhook server starts (it needs the files).
func (r *CertRotator) Ensure(ctx context.Context) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = r.ensureOnce(ctx); err == nil || (!apierrors.IsConflict(err) && !apierrors.IsAlreadyExists(err)) {
			return err
		}
	}
	return err
}

func (r *CertRotator) ensureOnce(ctx context.Context) error {
	now := r.now()
	secret := &corev1.Secret{}
	err := r.Reader.Get(ctx, client.ObjectKey{Namespace: r.Namespace, Name: r.SecretName}, secret)
	exists := err == nil
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("reading Secret %s/%s: %w", r.Namespace, r.SecretName, err)
	}
	if !exists {
		secret = &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: r.Namespace, Name: r.SecretName,
			Labels: map[string]string{"app.kubernetes.io/managed-by": "prodready"}}, Type: corev1.SecretTypeTLS}
	}
	data, changed, err := r.renew(secret.Data, now)
	if err != nil {
		return err
	}
	if changed {
		secret.Data = data
		if exists {
			err = r.Client.Update(ctx, secret)
		} else {
			err = r.Client.Create(ctx, secret)
		}
		if err != nil {
			return fmt.Errorf("writing Secret %s/%s: %w", r.Namespace, r.SecretName, err)
		}
		log.FromContext(ctx).Info("webhook certificate written", "secret", r.SecretName, "dnsNames", r.DNSNames)
	}
	if err := r.writeFiles(data); err != nil {
		return err
	}
	return r.injectCABundle(ctx, data[CAKey])
}

// renew returns the Secret data with a valid CA and serving certificate, and whether it changed.
func (r *CertRotator) renew(data map[string][]byte, now time.Time) (map[string][]byte, bool, error) {
	out := map[string][]byte{}
	for k, v := range data {
		out[k] = v
	}
	caCert, caKey, err := parseKeyPair(data[CAKey], data[CAKeyKey])
	caChanged := false
	if err != nil || now.Add(caRenewBefore).After(caCert.NotAfter) {
		newCert, newKey, pemCert, pemKey, err := newCA(now)
		if err != nil {
			return nil, false, err
		}
		bundle := pemCert
		if caCert != nil && now.Before(caCert.NotAfter) {
			// Keep trusting the old CA until every replica serves the new certificate.
			bundle = append(bundle, encodeCert(caCert.Raw)...)
		}
		out[CAKey], out[CAKeyKey] = bundle, pemKey
		caCert, caKey, caChanged = newCert, newKey, true
	}
	if !caChanged && r.servingCertValid(data[TLSCertKey], data[TLSKeyKey], caCert, now) {
		return out, false, nil
	}
	certPEM, keyPEM, err := newServingCert(caCert, caKey, r.DNSNames, now)
	if err != nil {
		return nil, false, err
	}
	out[TLSCertKey], out[TLSKeyKey] = certPEM, keyPEM
	return out, true, nil
}

// servingCertValid reports a certificate signed by ca, valid for every DNS name, with more than
// a third of its life left.
func (r *CertRotator) servingCertValid(certPEM, keyPEM []byte, ca *x509.Certificate, now time.Time) bool {
	cert, _, err := parseKeyPair(certPEM, keyPEM)
	if err != nil || cert.CheckSignatureFrom(ca) != nil {
		return false
	}
	life := cert.NotAfter.Sub(cert.NotBefore)
	if now.Add(life / certRenewRatio).After(cert.NotAfter) {
		return false
	}
	for _, name := range r.DNSNames {
		if cert.VerifyHostname(name) != nil {
			return false
		}
	}
	return true
}

// dataLink is the symbolic link in CertDir naming the directory of the current files.
const dataLink = "..data"

// writeFiles makes CertDir/tls.crt and CertDir/tls.key the pair of data, swapped as one: both
// files go to a new directory, then the link ..data is switched to it with a rename (atomic),
// and tls.crt and tls.key are links through ..data (the layout the kubelet gives a mounted
// Secret). A reader never sees a new certificate with an old key. Older directories are removed.
func (r *CertRotator) writeFiles(data map[string][]byte) error {
	if err := os.MkdirAll(r.CertDir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", r.CertDir, err)
	}
	current := true
	for _, name := range []string{TLSCertKey, TLSKeyKey} {
		have, err := os.ReadFile(filepath.Join(r.CertDir, dataLink, name))
		current = current && err == nil && bytes.Equal(have, data[name])
	}
	if !current {
		dir, err := os.MkdirTemp(r.CertDir, "..cert-")
		if err != nil {
			return fmt.Errorf("writing the certificate files: %w", err)
		}
		for _, name := range []string{TLSCertKey, TLSKeyKey} {
			if err := os.WriteFile(filepath.Join(dir, name), data[name], 0o600); err != nil {
				return fmt.Errorf("writing the certificate files: %w", err)
			}
		}
		if err := replaceLink(filepath.Base(dir), filepath.Join(r.CertDir, dataLink)); err != nil {
			return err
		}
	}
	for _, name := range []string{TLSCertKey, TLSKeyKey} {
		path := filepath.Join(r.CertDir, name)
		if target, err := os.Readlink(path); err == nil && target == filepath.Join(dataLink, name) {
			continue
		}
		if err := replaceLink(filepath.Join(dataLink, name), path); err != nil {
			return err
		}
	}
	return r.removeOldDirs()
}

// replaceLink points the link at path to target, atomically (a new link renamed over it).
func replaceLink(target, path string) error {
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("linking %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("linking %s: %w", path, err)
	}
	return nil
}

// removeOldDirs removes the certificate directories ..data no longer points at.
func (r *CertRotator) removeOldDirs() error {
	current, err := os.Readlink(filepath.Join(r.CertDir, dataLink))
	if err != nil {
		return fmt.Errorf("reading %s: %w", dataLink, err)
	}
	old, _ := filepath.Glob(filepath.Join(r.CertDir, "..cert-*"))
	for _, dir := range old {
		if filepath.Base(dir) != current {
			_ = os.RemoveAll(dir)
		}
	}
	return nil
}

// injectCABundle sets the CA bundle on every webhook of the configuration.
func (r *CertRotator) injectCABundle(ctx context.Context, bundle []byte) error {
	if r.WebhookConfigName == "" {
		return nil
	}
	cfg := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := r.Reader.Get(ctx, client.ObjectKey{Name: r.WebhookConfigName}, cfg); err != nil {
		return fmt.Errorf("reading ValidatingWebhookConfiguration %s: %w", r.WebhookConfigName, err)
	}
	before := cfg.DeepCopy()
	changed := false
	for i := range cfg.Webhooks {
		if !bytes.Equal(cfg.Webhooks[i].ClientConfig.CABundle, bundle) {
			cfg.Webhooks[i].ClientConfig.CABundle = bundle
			changed = true
		}
	}
	if !changed {
		return nil
	}
	if err := r.Client.Patch(ctx, cfg, client.MergeFromWithOptions(before, client.MergeFromWithOptimisticLock{})); err != nil {
		return fmt.Errorf("injecting the CA bundle into %s: %w", r.WebhookConfigName, err)
	}
	return nil
}

func (r *CertRotator) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func newCA(now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, []byte, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "prodready-webhook-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(CAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("creating the webhook CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	keyPEM, err := encodeKey(key)
	return cert, key, encodeCert(der), keyPEM, err
}

func newServingCert(ca *x509.Certificate, caKey *ecdsa.PrivateKey, dnsNames []string, now time.Time) ([]byte, []byte, error) {
	if len(dnsNames) == 0 {
		return nil, nil, errors.New("the webhook certificate needs at least one DNS name")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: dnsNames[0]},
		DNSNames:     dnsNames,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(CertValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("creating the webhook serving certificate: %w", err)
	}
	keyPEM, err := encodeKey(key)
	return encodeCert(der), keyPEM, err
}

// parseKeyPair parses the first certificate of a PEM bundle and an EC private key.
func parseKeyPair(certPEM, keyPEM []byte) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, errors.New("missing or malformed PEM")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, nil, errors.New("key does not match certificate")
	}
	return cert, key, nil
}

func encodeCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func encodeKey(key *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}
