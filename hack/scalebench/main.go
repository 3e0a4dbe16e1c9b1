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

// Command scalebench measures the real manager binary at fleet scale, from outside, as a user
// would: it starts kube-apiserver and etcd (the envtest assets), installs the CRDs, populates
// namespaces of workloads with the objects a real app has, builds and runs the manager as a
// separate process under its own identity, and reports the time to evaluate everything, the
// manager's memory and CPU, its API requests (from the API server's audit log, filtered to the
// manager's user, and apiserver_request_total), change → status latency, and the writes made
// while nothing changes and during a restart's re-sync.
//
// Sizes are NSxW (namespaces × workloads per namespace): -sizes 50x20,100x100,1x2000.
// -quick runs one tiny size and fails (exit 1) when an invariant that holds at any size is
// broken: no live GET or LIST from the manager after its caches synced, no write while
// nothing changes, no write on a restart.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/testenv"
)

const managerUser = "prodready-manager"

type config struct {
	sizes       []size
	changes     int
	idle        time.Duration
	helmSecrets int
	helmSize    int
	quick       bool
	profileDir  string
	profileSecs int
	workers     int
	keep        bool
	managerArgs []string
	managerEnv  []string
}

type size struct{ namespaces, workloads int }

func (s size) total() int { return s.namespaces * s.workloads }

func (s size) String() string { return fmt.Sprintf("%dx%d", s.namespaces, s.workloads) }

func main() {
	var c config
	var sizes, extra, env string
	flag.StringVar(&sizes, "sizes", "50x20", "Comma-separated sizes NSxW: NS namespaces of W workloads each (each workload: Deployment, ProductionReadiness, PDB, HPA, Service, Secret, ConfigMap, NetworkPolicy).")
	flag.IntVar(&c.changes, "changes", 300, "Changes to Deployments for the change → status latency (each a spec change, then its rollout: two samples).")
	flag.DurationVar(&c.idle, "idle", 60*time.Second, "How long nothing changes while the manager's writes are counted.")
	flag.IntVar(&c.helmSecrets, "helm-secrets", 5, "Helm-release-sized Secrets per namespace.")
	flag.IntVar(&c.helmSize, "helm-secret-bytes", 1<<20-64<<10, "Size of each Helm-release-sized Secret's value.")
	flag.BoolVar(&c.quick, "quick", false, "A tiny run for make test (2x5, 20 changes, 3 s idle) that fails when an invariant is broken.")
	flag.StringVar(&c.profileDir, "profile-dir", "", "Write a CPU profile of the sync and heap profiles after the sync and at the end to this directory (runs the manager with --pprof-bind-address).")
	flag.IntVar(&c.profileSecs, "profile-seconds", 30, "Length of the CPU profile taken from the manager's start.")
	flag.IntVar(&c.workers, "workers", 8, "Parallel writers populating the API server.")
	flag.BoolVar(&c.keep, "keep", false, "Keep the work directory (manager log, audit log, kubeconfig).")
	flag.StringVar(&extra, "manager-args", "", "Extra flags for the manager, space-separated.")
	flag.StringVar(&env, "manager-env", "", "Extra environment of the manager, space-separated KEY=VALUE (e.g. GOMEMLIMIT=460MiB, the soft limit the chart's 512Mi limit gives it).")
	flag.Parse()
	if c.quick {
		sizes, c.changes, c.idle, c.helmSecrets, c.helmSize = "2x5", 20, 3*time.Second, 1, 256<<10
	}
	for _, f := range strings.Split(sizes, ",") {
		var s size
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%dx%d", &s.namespaces, &s.workloads); err != nil || s.namespaces < 1 || s.workloads < 1 {
			fatalf("-sizes: %q is not NSxW with positive numbers (e.g. 50x20)", f)
		}
		c.sizes = append(c.sizes, s)
	}
	c.managerArgs = strings.Fields(extra)
	c.managerEnv = strings.Fields(env)
	for _, kv := range c.managerEnv {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			fatalf("-manager-env: %q is not KEY=VALUE", kv)
		}
	}
	ctrllog.SetLogger(logr.Discard()) // the benchmark's own informer and envtest log nothing
	if err := run(c); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "scalebench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
}

