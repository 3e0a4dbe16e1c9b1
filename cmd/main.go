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

// Command manager runs the prodready operator: the ProductionReadiness and ReadinessProfile
// controllers (and, when enabled, the admission webhooks and the Flagger promotion gate).
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/metrics/filters"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	crwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/eventnote"
	"github.com/prodready/prodready/internal/integrations"
	"github.com/prodready/prodready/internal/metrics"
	"github.com/prodready/prodready/internal/snapshot"
	"github.com/prodready/prodready/internal/webhook"
)

var scheme = runtime.NewScheme()

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
}

// options are the manager's flags.
type options struct {
	metricsAddr, probeAddr     string
	pprofAddr                  string
	secureMetrics, enableHTTP2 bool
	leaderElect                bool
	leaderElectionNamespace    string
	gracefulShutdownTimeout    time.Duration
	targetGracePeriod          time.Duration
	maxConcurrentReconciles    int
	memoryLimitRatio           float64

	enableWebhooks     bool
	webhookPort        int
	webhookCertDir     string
	webhookCertMode    string
	webhookSecretName  string
	webhookServiceName string
	webhookConfigName  string
	workloadAdmission  bool
	admissionExclude   []string
	labelWriters       []string
	labelWebhook       bool

	promotionGateAddr         string
	promotionGateTLS          bool
	promotionGateRequireToken bool
	promotionGateServiceName  string
	openReports               bool
	metricsPerObject          bool
}

// defaultGracefulShutdown fits the manifests' pod: terminationGracePeriodSeconds 30 minus the
// 5 s preStop sleep, with 5 s to spare for the process to exit.
const defaultGracefulShutdown = 20 * time.Second

// applyLifecycle sets how the manager hands over and stops: it releases the leader Lease when it
// stops (the next replica takes over at once instead of after the lease duration; main exits
// right after the manager, as this requires), and waits at most --graceful-shutdown-timeout for
// its runnables, so the kubelet never kills it mid-shutdown.
func applyLifecycle(opts *ctrl.Options, o options) error {
	if o.gracefulShutdownTimeout <= 0 {
		return fmt.Errorf("--graceful-shutdown-timeout must be positive, not %s", o.gracefulShutdownTimeout)
	}
	opts.LeaderElectionReleaseOnCancel = true
	timeout := o.gracefulShutdownTimeout
	opts.GracefulShutdownTimeout = &timeout
	return nil
}

// Webhook certificate modes.
const (
	certModeSelfManaged = "self-managed"
	certModeExternal    = "external"
)

