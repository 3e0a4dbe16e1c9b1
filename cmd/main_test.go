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

package main

import (
	"context"
	"testing"
	"time"

	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/prodready/prodready/internal/testenv"
)

func TestApplyLifecycleRefusesNonPositiveTimeout(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		if err := applyLifecycle(&ctrl.Options{}, options{gracefulShutdownTimeout: d}); err == nil {
			t.Errorf("--graceful-shutdown-timeout=%s accepted", d)
		}
	}
}

// On a real API server: a stopping leader releases its Lease, so the next replica leads at
// once instead of after the lease duration (15 s here), and the manager stops within the
// graceful shutdown timeout.
func TestLeaderHandsOverOnStop(t *testing.T) {
	env := &envtest.Environment{}
	cfg, err := testenv.Start(env)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = env.Stop() }()
	newManager := func() ctrl.Manager {
		t.Helper()
		opts := ctrl.Options{
			Scheme:                  scheme,
			Metrics:                 metricsserver.Options{BindAddress: "0"},
			HealthProbeBindAddress:  "0",
			LeaderElection:          true,
			LeaderElectionID:        "prodready.readiness.prodready.io",
			LeaderElectionNamespace: "default",
			LeaseDuration:           ptr.To(15 * time.Second),
			RenewDeadline:           ptr.To(10 * time.Second),
			RetryPeriod:             ptr.To(200 * time.Millisecond),
		}
		if err := applyLifecycle(&opts, options{gracefulShutdownTimeout: 5 * time.Second}); err != nil {
			t.Fatal(err)
		}
		m, err := ctrl.NewManager(cfg, opts)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	first, second := newManager(), newManager()
	ctx1, stop1 := context.WithCancel(context.Background())
	done1 := make(chan error, 1)
	go func() { done1 <- first.Start(ctx1) }()
	select {
	case <-first.Elected():
	case <-time.After(30 * time.Second):
		t.Fatal("the first manager was never elected")
	}
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	go func() { _ = second.Start(ctx2) }()

	stopped := time.Now()
	stop1()
	select {
	case err := <-done1:
		if err != nil {
			t.Errorf("the first manager stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the first manager did not stop within its graceful shutdown timeout")
	}
	select {
	case <-second.Elected():
		took := time.Since(stopped)
		t.Logf("the second manager led %s after the first was asked to stop", took.Round(time.Millisecond))
		if took > 8*time.Second {
			t.Errorf("the second manager led %s after the first stopped: the Lease was not released", took)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the second manager was never elected")
	}
}