func run(c config) error {
	work, err := os.MkdirTemp("", "scalebench-")
	if err != nil {
		return err
	}
	if !c.keep {
		defer func() { _ = os.RemoveAll(work) }()
	} else {
		logf("work directory %s", work)
	}
	root, err := testenv.Root()
	if err != nil {
		return err
	}
	bin := filepath.Join(work, "manager")
	logf("building the manager (go build ./cmd)")
	build := exec.Command("go", "build", "-o", bin, "./cmd")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the manager: %w", err)
	}
	var summaries []string
	failed := false
	for _, s := range c.sizes {
		r, err := runSize(c, s, bin, filepath.Join(work, s.String()))
		if err != nil {
			return fmt.Errorf("size %s: %w", s, err)
		}
		summaries = append(summaries, r.summary())
		r.print(os.Stdout)
		if c.quick {
			for _, v := range r.violations() {
				fmt.Printf("INVARIANT BROKEN: %s\n", v)
				failed = true
			}
		}
	}
	fmt.Println()
	for _, s := range summaries {
		fmt.Println(s)
	}
	if failed {
		return errors.New("invariants broken (see above)")
	}
	return nil
}

// phase is a named time window of the run; requests of the manager are attributed to the
// phase their timestamp falls in.
type phase struct {
	name       string
	start, end time.Time
}

type result struct {
	size         size
	syncTime     time.Duration
	firstVerdict time.Duration
	syncCPU      float64
	totalCPU     float64
	// controlPlaneSyncCPU is the CPU seconds kube-apiserver and etcd spent during the sync;
	// loadAtStart the 1-minute load average when the manager started (other work on the machine).
	controlPlaneSyncCPU float64
	loadAtStart         string
	rssPeak             int64 // bytes
	rssAfterSync        int64
	rssSteady           int64
	// rssFile is the part of the idle RSS that is file-backed (the executable's pages).
	rssFile       int64
	latencies     []time.Duration
	resyncTime    time.Duration
	phases        []phase
	requests      map[string]map[string]int // phase → "verb resource" → count
	syncMetrics   map[string]float64        // apiserver_request_total diff over the sync
	workloads     int
	rssSeries     []rssSample
	lostLatencies int
}

type rssSample struct {
	at  time.Duration
	rss int64
}

