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

package controller

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	"go.uber.org/zap/zapcore"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

// The envtest suite: a real kube-apiserver and etcd (KUBEBUILDER_ASSETS, provided by
// `make test` through hack/envtest-assets.sh; see internal/testenv), the real manager with the
// production cache options, and the reconciler's writes counted by an interceptor around its
// client.

// testGracePeriod is the missing-target grace period in tests (2m in production).
const testGracePeriod = 3 * time.Second

var (
	testEnv   *envtest.Environment
	cfg       *rest.Config
	k8s       client.Client // direct client: the test's own reads and writes, uncached
	scheme    = testenv.Scheme()
	cached    client.Client   // the manager's cache-backed client, as the reconciler reads
	informers cache.Informers // the manager's cache, for its informers' indexes
	writes    = &writeCounter{}
	evals     = &evalCounter{}
)

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	logf.SetLogger(zap.New(zap.WriteTo(os.Stderr), zap.UseDevMode(false), zap.Level(zapLevel())))
	// The monitoring CRDs are test stubs: they let discovery find ServiceMonitor/PodMonitor so
	// the manager watches them, as it does on clusters with the Prometheus Operator.
	testEnv = &envtest.Environment{CRDDirectoryPaths: []string{filepath.Join("testdata", "crds")}}
	var err error
	cfg, err = testenv.Start(testEnv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = testEnv.Stop() }()

	k8s, err = client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done, err := startManager(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting manager:", err)
		return 1
	}
	code := m.Run()
	cancel()
	<-done
	return code
}

// zapLevel logs errors only, or everything with PRODREADY_TEST_LOG set.
func zapLevel() zapcore.Level {
	if os.Getenv("PRODREADY_TEST_LOG") != "" {
		return zapcore.DebugLevel
	}
	return zapcore.ErrorLevel
}

// startManager runs the manager as cmd/main.go does, with the reconciler's client wrapped to
// count writes and a metrics recorder counting evaluations.
func startManager(ctx context.Context) (<-chan struct{}, error) {
	mgr, err := ctrl.NewManager(cfg, CompactReadinessStatuses(WithCacheOptions(ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
	})))
	if err != nil {
		return nil, err
	}
	if err := SetupIndexes(ctx, mgr); err != nil {
		return nil, err
	}
	cached, informers = mgr.GetClient(), mgr.GetCache()
	counted := interceptor.NewClient(noWatch{mgr.GetClient()}, writes.funcs())
	r := &ProductionReadinessReconciler{
		Client:            counted,
		Gatherer:          NewGatherer(mgr.GetClient(), nil),
		Recorder:          mgr.GetEventRecorder("prodready"),
		Clock:             clock.RealClock{},
		TargetGracePeriod: testGracePeriod,
		Metrics:           evals,
	}
	if err := r.SetupWithManager(mgr, 2); err != nil {
		return nil, err
	}
	if err := (&ReadinessProfileReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{}}).SetupWithManager(mgr); err != nil {
		return nil, err
	}
	// The policy reconciler writes through the counting client too (generated objects).
	if err := (&ReadinessPolicyReconciler{Client: counted, Clock: clock.RealClock{}}).SetupWithManager(mgr, r); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := mgr.Start(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "manager:", err)
		}
	}()
	return done, nil
}

// noWatch adapts the manager's client to client.WithWatch for the interceptor; the reconciler
// never watches through its client.
type noWatch struct{ client.Client }

func (noWatch) Watch(context.Context, client.ObjectList, ...client.ListOption) (watch.Interface, error) {
	return nil, fmt.Errorf("watch is not supported through the reconciler's client")
}

// writeCounter counts the reconciler's writes per namespace ("<verb> <kind> <name>").
type writeCounter struct {
	mu  sync.Mutex
	log map[string][]string
}

func (w *writeCounter) record(verb string, obj client.Object) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.log == nil {
		w.log = map[string][]string{}
	}
	kind := strings.TrimPrefix(fmt.Sprintf("%T", obj), "*")
	w.log[obj.GetNamespace()] = append(w.log[obj.GetNamespace()], fmt.Sprintf("%s %s %s", verb, kind, obj.GetName()))
}

// in returns the writes recorded in a namespace so far.
func (w *writeCounter) in(ns string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.log[ns]...)
}

func (w *writeCounter) funcs() interceptor.Funcs {
	return interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			w.record("create", obj)
			return c.Create(ctx, obj, opts...)
		},
		Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			w.record("update", obj)
			return c.Update(ctx, obj, opts...)
		},
		Patch: func(ctx context.Context, c client.WithWatch, obj client.Object, patch client.Patch, opts ...client.PatchOption) error {
			w.record("patch", obj)
			return c.Patch(ctx, obj, patch, opts...)
		},
		Delete: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.DeleteOption) error {
			w.record("delete", obj)
			return c.Delete(ctx, obj, opts...)
		},
		SubResourcePatch: func(ctx context.Context, c client.Client, sub string, obj client.Object, patch client.Patch, opts ...client.SubResourcePatchOption) error {
			w.record("patch/"+sub, obj)
			return c.SubResource(sub).Patch(ctx, obj, patch, opts...)
		},
		SubResourceUpdate: func(ctx context.Context, c client.Client, sub string, obj client.Object, opts ...client.SubResourceUpdateOption) error {
			w.record("update/"+sub, obj)
			return c.SubResource(sub).Update(ctx, obj, opts...)
		},
	}
}

// evalCounter counts evaluations per ProductionReadiness ("ns/name"), through the
// reconciler's MetricsRecorder hook.
type evalCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (e *evalCounter) Observe(pr *v1alpha1.ProductionReadiness, _ time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.n == nil {
		e.n = map[string]int{}
	}
	e.n[pr.Namespace+"/"+pr.Name]++
}

func (e *evalCounter) Forget(string, string) {}

func (e *evalCounter) count(ns, name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n[ns+"/"+name]
}

// newNamespace creates a namespace for one test.
func newNamespace(t *testing.T) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "t-"}}
	if err := k8s.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	return ns.Name
}

// eventually is Gomega's Eventually with the suite's timeout.
func eventually(g *WithT, f any) AsyncAssertion {
	return g.Eventually(f).WithTimeout(30 * time.Second).WithPolling(100 * time.Millisecond)
}

// consistently is Gomega's Consistently for a short window.
func consistently(g *WithT, f any) AsyncAssertion {
	return g.Consistently(f).WithTimeout(2 * time.Second).WithPolling(100 * time.Millisecond)
}
