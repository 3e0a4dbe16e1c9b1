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
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/discovery"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/metrics/filters"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/snapshot"
)

var scheme = runtime.NewScheme()

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
}

// options are the manager's flags.
type options struct {
	metricsAddr, probeAddr     string
	secureMetrics, enableHTTP2 bool
	leaderElect                bool
	leaderElectionNamespace    string
	targetGracePeriod          time.Duration
	maxConcurrentReconciles    int
}

func main() {
	var o options
	flag.StringVar(&o.metricsAddr, "metrics-bind-address", "0", "The address the metrics endpoint binds to: :8443 for HTTPS, :8080 for HTTP, 0 to disable.")
	flag.StringVar(&o.probeAddr, "health-probe-bind-address", ":8081", "The address the health probe endpoint binds to.")
	flag.BoolVar(&o.leaderElect, "leader-elect", false, "Enable leader election, so only one replica reconciles at a time.")
	flag.StringVar(&o.leaderElectionNamespace, "leader-election-namespace", "", "Namespace of the leader election Lease (default: the pod's namespace).")
	flag.BoolVar(&o.secureMetrics, "metrics-secure", true, "Serve metrics over HTTPS with authentication and authorization.")
	flag.BoolVar(&o.enableHTTP2, "enable-http2", false, "Enable HTTP/2 for the metrics and webhook servers (off by default: CVE-2023-44487).")
	flag.DurationVar(&o.targetGracePeriod, "target-grace-period", controller.DefaultTargetGracePeriod, "How long a missing target is Reconciling before it is Stalled.")
	flag.IntVar(&o.maxConcurrentReconciles, "max-concurrent-reconciles", 4, "How many ProductionReadiness objects are evaluated in parallel.")
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
	cfg := ctrl.GetConfigOrDie()

	var tlsOpts []func(*tls.Config)
	if !o.enableHTTP2 {
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} })
	}
	metricsOpts := metricsserver.Options{BindAddress: o.metricsAddr, SecureServing: o.secureMetrics, TLSOpts: tlsOpts}
	if o.secureMetrics {
		metricsOpts.FilterProvider = filters.WithAuthenticationAndAuthorization
	}

	mgr, err := ctrl.NewManager(cfg, controller.WithCacheOptions(ctrl.Options{
		Scheme:                  scheme,
		Metrics:                 metricsOpts,
		HealthProbeBindAddress:  o.probeAddr,
		LeaderElection:          o.leaderElect,
		LeaderElectionID:        "prodready.readiness.prodready.io",
		LeaderElectionNamespace: o.leaderElectionNamespace,
	}))
	if err != nil {
		return fmt.Errorf("creating manager: %w", err)
	}

	monitors, err := discoverMonitorKinds(cfg)
	if err != nil {
		log.Error(err, "discovering ServiceMonitor/PodMonitor; metrics-exposed will rely on annotations")
	}
	log.Info("discovered monitor kinds", "kinds", monitors)

	ctx := ctrl.SetupSignalHandler()
	if err := controller.SetupIndexes(ctx, mgr); err != nil {
		return err
	}
	rec := &controller.ProductionReadinessReconciler{
		Client:            mgr.GetClient(),
		Gatherer:          &snapshot.Gatherer{Reader: mgr.GetClient(), MonitorKinds: monitors},
		Recorder:          mgr.GetEventRecorder("prodready"),
		Clock:             clock.RealClock{},
		TargetGracePeriod: o.targetGracePeriod,
	}
	if err := rec.SetupWithManager(mgr, o.maxConcurrentReconciles); err != nil {
		return fmt.Errorf("setting up ProductionReadiness controller: %w", err)
	}
	if err := (&controller.ReadinessProfileReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{}}).SetupWithManager(mgr); err != nil {
		return fmt.Errorf("setting up ReadinessProfile controller: %w", err)
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		return err
	}
	log.Info("starting manager")
	return mgr.Start(ctx)
}

// discoverMonitorKinds returns the Prometheus Operator kinds the API server serves. They are
// optional: without them prodready does not watch them.
func discoverMonitorKinds(cfg *rest.Config) ([]schema.GroupVersionKind, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	list, err := dc.ServerResourcesForGroupVersion(snapshot.ServiceMonitorGVK.GroupVersion().String())
	if err != nil {
		return nil, client.IgnoreNotFound(err)
	}
	var out []schema.GroupVersionKind
	for _, r := range list.APIResources {
		for _, gvk := range []schema.GroupVersionKind{snapshot.ServiceMonitorGVK, snapshot.PodMonitorGVK} {
			if r.Kind == gvk.Kind {
				out = append(out, gvk)
			}
		}
	}
	return out, nil
}