func runSize(c config, s size, bin, dir string) (*result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	res := &result{size: s, workloads: s.total(), requests: map[string]map[string]int{}}
	auditLog := filepath.Join(dir, "audit.log")
	policy := filepath.Join(dir, "audit-policy.yaml")
	if err := os.WriteFile(policy, []byte(auditPolicy), 0o644); err != nil {
		return nil, err
	}
	env := &envtest.Environment{}
	api := env.ControlPlane.GetAPIServer()
	api.Configure().Set("audit-policy-file", policy).Set("audit-log-path", auditLog).Set("audit-log-format", "json").
		Set("audit-log-maxsize", "0").Set("service-cluster-ip-range", "10.0.0.0/16").Set("max-requests-inflight", "800").Set("max-mutating-requests-inflight", "400")
	logf("[%s] starting kube-apiserver and etcd", s)
	if _, err := testenv.Start(env); err != nil {
		return nil, err
	}
	defer func() { _ = env.Stop() }()
	admin, err := env.AddUser(envtest.User{Name: "scalebench-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	user, err := env.AddUser(envtest.User{Name: managerUser, Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	kc, err := user.KubeConfig()
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(kubeconfig, kc, 0o600); err != nil {
		return nil, err
	}
	cfg := rest.CopyConfig(admin.Config())
	cfg.QPS, cfg.Burst = -1, 0
	cl, err := client.New(cfg, client.Options{Scheme: testenv.Scheme()})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	t := time.Now()
	if err := populate(ctx, cl, c, s); err != nil {
		return nil, err
	}
	logf("[%s] populated %d workloads (%d objects) in %s", s, s.total(), s.total()*8+s.namespaces*(1+c.helmSecrets), time.Since(t).Round(time.Millisecond))

	watch, err := newPRWatch(ctx, cfg)
	if err != nil {
		return nil, err
	}

	metricsPort, pprofPort := freePort(), freePort()
	args := []string{"--metrics-bind-address=127.0.0.1:" + strconv.Itoa(metricsPort), "--metrics-secure=false", "--health-probe-bind-address=0"}
	if c.profileDir != "" {
		args = append(args, "--pprof-bind-address=127.0.0.1:"+strconv.Itoa(pprofPort))
	}
	args = append(args, c.managerArgs...)
	before, err := requestTotals(ctx, cfg)
	if err != nil {
		return nil, err
	}

	// Sync: start → every ProductionReadiness evaluated at its generation.
	logf("[%s] starting the manager", s)
	cpBefore := controlPlaneCPU()
	res.loadAtStart = loadAverage()
	m, err := startManager(bin, args, c.managerEnv, kubeconfig, filepath.Join(dir, "manager.log"))
	if err != nil {
		return nil, err
	}
	defer m.stop()
	var cpuProfile chan error
	if c.profileDir != "" {
		cpuProfile = make(chan error, 1)
		go func() {
			cpuProfile <- fetchProfile(pprofPort, fmt.Sprintf("profile?seconds=%d", c.profileSecs), filepath.Join(c.profileDir, s.String()+"-cpu.pprof"))
		}()
		go func() {
			// The API server's own profile of the same seconds: where its share of the sync goes.
			file := filepath.Join(c.profileDir, s.String()+"-apiserver-cpu.pprof")
			if err := fetchAPIServerProfile(ctx, cfg, c.profileSecs, file); err != nil {
				logf("API server profile: %v", err)
			}
		}()
	}
	sync := phase{name: "sync", start: m.started}
	first, err := watch.waitAll(ctx, s.total(), m.started, 30*time.Minute)
	if err != nil {
		return nil, err
	}
	res.syncTime, res.firstVerdict = time.Since(m.started), first
	res.syncCPU = m.cpu()
	res.controlPlaneSyncCPU = controlPlaneCPU() - cpBefore
	res.rssAfterSync = m.rss()
	logf("[%s] all %d evaluated after %s (first after %s)", s, s.total(), res.syncTime.Round(time.Millisecond), first.Round(time.Millisecond))
	// Let the writes that follow the last status (labels, events) land.
	if err := waitQuiet(ctx, metricsPort, 30*time.Second); err != nil {
		return nil, err
	}
	sync.end = time.Now()
	res.phases = append(res.phases, sync)
	after, err := requestTotals(ctx, cfg)
	if err != nil {
		return nil, err
	}
	res.syncMetrics = diff(before, after)
	if c.profileDir != "" {
		if err := fetchProfile(pprofPort, "heap", filepath.Join(c.profileDir, s.String()+"-heap-sync.pprof")); err != nil {
			return nil, err
		}
	}

	// Change → status latency.
	changes := phase{name: "changes", start: time.Now()}
	res.latencies, res.lostLatencies, err = measureChanges(ctx, cl, watch, c, s)
	if err != nil {
		return nil, err
	}
	if err := waitQuiet(ctx, metricsPort, 30*time.Second); err != nil {
		return nil, err
	}
	changes.end = time.Now()
	res.phases = append(res.phases, changes)

	// Nothing changes.
	idle := phase{name: "idle", start: time.Now()}
	var steady []int64
	for deadline := time.Now().Add(c.idle); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		steady = append(steady, m.rss())
	}
	idle.end = time.Now()
	res.phases = append(res.phases, idle)
	sort.Slice(steady, func(i, j int) bool { return steady[i] < steady[j] })
	res.rssSteady = steady[len(steady)/2]
	res.rssFile = procStatus(m.cmd.Process.Pid, "RssFile:")
	if c.profileDir != "" {
		if err := <-cpuProfile; err != nil {
			return nil, err
		}
		if err := fetchProfile(pprofPort, "heap", filepath.Join(c.profileDir, s.String()+"-heap-idle.pprof")); err != nil {
			return nil, err
		}
	}
	res.rssPeak = m.peak()
	res.rssSeries = m.series()
	res.totalCPU = m.cpu()

	// Restart: stop, start, wait until every object was reconciled again and the queue is empty.
	logf("[%s] restarting the manager", s)
	m.stop()
	restart := phase{name: "restart", start: time.Now()}
	m2, err := startManager(bin, args, c.managerEnv, kubeconfig, filepath.Join(dir, "manager-restart.log"))
	if err != nil {
		return nil, err
	}
	defer m2.stop()
	if err := waitReconciled(ctx, metricsPort, s.total(), 30*time.Minute); err != nil {
		return nil, err
	}
	res.resyncTime = time.Since(m2.started)
	if err := waitQuiet(ctx, metricsPort, 30*time.Second); err != nil {
		return nil, err
	}
	restart.end = time.Now()
	res.phases = append(res.phases, restart)
	m2.stop()

	if err := countAudit(auditLog, res); err != nil {
		return nil, err
	}
	return res, nil
}

// auditPolicy logs the metadata of the manager's requests only.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
  users: ["` + managerUser + `"]
- level: None
`

// --- population ---------------------------------------------------------------------------

func populate(ctx context.Context, cl client.Client, c config, s size) error {
	jobs := make(chan func() error)
	errs := make(chan error, c.workers)
	var wg sync.WaitGroup
	for i := 0; i < c.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if err := job(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	rng := rand.New(rand.NewSource(1))
	helm := make([]byte, c.helmSize)
	for i := range helm {
		helm[i] = byte('a' + rng.Intn(26))
	}
	send := func(f func() error) bool {
		select {
		case jobs <- f:
			return true
		case err := <-errs:
			errs <- err
			return false
		}
	}
	for n := 0; n < s.namespaces; n++ {
		ns := fmt.Sprintf("app-%04d", n)
		if err := cl.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
			close(jobs)
			return fmt.Errorf("creating namespace %s: %w", ns, err)
		}
		for h := 0; h < c.helmSecrets; h++ {
			name := fmt.Sprintf("sh.helm.release.v1.app.v%d", h+1)
			if !send(func() error {
				return create(ctx, cl, &corev1.Secret{
					ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"owner": "helm", "name": "app", "status": "superseded"}},
					Type:       "helm.sh/release.v1", Data: map[string][]byte{"release": helm},
				})
			}) {
				break
			}
		}
		for w := 0; w < s.workloads; w++ {
			name := fmt.Sprintf("w-%05d", w)
			if !send(func() error { return createWorkload(ctx, cl, ns, name) }) {
				break
			}
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func create(ctx context.Context, cl client.Client, o client.Object) error {
	if err := cl.Create(ctx, o); err != nil {
		return fmt.Errorf("creating %T %s/%s: %w", o, o.GetNamespace(), o.GetName(), err)
	}
	return nil
}

// createWorkload creates a Deployment passing the production profile's Required checks with its
// PDB, HPA, Service, Secret, ConfigMap and NetworkPolicy, marks it rolled out and creates its
// ProductionReadiness.
func createWorkload(ctx context.Context, cl client.Client, ns, name string) error {
	d := testenv.GoodDeployment(ns, name)
	pod := &d.Spec.Template.Spec
	pod.Containers[0].Env[0].ValueFrom.SecretKeyRef.Name = name + "-db"
	pod.Containers[0].EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name + "-config"}}}}
	sel := map[string]string{"app.kubernetes.io/name": name}
	secret := testenv.SecretFor(ns, name+"-db", "password")
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name + "-config", Namespace: ns}, Data: map[string]string{"LOG_LEVEL": "info", "FEATURES": strings.Repeat("x", 2048)}}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: corev1.ServiceSpec{
		Selector: sel, Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}}}}
	np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: networkingv1.NetworkPolicySpec{
		PodSelector: metav1.LabelSelector{MatchLabels: sel}, PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
		Ingress: []networkingv1.NetworkPolicyIngressRule{{}}}}
	for _, o := range []client.Object{secret, cm, svc, np, testenv.PDBFor(ns, name), testenv.HPAFor(ns, name, 2), d} {
		if err := create(ctx, cl, o); err != nil {
			return err
		}
	}
	if err := markRolledOut(ctx, cl, d); err != nil {
		return err
	}
	return create(ctx, cl, testenv.ReadinessFor(ns, name))
}

// markRolledOut sets a Deployment's status to a completed rollout of its generation, as the
// deployment controller would.
func markRolledOut(ctx context.Context, cl client.Client, d *appsv1.Deployment) error {
	n := int32(1)
	if d.Spec.Replicas != nil {
		n = *d.Spec.Replicas
	}
	d.Status = appsv1.DeploymentStatus{
		ObservedGeneration: d.Generation, Replicas: n, UpdatedReplicas: n, ReadyReplicas: n, AvailableReplicas: n,
		Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable"}},
	}
	body, err := json.Marshal(map[string]any{"status": d.Status})
	if err != nil {
		return err
	}
	if err := cl.Status().Patch(ctx, d, client.RawPatch(types.MergePatchType, body)); err != nil {
		return fmt.Errorf("marking Deployment %s/%s rolled out: %w", d.Namespace, d.Name, err)
	}
	return nil
}

// --- watching ProductionReadiness ---------------------------------------------------------

type prState struct {
	evaluated            bool
	targetGen, targetObs int64
}

// prWatch follows every ProductionReadiness through an informer of the benchmark's own.
type prWatch struct {
	mu        sync.Mutex
	state     map[types.NamespacedName]prState
	firstSeen time.Time
	evaluated int
	changed   chan struct{}
}

func newPRWatch(ctx context.Context, cfg *rest.Config) (*prWatch, error) {
	ca, err := cache.New(cfg, cache.Options{Scheme: testenv.Scheme()})
	if err != nil {
		return nil, err
	}
	inf, err := ca.GetInformer(ctx, &v1alpha1.ProductionReadiness{})
	if err != nil {
		return nil, err
	}
	w := &prWatch{state: map[types.NamespacedName]prState{}, changed: make(chan struct{}, 1)}
	update := func(o any) {
		pr, ok := o.(*v1alpha1.ProductionReadiness)
		if !ok {
			return
		}
		st := prState{evaluated: pr.Status.ObservedGeneration == pr.Generation && pr.Generation > 0}
		if pr.Status.Target != nil {
			st.targetGen, st.targetObs = pr.Status.Target.Generation, pr.Status.Target.ObservedGeneration
		}
		k := types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}
		w.mu.Lock()
		old := w.state[k]
		if st.evaluated && !old.evaluated {
			w.evaluated++
			if w.firstSeen.IsZero() {
				w.firstSeen = time.Now()
			}
		}
		w.state[k] = st
		w.mu.Unlock()
		select {
		case w.changed <- struct{}{}:
		default:
		}
	}
	if _, err := inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc: update, UpdateFunc: func(_, n any) { update(n) },
	}); err != nil {
		return nil, err
	}
	go func() { _ = ca.Start(ctx) }()
	if !ca.WaitForCacheSync(ctx) {
		return nil, errors.New("the benchmark's ProductionReadiness informer did not sync")
	}
	return w, nil
}

// waitAll waits until n objects are evaluated; it returns the delay of the first verdict.
func (w *prWatch) waitAll(ctx context.Context, n int, start time.Time, timeout time.Duration) (time.Duration, error) {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		done, first := w.evaluated >= n, w.firstSeen
		w.mu.Unlock()
		if done {
			return first.Sub(start), nil
		}
		select {
		case <-w.changed:
		case <-time.After(time.Second):
		case <-deadline:
			return 0, fmt.Errorf("%d of %d ProductionReadiness evaluated after %s", w.evaluated, n, timeout)
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// waitFor waits until the state of k satisfies ok.
func (w *prWatch) waitFor(ctx context.Context, k types.NamespacedName, ok func(prState) bool, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		st := w.state[k]
		w.mu.Unlock()
		if ok(st) {
			return true
		}
		select {
		case <-w.changed:
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// measureChanges changes Deployments one after the other: a spec change (the new generation must
// show in status.target.generation), then its rollout (status.target.observedGeneration).
func measureChanges(ctx context.Context, cl client.Client, w *prWatch, c config, s size) ([]time.Duration, int, error) {
	var out []time.Duration
	lost := 0
	for i := 0; i < c.changes; i++ {
		ns := fmt.Sprintf("app-%04d", i%s.namespaces)
		name := fmt.Sprintf("w-%05d", (i/s.namespaces)%s.workloads)
		k := types.NamespacedName{Namespace: ns, Name: name}
		d := &appsv1.Deployment{}
		if err := cl.Get(ctx, k, d); err != nil {
			return nil, 0, err
		}
		d.Spec.Template.Spec.Containers[0].Image = fmt.Sprintf("registry.example.com/shop/api:1.4.%d", 3+i)
		t0 := time.Now()
		patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":%q,"image":%q}]}}}}`, d.Spec.Template.Spec.Containers[0].Name, d.Spec.Template.Spec.Containers[0].Image)
		if err := cl.Patch(ctx, d, client.RawPatch(types.StrategicMergePatchType, []byte(patch))); err != nil {
			return nil, 0, fmt.Errorf("changing Deployment %s: %w", k, err)
		}
		gen := d.Generation
		if w.waitFor(ctx, k, func(st prState) bool { return st.targetGen >= gen }, 30*time.Second) {
			out = append(out, time.Since(t0))
		} else {
			lost++
		}
		t0 = time.Now()
		if err := markRolledOut(ctx, cl, d); err != nil {
			return nil, 0, err
		}
		if w.waitFor(ctx, k, func(st prState) bool { return st.targetObs >= gen }, 30*time.Second) {
			out = append(out, time.Since(t0))
		} else {
			lost++
		}
	}
	return out, lost, nil
}