func main() {
	var o options
	flag.StringVar(&o.metricsAddr, "metrics-bind-address", "0", "The address the metrics endpoint binds to: :8443 for HTTPS, :8080 for HTTP, 0 to disable.")
	flag.StringVar(&o.probeAddr, "health-probe-bind-address", ":8081", "The address the health probe endpoint binds to.")
	flag.StringVar(&o.pprofAddr, "pprof-bind-address", "", "The address of the Go pprof endpoint (/debug/pprof/), e.g. 127.0.0.1:6060; empty or 0 disables it (the default). Unauthenticated: bind it to localhost only.")
	flag.BoolVar(&o.leaderElect, "leader-elect", false, "Enable leader election, so only one replica reconciles at a time.")
	flag.StringVar(&o.leaderElectionNamespace, "leader-election-namespace", "", "Namespace of the leader election Lease (default: the pod's namespace).")
	flag.BoolVar(&o.secureMetrics, "metrics-secure", true, "Serve metrics over HTTPS with authentication and authorization.")
	flag.BoolVar(&o.enableHTTP2, "enable-http2", false, "Enable HTTP/2 for the metrics and webhook servers (off by default: CVE-2023-44487).")
	flag.DurationVar(&o.gracefulShutdownTimeout, "graceful-shutdown-timeout", defaultGracefulShutdown, "How long the manager waits for its runnables to stop on SIGTERM; keep it below the pod's terminationGracePeriodSeconds minus the preStop sleep.")
	flag.DurationVar(&o.targetGracePeriod, "target-grace-period", controller.DefaultTargetGracePeriod, "How long a missing target is Reconciling before it is Stalled.")
	flag.Float64Var(&o.memoryLimitRatio, "memory-limit-ratio", 0.9, "Set the Go runtime's soft memory limit to this fraction of the container's memory limit (cgroup), so the garbage collector works harder before the pod nears its limit; 0 disables it, and GOMEMLIMIT, when set, wins.")
	flag.IntVar(&o.maxConcurrentReconciles, "max-concurrent-reconciles", 4, "How many ProductionReadiness objects are evaluated in parallel.")
	flag.BoolVar(&o.enableWebhooks, "enable-webhooks", false, "Serve the admission webhooks (ProductionReadiness and ReadinessProfile validation and the promotion label guard).")
	flag.IntVar(&o.webhookPort, "webhook-port", 9443, "Port of the webhook server.")
	flag.StringVar(&o.webhookCertDir, "webhook-cert-dir", "/tmp/k8s-webhook-server/serving-certs", "Directory of the webhook server's tls.crt and tls.key.")
	flag.StringVar(&o.webhookCertMode, "webhook-cert-mode", certModeSelfManaged, "self-managed: the manager issues and rotates its own CA and certificate (kept in --webhook-secret-name) and injects the CA bundle; external: certificates are mounted (e.g. by cert-manager) and the CA injected by someone else.")
	flag.StringVar(&o.webhookSecretName, "webhook-secret-name", "prodready-webhook-cert", "Secret, in the manager's namespace, holding the self-managed webhook certificate.")
	flag.StringVar(&o.webhookServiceName, "webhook-service-name", "prodready-webhook-service", "Service in front of the webhook server (the certificate's DNS names).")
	flag.BoolVar(&o.workloadAdmission, "workload-admission", true, "Serve the workload admission webhook (warnings at apply time) and keep its namespaceSelector to the namespaces with a ProductionReadiness.")
	flag.Func("admission-exclude-namespace", "A namespace the workload admission webhook never sees, besides kube-system and the manager's own (repeatable).", func(v string) error {
		o.admissionExclude = append(o.admissionExclude, v)
		return nil
	})
	flag.StringVar(&o.webhookConfigName, "webhook-configuration-name", "prodready-validating-webhook-configuration", "ValidatingWebhookConfiguration that receives the self-managed CA bundle.")
	flag.BoolVar(&o.labelWebhook, "promotion-label-webhook", false, "Serve the promotion label guard webhook: the fallback for clusters without ValidatingAdmissionPolicy (config/admission-policy guards the label in the API server everywhere else).")
	flag.Func("promotion-label-writer", "A username, besides the operator's own identity, allowed to set the promotion label through the guard webhook (repeatable; for break-glass procedures; the admission policies name their break-glass identities themselves).", func(v string) error {
		o.labelWriters = append(o.labelWriters, v)
		return nil
	})
	flag.StringVar(&o.promotionGateAddr, "promotion-gate-bind-address", "0", "Address of the Flagger promotion gate (POST /promotion/flagger), e.g. :8082; 0 disables it.")
	flag.BoolVar(&o.promotionGateTLS, "promotion-gate-tls", false, "Serve the promotion gate over HTTPS with the webhook server's certificate (--webhook-cert-dir); self-managed certificates then also name --promotion-gate-service-name.")
	flag.BoolVar(&o.promotionGateRequireToken, "promotion-gate-require-token", false, "Refuse promotion gate callers without a bearer token (a presented token is always reviewed: TokenReview, then SubjectAccessReview for get productionreadinesses in the namespace asked about).")
	flag.StringVar(&o.promotionGateServiceName, "promotion-gate-service-name", "prodready-promotion-gate", "Service in front of the promotion gate (added to the self-managed certificate's DNS names with --promotion-gate-tls).")
	flag.BoolVar(&o.metricsPerObject, "metrics-per-object", false, "Also serve series per ProductionReadiness (ready, info, one per check: about 2 + checks series each); the default serves aggregates by namespace and check only (docs/metrics.md gives the cardinality).")
	flag.BoolVar(&o.openReports, "openreports", false, "Publish an OpenReports Report per ProductionReadiness when the openreports.io CRD is installed.")
	zapOpts := zap.Options{Development: false}
	zapOpts.BindFlags(flag.CommandLine)
	flag.Parse()
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zapOpts)))

	if err := run(o); err != nil {
		ctrl.Log.Error(err, "manager stopped")
		os.Exit(1)
	}
}

