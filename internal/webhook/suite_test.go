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
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	crwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/testenv"
)

// The webhook suite: envtest with config/webhook/manifests.yaml installed (pointed at the local
// webhook server), the manager serving both webhooks and running the ProductionReadiness
// reconciler, so the operator's own label writes go through the guard. alice is a cluster
// admin who is not the operator.

var (
	testEnv      *envtest.Environment
	cfg          *rest.Config
	operator     client.Client // the operator's identity (envtest's admin)
	alice        client.Client // another cluster admin
	aliceCfg     *rest.Config
	operatorName string
	scheme       = testenv.Scheme()
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	root, err := testenv.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	testEnv = &envtest.Environment{WebhookInstallOptions: envtest.WebhookInstallOptions{
		Paths: []string{filepath.Join(root, "config", "webhook", "manifests.yaml")},
	}}
	if cfg, err = testenv.Start(testEnv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = testEnv.Stop() }()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if operatorName, err = WhoAmI(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if operator, err = client.New(cfg, client.Options{Scheme: scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	user, err := testEnv.AddUser(envtest.User{Name: "alice", Groups: []string{"system:masters"}}, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	aliceCfg = user.Config()
	if alice, err = client.New(aliceCfg, client.Options{Scheme: scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}

	wio := testEnv.WebhookInstallOptions
	mgr, err := ctrl.NewManager(cfg, controller.CompactReadinessStatuses(controller.WithCacheOptions(ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
		WebhookServer:          crwebhook.NewServer(crwebhook.Options{Host: wio.LocalServingHost, Port: wio.LocalServingPort, CertDir: wio.LocalServingCertDir}),
	})))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := setup(ctx, mgr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := mgr.Start(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "manager:", err)
		}
	}()
	if err := waitForWebhookServer(wio); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	cancel()
	<-done
	return code
}

// workloadAdmission is the suite's workload webhook handler; admissions counts what reaches it.
var (
	workloadAdmission *WorkloadAdmission
	admissions        = &namespaceCounter{counts: map[string]int{}}
	// denyNamespaces stand for namespaces a ReadinessPolicy with admission: Deny covers.
	denyNamespaces sync.Map
)

type namespaceCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *namespaceCounter) add(ns string) { c.mu.Lock(); c.counts[ns]++; c.mu.Unlock() }

func (c *namespaceCounter) get(ns string) int { c.mu.Lock(); defer c.mu.Unlock(); return c.counts[ns] }

type admissionCounter struct{ inner admission.Handler }

func (a admissionCounter) Handle(ctx context.Context, req admission.Request) admission.Response {
	admissions.add(req.Namespace)
	return a.inner.Handle(ctx, req)
}

func setup(ctx context.Context, mgr ctrl.Manager) error {
	if err := SetupProductionReadinessWebhook(mgr, controller.NewGatherer(mgr.GetClient(), nil)); err != nil {
		return err
	}
	if err := SetupReadinessProfileWebhook(mgr); err != nil {
		return err
	}
	if err := SetupReadinessPolicyWebhook(mgr); err != nil {
		return err
	}
	SetupPromotionLabelWebhook(mgr, operatorName)
	if err := controller.SetupIndexes(ctx, mgr); err != nil {
		return err
	}
	// The workload webhook, behind a wrapper counting the requests per namespace.
	workloadAdmission = &WorkloadAdmission{Reader: mgr.GetClient(), Gatherer: controller.NewGatherer(mgr.GetClient(), nil), Now: time.Now,
		Deny: func(_ context.Context, w *checks.Workload) bool {
			_, ok := denyNamespaces.Load(w.Namespace())
			return ok
		}}
	mgr.GetWebhookServer().Register(WorkloadPath, &crwebhook.Admission{Handler: admissionCounter{workloadAdmission}})
	scope := &AdmissionScope{Cache: mgr.GetClient(), API: mgr.GetAPIReader(), Writer: mgr.GetClient(),
		ConfigName: "validating-webhook-configuration", Exclude: []string{"kube-system"}, Resync: time.Second}
	if err := scope.SetupWithManager(mgr); err != nil {
		return err
	}
	r := &controller.ProductionReadinessReconciler{
		Client:            mgr.GetClient(),
		Gatherer:          controller.NewGatherer(mgr.GetClient(), nil),
		Recorder:          mgr.GetEventRecorder("prodready"),
		Clock:             clock.RealClock{},
		TargetGracePeriod: time.Minute,
	}
	return r.SetupWithManager(mgr, 2)
}

// waitForWebhookServer waits until the webhook server accepts TLS connections.
func waitForWebhookServer(wio envtest.WebhookInstallOptions) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if err := dialWebhook(wio); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("webhook server did not come up on %s:%d", wio.LocalServingHost, wio.LocalServingPort)
}