// --- the manager process ------------------------------------------------------------------

type managerProc struct {
	cmd     *exec.Cmd
	started time.Time
	done    chan struct{}

	mu      sync.Mutex
	samples []rssSample
	max     int64
	lastCPU float64
	stopped bool
}

func startManager(bin string, args, env []string, kubeconfig, logPath string) (*managerProc, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "KUBECONFIG="+kubeconfig), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	m := &managerProc{cmd: cmd, done: make(chan struct{})}
	m.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the manager: %w", err)
	}
	go func() {
		_ = cmd.Wait()
		_ = logFile.Close()
		close(m.done)
	}()
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-tick.C:
				rss := procRSS(cmd.Process.Pid)
				cpu := procCPU(cmd.Process.Pid)
				m.mu.Lock()
				if rss > 0 {
					m.samples = append(m.samples, rssSample{at: time.Since(m.started), rss: rss})
					if rss > m.max {
						m.max = rss
					}
				}
				if cpu > 0 {
					m.lastCPU = cpu
				}
				m.mu.Unlock()
			}
		}
	}()
	return m, nil
}

func (m *managerProc) rss() int64 { return procRSS(m.cmd.Process.Pid) }

func (m *managerProc) cpu() float64 {
	if c := procCPU(m.cmd.Process.Pid); c > 0 {
		return c
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastCPU
}

func (m *managerProc) peak() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.max
}

