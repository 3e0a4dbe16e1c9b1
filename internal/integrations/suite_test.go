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
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	"go.uber.org/zap/zapcore"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/testenv"
)

// The envtest suite of the integrations: a real kube-apiserver and etcd with the prodready CRDs
// and a test stub of the OpenReports Report CRD, and one manager configured as cmd/main.go
// configures it (cache options, field indexes) running the Flagger gate on a local port and the
// OpenReports publisher with its writes counted. The ProductionReadiness controller does not
// run: the tests write statuses themselves, through the status subresource.

var (
	testEnv  *envtest.Environment
	cfg      *rest.Config
	k8s      client.Client // direct client: the tests' own reads and writes, uncached
	cached   client.Client // the manager's cached client
	scheme   = testenv.Scheme()
	gateURL  string // the Flagger gate served by AddFlaggerGate
	applies  = &applyCounter{}
	suiteCtx context.Context
)

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	logf.SetLogger(zap.New(zap.WriteTo(os.Stderr), zap.Level(zapLevel())))
	// The Report CRD is a test stub of the OpenReports one.
	testEnv = &envtest.Environment{CRDDirectoryPaths: []string{filepath.Join("testdata", "crds")}, Scheme: scheme}
	var err error
	if cfg, err = testenv.Start(testEnv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = testEnv.Stop() }()

	if k8s, err = client.New(cfg, client.Options{Scheme: scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	suiteCtx = ctx
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

// startManager runs a manager as cmd/main.go wires it: cache options, the controller's field
// indexes, the Flagger gate (AddFlaggerGate) and the OpenReports publisher, whose client counts
// its server-side applies.
func startManager(ctx context.Context) (<-chan struct{}, error) {
	mgr, err := newManager()
	if err != nil {
		return nil, err
	}
	if err := controller.SetupIndexes(ctx, mgr); err != nil {
		return nil, err
	}
	addr, err := freeAddress()
	if err != nil {
		return nil, err
	}
	if err := AddFlaggerGate(mgr, GateServerOptions{Addr: addr}); err != nil {
		return nil, err
	}
	gateURL = "http://" + addr + FlaggerGatePath
	counted := interceptor.NewClient(noWatch{mgr.GetClient()}, applies.funcs())
	if err := (&ReportReconciler{Client: counted}).SetupWithManager(mgr); err != nil {
		return nil, err
	}
	cached = mgr.GetClient()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := mgr.Start(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "manager:", err)
		}
	}()
	if !mgr.GetCache().WaitForCacheSync(ctx) {
		return nil, fmt.Errorf("cache did not sync")
	}
	return done, waitListening(addr)
}

// newManager returns a manager with the options cmd/main.go uses (no metrics, no probes).
func newManager(opts ...func(*ctrl.Options)) (manager.Manager, error) {
	o := controller.WithCacheOptions(ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
	})
	for _, f := range opts {
		f(&o)
	}
	return ctrl.NewManager(cfg, o)
}

// freeAddress returns a local address nothing listens on.
func freeAddress() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String(), nil
}

// waitListening waits for the gate's listener.
func waitListening(addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the promotion gate does not listen on %s: %w", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func zapLevel() zapcore.Level {
	if os.Getenv("PRODREADY_TEST_LOG") != "" {
		return zapcore.DebugLevel
	}
	return zapcore.ErrorLevel
}

// noWatch adapts the manager's client to client.WithWatch for the interceptor.
type noWatch struct{ client.Client }

func (noWatch) Watch(context.Context, client.ObjectList, ...client.ListOption) (watch.Interface, error) {
	return nil, fmt.Errorf("watch is not supported through the publisher's client")
}

// applyCounter counts server-side applies per "namespace/name".
type applyCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (a *applyCounter) funcs() interceptor.Funcs {
	return interceptor.Funcs{
		Apply: func(ctx context.Context, c client.WithWatch, obj runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
			a.add(applyKey(obj))
			return c.Apply(ctx, obj, opts...)
		},
	}
}

func (a *applyCounter) add(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n == nil {
		a.n = map[string]int{}
	}
	a.n[key]++
}

func (a *applyCounter) count(ns, name string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n[ns+"/"+name]
}

// applyKey names an applied object "namespace/name".
func applyKey(obj runtime.ApplyConfiguration) string {
	switch o := obj.(type) {
	case interface {
		GetNamespace() string
		GetName() string
	}:
		return o.GetNamespace() + "/" + o.GetName()
	case interface {
		GetNamespace() *string
		GetName() *string
	}:
		return ptr.Deref(o.GetNamespace(), "") + "/" + ptr.Deref(o.GetName(), "")
	}
	return fmt.Sprintf("%T", obj)
}

// newNamespace creates a namespace for one test.
func newNamespace(t *testing.T) string {
	t.Helper()
	ns, err := testenv.Namespace(context.Background(), k8s)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// ensureNamespace creates a namespace with a fixed name unless it exists.
func ensureNamespace(t *testing.T, name string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if err := k8s.Create(context.Background(), ns); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// eventually is Gomega's Eventually with the suite's timeout.
func eventually(g *WithT, f any) AsyncAssertion {
	return g.Eventually(f).WithTimeout(30 * time.Second).WithPolling(100 * time.Millisecond)
}

// consistently is Gomega's Consistently for a short window.
func consistently(g *WithT, f any) AsyncAssertion {
	return g.Consistently(f).WithTimeout(2 * time.Second).WithPolling(100 * time.Millisecond)
}

// waitCached waits until the manager's cache holds obj at its current resourceVersion.
func waitCached(t *testing.T, obj client.Object) {
	t.Helper()
	g := NewWithT(t)
	eventually(g, func(g Gomega) {
		got := obj.DeepCopyObject().(client.Object)
		g.Expect(cached.Get(context.Background(), client.ObjectKeyFromObject(obj), got)).To(Succeed())
		g.Expect(got.GetResourceVersion()).To(Equal(obj.GetResourceVersion()))
	}).Should(Succeed())
}

// recordingManager records what is added to a manager.
type recordingManager struct {
	manager.Manager
	added []manager.Runnable
}

func (m *recordingManager) Add(r manager.Runnable) error {
	m.added = append(m.added, r)
	return m.Manager.Add(r)
}