func run(o options) error {
	log := ctrl.Log.WithName("setup")
	if limit := applyMemoryLimit(o.memoryLimitRatio, cgroupMemoryFiles); limit > 0 {
		log.Info("Go soft memory limit set from the container's memory limit", "bytes", limit, "ratio", o.memoryLimitRatio)
	}
	cfg := ctrl.GetConfigOrDie()

	var tlsOpts []func(*tls.Config)
	if !o.enableHTTP2 {
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} })
	}
	metricsOpts := metricsserver.Options{BindAddress: o.metricsAddr, SecureServing: o.secureMetrics, TLSOpts: tlsOpts}
	if o.secureMetrics {
		metricsOpts.FilterProvider = filters.WithAuthenticationAndAuthorization
	}

	if o.webhookCertMode != certModeSelfManaged && o.webhookCertMode != certModeExternal {
		return fmt.Errorf("--webhook-cert-mode must be %s or %s, not %q", certModeSelfManaged, certModeExternal, o.webhookCertMode)
	}
	ctx := ctrl.SetupSignalHandler()
	var (
		rotator *webhook.CertRotator
		err     error
	)
	if o.enableWebhooks && o.webhookCertMode == certModeSelfManaged {
		// The webhook server needs its certificate files before it starts.
		if rotator, err = ensureWebhookCert(ctx, cfg, o); err != nil {
			return err
		}
	}

	mgrOpts := controller.WithCacheOptions(ctrl.Options{
		Scheme:                  scheme,
		Metrics:                 metricsOpts,
		WebhookServer:           crwebhook.NewServer(crwebhook.Options{Port: o.webhookPort, CertDir: o.webhookCertDir, TLSOpts: tlsOpts}),
		HealthProbeBindAddress:  o.probeAddr,
		PprofBindAddress:        o.pprofAddr,
		LeaderElection:          o.leaderElect,
		LeaderElectionID:        "prodready.readiness.prodready.io",
		LeaderElectionNamespace: o.leaderElectionNamespace,
	})
	if !o.openReports {
		mgrOpts = controller.CompactReadinessStatuses(mgrOpts) // the Reports publish Pass results too
	}
	if err := applyLifecycle(&mgrOpts, o); err != nil {
		return err
	}
	mgr, err := ctrl.NewManager(cfg, mgrOpts)
	if err != nil {
		return fmt.Errorf("creating manager: %w", err)
	}

	if err := controller.SetupIndexes(ctx, mgr); err != nil {
		return err
	}
	gate := integrations.GateServerOptions{Addr: o.promotionGateAddr, RequireToken: o.promotionGateRequireToken}
	if o.promotionGateTLS {
		gate.CertDir = o.webhookCertDir
	}
	if err := integrations.AddFlaggerGate(mgr, gate); err != nil {
		return fmt.Errorf("setting up the Flagger promotion gate: %w", err)
	}
	if err := integrations.AddOpenReports(mgr, o.openReports); err != nil {
		return fmt.Errorf("setting up OpenReports: %w", err)
	}
	served := snapshot.NewServed() // shared by the reconciler (which keeps it current) and the webhook
	recorder := metrics.NewRecorderWith(nil, metrics.Options{PerObject: o.metricsPerObject})
	rec := &controller.ProductionReadinessReconciler{
		Client: mgr.GetClient(),
		// Optional kinds (Argo Rollouts, ServiceMonitor/PodMonitor) are discovered when the
		// manager starts and again whenever one of their CRDs changes.
		Gatherer:          controller.NewGatherer(mgr.GetClient(), served),
		Recorder:          eventnote.NewRecorder(mgr.GetEventRecorder("prodready")),
		Clock:             clock.RealClock{},
		TargetGracePeriod: o.targetGracePeriod,
		Metrics:           recorder,
	}
	if err := rec.SetupWithManager(mgr, o.maxConcurrentReconciles); err != nil {
		return fmt.Errorf("setting up ProductionReadiness controller: %w", err)
	}
	if err := (&controller.ReadinessProfileReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{}}).SetupWithManager(mgr); err != nil {
		return fmt.Errorf("setting up ReadinessProfile controller: %w", err)
	}
	if err := (&controller.ReadinessPolicyReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{}, Metrics: recorder}).SetupWithManager(mgr, rec); err != nil {
		return fmt.Errorf("setting up ReadinessPolicy controller: %w", err)
	}
	ready := healthz.Ping
	if o.enableWebhooks {
		if err := setupWebhooks(ctx, mgr, cfg, o, rotator, served); err != nil {
			return err
		}
		ready = mgr.GetWebhookServer().StartedChecker()
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("readyz", ready); err != nil {
		return err
	}
	log.Info("starting manager")
	return mgr.Start(ctx)
}