func (m *managerProc) series() []rssSample {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]rssSample(nil), m.samples...)
}

func (m *managerProc) stop() {
	m.mu.Lock()
	if m.stopped {
		m.mu.Unlock()
		return
	}
	m.stopped = true
	m.mu.Unlock()
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(30 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

// procRSS is VmRSS of /proc/<pid>/status in bytes (0 when the process is gone).
func procRSS(pid int) int64 { return procStatus(pid, "VmRSS:") }

// procStatus reads a size field ("VmRSS:", "RssFile:") of /proc/<pid>/status in bytes.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// controlPlaneCPU is the CPU seconds of the kube-apiserver and etcd processes this benchmark
// started (its children), from /proc.
func controlPlaneCPU() float64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	self := os.Getpid()
	total := 0.0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		st := string(b)
		open, end := strings.IndexByte(st, '('), strings.LastIndexByte(st, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(st[end+1:])
		if len(f) < 2 {
			continue
		}
		if comm := st[open+1 : end]; comm != "kube-apiserver" && comm != "etcd" {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); ppid == self {
			total += procCPU(pid)
		}
	}
	return total
}

// loadAverage is the 1-minute load average of the machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// procCPU is utime+stime of /proc/<pid>/stat in seconds (clock ticks of 1/100 s).
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	// The command name is in parentheses and may hold spaces: fields count from after it.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("no free port: %v", err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port
}

func fetchProfile(port int, path, file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ { // the endpoint comes up with the manager
		resp, err = http.Get(fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/%s", port, path))
		if err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("fetching the %s profile: %w", path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	return saveProfile(resp, file)
}

// saveProfile writes a profile response to file.
func saveProfile(resp *http.Response, file string) error {
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return err
	}
	logf("profile written: %s", file)
	return f.Close()
}

// managerMetrics reads the manager's metrics endpoint (plain HTTP on localhost).
func managerMetrics(port int) (map[string]float64, error) {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	return parseMetrics(resp.Body, func(name string) bool {
		return name == "controller_runtime_reconcile_total" || name == "workqueue_depth" || name == "workqueue_unfinished_work_seconds"
	})
}

var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)`)

func parseMetrics(r io.Reader, want func(string) bool) (map[string]float64, error) {
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := sampleLine.FindStringSubmatch(sc.Text())
		if m == nil || !want(m[1]) {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		out[m[1]+m[2]] += v
	}
	return out, sc.Err()
}

func labelOf(series, label string) string {
	i := strings.Index(series, label+`="`)
	if i < 0 {
		return ""
	}
	rest := series[i+len(label)+2:]
	return rest[:strings.IndexByte(rest, '"')]
}

// reconciled sums the ProductionReadiness controller's reconciles, and its queue depth.
func reconciled(port int) (total, depth float64, err error) {
	m, err := managerMetrics(port)
	if err != nil {
		return 0, 0, err
	}
	for k, v := range m {
		switch {
		case strings.HasPrefix(k, "controller_runtime_reconcile_total") && labelOf(k, "controller") == "productionreadiness":
			total += v
		case strings.HasPrefix(k, "workqueue_depth"):
			depth += v
		}
	}
	return total, depth, nil
}