// ensureWebhookCert issues or refreshes the self-managed webhook certificate before the webhook
// server starts, and returns the rotator that keeps it fresh afterwards. It reads the Secret
// with a client that bypasses the cache (the cache holds no Secret values).
func ensureWebhookCert(ctx context.Context, cfg *rest.Config, o options) (*webhook.CertRotator, error) {
	ns := os.Getenv("POD_NAMESPACE")
	if ns == "" {
		return nil, fmt.Errorf("self-managed webhook certificates need POD_NAMESPACE (set it from the downward API) or --webhook-cert-mode=external")
	}
	c, err := client.NewWithWatch(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, err
	}
	dnsNames := webhook.ServiceDNSNames(o.webhookServiceName, ns)
	if o.promotionGateTLS {
		dnsNames = append(dnsNames, webhook.ServiceDNSNames(o.promotionGateServiceName, ns)...)
	}
	r := &webhook.CertRotator{
		Client: c, Reader: c, Namespace: ns, SecretName: o.webhookSecretName, WebhookConfigName: o.webhookConfigName,
		DNSNames: dnsNames, CertDir: o.webhookCertDir, Watcher: c,
	}
	if err := r.Ensure(ctx); err != nil {
		return nil, fmt.Errorf("issuing the webhook certificate: %w", err)
	}
	return r, nil
}

// setupWebhooks registers the ProductionReadiness and ReadinessProfile webhooks, the workload
// admission webhook (--workload-admission) and, with --promotion-label-webhook, the label guard,
// which allows the operator's own identity (asked from the API server) and any
// --promotion-label-writer.
func setupWebhooks(ctx context.Context, mgr ctrl.Manager, cfg *rest.Config, o options, rotator *webhook.CertRotator, served *snapshot.Served) error {
	if err := webhook.SetupProductionReadinessWebhook(mgr, controller.NewGatherer(mgr.GetClient(), served)); err != nil {
		return fmt.Errorf("setting up the ProductionReadiness webhook: %w", err)
	}
	if err := webhook.SetupReadinessPolicyWebhook(mgr); err != nil {
		return fmt.Errorf("setting up the ReadinessPolicy webhook: %w", err)
	}
	if err := webhook.SetupReadinessProfileWebhook(mgr); err != nil {
		return fmt.Errorf("setting up the ReadinessProfile webhook: %w", err)
	}
	if o.labelWebhook {
		if err := setupLabelWebhook(ctx, mgr, cfg, o); err != nil {
			return err
		}
	}
	if o.workloadAdmission {
		webhook.SetupWorkloadWebhook(mgr, controller.NewGatherer(mgr.GetClient(), served), metrics.NewAdmissionFailures(nil))
		scope := &webhook.AdmissionScope{
			Cache: mgr.GetClient(), API: mgr.GetAPIReader(), Writer: mgr.GetClient(), ConfigName: o.webhookConfigName,
			Exclude: append([]string{metav1.NamespaceSystem, os.Getenv("POD_NAMESPACE")}, o.admissionExclude...),
		}
		if err := scope.SetupWithManager(mgr); err != nil {
			return fmt.Errorf("setting up the workload admission scope: %w", err)
		}
	}
	if rotator != nil {
		if err := mgr.Add(rotator); err != nil {
			return err
		}
	}
	return nil
}

// setupLabelWebhook registers the promotion label guard webhook (the fallback for clusters
// without ValidatingAdmissionPolicy).
func setupLabelWebhook(ctx context.Context, mgr ctrl.Manager, cfg *rest.Config, o options) error {
	self, err := webhook.WhoAmI(ctx, cfg)
	if err != nil {
		return fmt.Errorf("finding the operator's identity for the promotion label guard: %w", err)
	}
	webhook.SetupPromotionLabelWebhook(mgr, append([]string{self}, o.labelWriters...)...)
	ctrl.Log.WithName("setup").Info("promotion label guard webhook", "allowed", append([]string{self}, o.labelWriters...))
	return nil
}