// waitReconciled waits until the ProductionReadiness controller reconciled at least n times
// and every queue is empty.
func waitReconciled(ctx context.Context, port, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		total, depth, err := reconciled(port)
		if err == nil && total >= float64(n) && depth == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("the restarted manager did not reconcile %d objects within %s", n, timeout)
}

// waitQuiet waits until the manager's queues stayed empty and no reconcile ran for a second.
func waitQuiet(ctx context.Context, port int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last, quietSince := -1.0, time.Now()
	for time.Now().Before(deadline) {
		total, depth, err := reconciled(port)
		if err == nil {
			if total != last || depth > 0 {
				last, quietSince = total, time.Now()
			} else if time.Since(quietSince) >= time.Second {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("the manager did not go quiet within %s", timeout)
}

// requestTotals reads apiserver_request_total by "verb resource[/subresource]".
// fetchAPIServerProfile writes a CPU profile of the API server (its /debug/pprof, read as the
// admin user).
func fetchAPIServerProfile(ctx context.Context, cfg *rest.Config, seconds int, file string) error {
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", strings.TrimSuffix(cfg.Host, "/"), seconds), nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	return saveProfile(resp, file)
}

func requestTotals(ctx context.Context, cfg *rest.Config) (map[string]float64, error) {
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(cfg.Host, "/")+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading the API server's metrics: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := parseMetrics(resp.Body, func(name string) bool { return name == "apiserver_request_total" })
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for k, v := range raw {
		what := labelOf(k, "resource")
		if sub := labelOf(k, "subresource"); sub != "" {
			what += "/" + sub
		}
		if what == "" {
			continue
		}
		out[strings.ToLower(labelOf(k, "verb"))+" "+what] += v
	}
	return out, nil
}

func diff(before, after map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range after {
		if d := v - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

// --- the audit log ------------------------------------------------------------------------

type auditEvent struct {
	AuditID   string `json:"auditID"`
	Stage     string `json:"stage"`
	Verb      string `json:"verb"`
	RequestAt string `json:"requestReceivedTimestamp"`
	User      struct {
		Username string `json:"username"`
	} `json:"user"`
	ObjectRef *struct {
		Resource    string `json:"resource"`
		Subresource string `json:"subresource"`
	} `json:"objectRef"`
	RequestURI string `json:"requestURI"`
}

// countAudit attributes each of the manager's requests (counted once, by audit ID) to the
// phase its request time falls in.
func countAudit(path string, res *result) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the audit log: %w", err)
	}
	defer func() { _ = f.Close() }()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev auditEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || ev.User.Username != managerUser || seen[ev.AuditID] {
			continue
		}
		seen[ev.AuditID] = true
		at, err := time.Parse(time.RFC3339Nano, ev.RequestAt)
		if err != nil {
			continue
		}
		name := "other"
		for _, p := range res.phases {
			if !at.Before(p.start) && at.Before(p.end) {
				name = p.name
			}
		}
		what := "nonresource"
		if ev.ObjectRef != nil {
			what = ev.ObjectRef.Resource
			if ev.ObjectRef.Subresource != "" {
				what += "/" + ev.ObjectRef.Subresource
			}
		}
		if res.requests[name] == nil {
			res.requests[name] = map[string]int{}
		}
		res.requests[name][ev.Verb+" "+what]++
	}
	return sc.Err()
}

func isWrite(verb string) bool {
	switch verb {
	case "create", "update", "patch", "delete", "deletecollection":
		return true
	}
	return false
}

// --- reporting ----------------------------------------------------------------------------

func (r *result) count(phase string, match func(verb, what string) bool) int {
	n := 0
	for k, v := range r.requests[phase] {
		verb, what, _ := strings.Cut(k, " ")
		if match(verb, what) {
			n += v
		}
	}
	return n
}

func writes(verb, _ string) bool { return isWrite(verb) }

func liveReads(verb, what string) bool {
	return (verb == "get" || verb == "list") && what != "nonresource"
}

func (r *result) violations() []string {
	var out []string
	for _, p := range []string{"changes", "idle"} {
		if n := r.count(p, liveReads); n > 0 {
			out = append(out, fmt.Sprintf("%d live GET/LIST requests from the manager after its caches synced (%s): %v", n, p, r.requests[p]))
		}
	}
	if n := r.count("idle", writes); n > 0 {
		out = append(out, fmt.Sprintf("%d writes while nothing changed: %v", n, r.requests["idle"]))
	}
	if n := r.count("restart", writes); n > 0 {
		out = append(out, fmt.Sprintf("%d writes on restart: %v", n, r.requests["restart"]))
	}
	if r.lostLatencies > 0 {
		out = append(out, fmt.Sprintf("%d changes never showed in the status within 30 s", r.lostLatencies))
	}
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p*float64(len(s))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func ms(d time.Duration) int64 { return d.Milliseconds() }

func (r *result) writeMix(phase string) string {
	var parts []string
	for k, v := range r.requests[phase] {
		verb, _, _ := strings.Cut(k, " ")
		if isWrite(verb) {
			parts = append(parts, fmt.Sprintf("%s %.2f", k, float64(v)/float64(r.workloads)))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func (r *result) print(w io.Writer) {
	_, _ = fmt.Fprintf(w, "\n== %s: %d workloads in %d namespaces ==\n", r.size, r.workloads, r.size.namespaces)
	_, _ = fmt.Fprintf(w, "start → all evaluated  %.1f s (first verdict after %.1f s); restart → all reconciled %.1f s\n", r.syncTime.Seconds(), r.firstVerdict.Seconds(), r.resyncTime.Seconds())
	_, _ = fmt.Fprintf(w, "manager RSS            after sync %.0f MiB, steady (idle median) %.0f MiB (of which file-backed, the executable's pages: %.0f MiB), peak %.0f MiB\n", mib(r.rssAfterSync), mib(r.rssSteady), mib(r.rssFile), mib(r.rssPeak))
	_, _ = fmt.Fprintf(w, "manager CPU            %.1f s for the sync, %.1f s until the restart\n", r.syncCPU, r.totalCPU)
	_, _ = fmt.Fprintf(w, "API server + etcd CPU  %.1f s during the sync (load average %s when the manager started)\n", r.controlPlaneSyncCPU, r.loadAtStart)
	_, _ = fmt.Fprintf(w, "change → status        p50 %d / p90 %d / p99 %d / max %d ms over %d samples\n",
		ms(percentile(r.latencies, .5)), ms(percentile(r.latencies, .9)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)), len(r.latencies))
	_, _ = fmt.Fprintf(w, "writes per workload on first sync: %.2f (%s)\n", float64(r.count("sync", writes))/float64(r.workloads), r.writeMix("sync"))
	for _, p := range []string{"sync", "changes", "idle", "restart", "other"} {
		if len(r.requests[p]) == 0 {
			continue
		}
		var keys []string
		for k := range r.requests[p] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%d", k, r.requests[p][k]))
		}
		_, _ = fmt.Fprintf(w, "manager requests, %-8s %s\n", p+":", strings.Join(parts, " "))
	}
	if len(r.syncMetrics) > 0 {
		var keys []string
		for k := range r.syncMetrics {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%.0f", k, r.syncMetrics[k]))
		}
		_, _ = fmt.Fprintf(w, "apiserver_request_total during the sync (all clients): %s\n", strings.Join(parts, " "))
	}
	// RSS over time, ten points.
	if n := len(r.rssSeries); n > 0 {
		var parts []string
		for i := 0; i < 10; i++ {
			s := r.rssSeries[i*(n-1)/9]
			parts = append(parts, fmt.Sprintf("%.0fs:%.0f", s.at.Seconds(), mib(s.rss)))
		}
		_, _ = fmt.Fprintf(w, "RSS over time (MiB)    %s\n", strings.Join(parts, " "))
	}
}

func (r *result) summary() string {
	return fmt.Sprintf("scalebench %s (%d workloads): all evaluated %.1f s (first %.1f s) | RSS steady/peak %.0f/%.0f MiB | CPU sync %.1f s (API server + etcd %.1f s, load %s) | change→status p50/p90/p99/max %d/%d/%d/%d ms (n=%d) | writes/workload first sync %.2f | writes idle %d, restart %d | live reads after sync %d",
		r.size, r.workloads, r.syncTime.Seconds(), r.firstVerdict.Seconds(), mib(r.rssSteady), mib(r.rssPeak), r.syncCPU, r.controlPlaneSyncCPU, r.loadAtStart,
		ms(percentile(r.latencies, .5)), ms(percentile(r.latencies, .9)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)), len(r.latencies),
		float64(r.count("sync", writes))/float64(r.workloads), r.count("idle", writes), r.count("restart", writes),
		r.count("changes", liveReads)+r.count("idle", liveReads))
}
