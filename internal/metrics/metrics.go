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

// Package metrics exports prodready's Prometheus metrics on the manager's metrics endpoint,
// next to controller-runtime's own (reconcile counts, latencies, work queues).
package metrics

import (
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/api/meta"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Metric names. The aggregate series (by namespace) are always served; the per-object ones only
// with Options.PerObject (the manager's --metrics-per-object).
const (
	ObjectsName      = "prodready_readiness_objects"
	CheckResultsName = "prodready_check_results"
	DurationName     = "prodready_evaluation_duration_seconds"

	ReadyName       = "prodready_readiness_ready"
	CheckResultName = "prodready_check_result"
	InfoName        = "prodready_readiness_info"
	// WorkloadsName counts the workloads a ProductionReadiness targets, per namespace and
	// ready ("true" when every ProductionReadiness targeting the workload is Ready): at most
	// two series per namespace.
	WorkloadsName = "prodready_workloads"
	// PolicyCoverageName is, per ReadinessPolicy, the share (0 to 1) of the workloads it
	// matches that a ProductionReadiness covers: one series per policy.
	PolicyCoverageName = "prodready_policy_coverage"
)

// Names lists the metrics the manager exports by default (the per-object ones need
// --metrics-per-object: PerObjectNames).
func Names() []string {
	return []string{ObjectsName, CheckResultsName, DurationName, WorkloadsName, PolicyCoverageName, AdmissionFailuresName}
}

// PerObjectNames lists the series served only with Options.PerObject.
func PerObjectNames() []string { return []string{ReadyName, CheckResultName, InfoName} }

// ControllerRuntimeNames are the controller-runtime metrics the manager exports that the
// dashboard and alerts use (reconcile errors, webhook answers).
var ControllerRuntimeNames = []string{
	"controller_runtime_reconcile_total",
	"controller_runtime_reconcile_errors_total",
	"controller_runtime_webhook_requests_total",
}

// Options choose the series a Recorder keeps.
type Options struct {
	// PerObject adds series per ProductionReadiness (ready, info, and one per check): about
	// 2 + checks series per object, which a large fleet should not send to one Prometheus.
	PerObject bool
}

// Recorder keeps the series current. By default they are aggregates: per namespace, how many
// ProductionReadiness objects have each Ready reason, and how many have each result for each
// check (a series goes away when its count reaches zero). With Options.PerObject it also keeps
// exactly one prodready_check_result series per check of each object (labelled with the current
// result), removed when the object goes away.
type Recorder struct {
	perObject bool

	objects  *prometheus.GaugeVec
	results  *prometheus.GaugeVec
	ready    *prometheus.GaugeVec
	info     *prometheus.GaugeVec
	check    *prometheus.GaugeVec
	duration prometheus.Histogram
	// workloads and coverage are the fleet view.
	workloads *prometheus.GaugeVec
	coverage  *prometheus.GaugeVec

	mu     sync.Mutex
	seen   map[key]state
	counts map[aggKey]int // objects by (namespace, reason) and results by (namespace, check, result)
	// targets holds, per namespace and target ("Kind/name"), the Ready state of each
	// ProductionReadiness targeting it, by name.
	targets map[string]*namespaceTargets
	// resultSets interns the check results of the objects: a fleet of similar workloads shares
	// a few distinct sets, so the per-object state is a pointer, not a map of every check.
	resultSets map[string]*resultSet
}

// resultSet is an immutable check id → result map, shared by the objects that have it.
type resultSet struct{ m map[string]string }

// resultSetLimit bounds the interned sets; past it the table starts afresh (sets already held
// stay valid, they are only no longer shared with new ones).
const resultSetLimit = 4096

type key struct{ namespace, name string }

// results is the state's check id → result map (nil for no state).
func (st state) results() map[string]string {
	if st.checks == nil {
		return nil
	}
	return st.checks.m
}

// aggKey is a label set of an aggregate series: check empty for prodready_readiness_objects.
type aggKey struct{ namespace, check, value string }

type state struct {
	reason string
	checks *resultSet // check id → result, interned
	info   []string   // label values of the per-object info series
	target string     // "Kind/name"
}

// NewRecorder creates the default (aggregate) metrics and registers them with reg (nil:
// controller-runtime's registry, served on the manager's metrics endpoint).
func NewRecorder(reg prometheus.Registerer) *Recorder { return NewRecorderWith(reg, Options{}) }

// NewRecorderWith creates the metrics o chooses and registers them with reg (nil:
// controller-runtime's registry).
func NewRecorderWith(reg prometheus.Registerer, o Options) *Recorder {
	if reg == nil {
		reg = ctrlmetrics.Registry
	}
	r := &Recorder{
		perObject: o.PerObject,
		objects: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: ObjectsName,
			Help: "Number of ProductionReadiness objects of a namespace by the reason of their Ready condition (ChecksPassed is Ready).",
		}, []string{"namespace", "reason"}),
		results: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: CheckResultsName,
			Help: "Number of ProductionReadiness objects of a namespace with each result (Pass, Fail, Warn, Skip, Error, Pending) of each check.",
		}, []string{"namespace", "check", "result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    DurationName,
			Help:    "Time to evaluate one ProductionReadiness: gather the snapshot from the cache, run the checks, build the status.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},
		}),
		workloads: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: WorkloadsName,
			Help: "Workloads targeted by a ProductionReadiness, per namespace; ready is true when every ProductionReadiness targeting the workload is Ready.",
		}, []string{"namespace", "ready"}),
		coverage: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: PolicyCoverageName,
			Help: "Share (0 to 1) of the workloads a ReadinessPolicy matches that a ProductionReadiness covers (1 when it matches none).",
		}, []string{"policy"}),
		seen:       map[key]state{},
		resultSets: map[string]*resultSet{},
		counts:     map[aggKey]int{},
		targets:    map[string]*namespaceTargets{},
	}
	reg.MustRegister(r.objects, r.results, r.duration, r.workloads, r.coverage)
	if o.PerObject {
		r.ready = prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: ReadyName,
			Help: "1 when the ProductionReadiness is Ready (every Required check passes and the target is rolled out), 0 otherwise.",
		}, []string{"namespace", "name", "target_kind", "target_name"})
		r.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: InfoName,
			Help: "Always 1; labels carry the ProductionReadiness's profile and the reason of its Ready condition.",
		}, []string{"namespace", "name", "profile", "reason"})
		r.check = prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: CheckResultName,
			Help: "1 for the current result of each check of each ProductionReadiness (result is Pass, Fail, Warn, Skip, Error or Pending).",
		}, []string{"namespace", "name", "check", "result"})
		reg.MustRegister(r.ready, r.info, r.check)
	}
	return r
}

// ObservePolicy records a ReadinessPolicy's coverage.
func (r *Recorder) ObservePolicy(name string, workloads, covered int32) {
	v := 1.0
	if workloads > 0 {
		v = float64(covered) / float64(workloads)
	}
	r.coverage.WithLabelValues(name).Set(v)
}

// ForgetPolicy removes a deleted ReadinessPolicy's series.
func (r *Recorder) ForgetPolicy(name string) { r.coverage.DeleteLabelValues(name) }

// setTarget records one ProductionReadiness's Ready state for its target (ready nil: removed)
// and refreshes the namespace's workload counts. Callers hold r.mu.
func (r *Recorder) setTarget(namespace, target, name string, ready *bool) {
	ns := r.targets[namespace]
	if ns == nil {
		ns = &namespaceTargets{targets: map[string]map[string]bool{}}
		r.targets[namespace] = ns
	}
	prs, had := ns.targets[target]
	wasReady := had && allReady(prs)
	if ready == nil {
		delete(prs, name)
		if len(prs) == 0 {
			delete(ns.targets, target)
		}
	} else {
		if prs == nil {
			prs = map[string]bool{}
			ns.targets[target] = prs
		}
		prs[name] = *ready
	}
	_, has := ns.targets[target]
	isReady := has && allReady(prs)
	switch {
	case wasReady && !isReady:
		ns.ready--
	case !wasReady && isReady:
		ns.ready++
	}
	if len(ns.targets) == 0 {
		delete(r.targets, namespace)
		r.workloads.DeletePartialMatch(prometheus.Labels{"namespace": namespace})
		return
	}
	r.workloads.WithLabelValues(namespace, "true").Set(float64(ns.ready))
	r.workloads.WithLabelValues(namespace, "false").Set(float64(len(ns.targets) - ns.ready))
}

// namespaceTargets are the targets of a namespace's ProductionReadiness objects, with the Ready
// state of each by name, and how many targets have all of theirs Ready (kept as they change, so
// an update costs the same in a namespace of ten workloads or ten thousand).
type namespaceTargets struct {
	targets map[string]map[string]bool
	ready   int
}

func allReady(prs map[string]bool) bool {
	for _, ok := range prs {
		if !ok {
			return false
		}
	}
	return true
}

// Observe records a ProductionReadiness's status after an evaluation that took d.
func (r *Recorder) Observe(pr *v1alpha1.ProductionReadiness, d time.Duration) {
	r.duration.Observe(d.Seconds())
	k := key{pr.Namespace, pr.Name}
	ready := 0.0
	reason := ""
	if c := meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReady); c != nil {
		reason = c.Reason
		if c.Status == "True" {
			ready = 1
		}
	}
	var sig strings.Builder
	for _, c := range pr.Status.Checks {
		sig.WriteString(c.ID)
		sig.WriteByte('=')
		sig.WriteString(string(c.Result))
		sig.WriteByte(';')
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	set, ok := r.resultSets[sig.String()]
	if !ok {
		set = &resultSet{m: make(map[string]string, len(pr.Status.Checks))}
		for _, c := range pr.Status.Checks {
			set.m[c.ID] = string(c.Result)
		}
		if len(r.resultSets) >= resultSetLimit {
			r.resultSets = map[string]*resultSet{}
		}
		r.resultSets[sig.String()] = set
	}
	now := set.m
	prev, had := r.seen[k]
	next := state{reason: reason, checks: set}
	if !had || prev.reason != reason || prev.checks != set {
		// Unchanged results (most re-evaluations) leave the aggregates as they are.
		if had {
			r.uncount(pr.Namespace, prev)
		}
		r.count(pr.Namespace, next)
	}
	if r.perObject {
		r.ready.WithLabelValues(pr.Namespace, pr.Name, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name).Set(ready)
		info := []string{pr.Namespace, pr.Name, pr.Spec.Profile, reason}
		if prev.info != nil && !equal(prev.info, info) {
			r.info.DeleteLabelValues(prev.info...)
		}
		r.info.WithLabelValues(info...).Set(1)
		next.info = info
		for id, result := range now {
			if old, ok := prev.results()[id]; ok && old != result {
				r.check.DeleteLabelValues(pr.Namespace, pr.Name, id, old)
			}
			r.check.WithLabelValues(pr.Namespace, pr.Name, id, result).Set(1)
		}
		for id, old := range prev.results() {
			if _, ok := now[id]; !ok {
				r.check.DeleteLabelValues(pr.Namespace, pr.Name, id, old)
			}
		}
	}
	target := pr.Spec.TargetRef.Kind + "/" + pr.Spec.TargetRef.Name
	if prev.target != "" && prev.target != target {
		r.setTarget(pr.Namespace, prev.target, pr.Name, nil)
	}
	isReady := ready == 1
	r.setTarget(pr.Namespace, target, pr.Name, &isReady)
	next.target = target
	r.seen[k] = next
}

// Forget removes a deleted ProductionReadiness from the aggregates, and its own series.
func (r *Recorder) Forget(namespace, name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.seen[key{namespace, name}]; ok {
		r.uncount(namespace, prev)
		if prev.target != "" {
			r.setTarget(namespace, prev.target, name, nil)
		}
	}
	delete(r.seen, key{namespace, name})
	if r.perObject {
		labels := prometheus.Labels{"namespace": namespace, "name": name}
		r.ready.DeletePartialMatch(labels)
		r.info.DeletePartialMatch(labels)
		r.check.DeletePartialMatch(labels)
	}
}

// count adds an object's state to the aggregates; uncount takes it away. r.mu is held.
func (r *Recorder) count(ns string, st state) {
	r.add(aggKey{namespace: ns, value: st.reason}, 1)
	for id, result := range st.results() {
		r.add(aggKey{namespace: ns, check: id, value: result}, 1)
	}
}

func (r *Recorder) uncount(ns string, st state) {
	r.add(aggKey{namespace: ns, value: st.reason}, -1)
	for id, result := range st.results() {
		r.add(aggKey{namespace: ns, check: id, value: result}, -1)
	}
}

// add changes an aggregate count and its series; a count of zero removes the series.
func (r *Recorder) add(k aggKey, delta int) {
	n := r.counts[k] + delta
	vec, labels := r.objects, []string{k.namespace, k.value}
	if k.check != "" {
		vec, labels = r.results, []string{k.namespace, k.check, k.value}
	}
	if n <= 0 {
		delete(r.counts, k)
		vec.DeleteLabelValues(labels...)
		return
	}
	r.counts[k] = n
	vec.WithLabelValues(labels...).Set(float64(n))
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// AdmissionFailuresName counts workload admissions that could not be evaluated.
const AdmissionFailuresName = "prodready_admission_failures_total"

// NewAdmissionFailures registers the admission failure counter with reg (nil: controller-runtime's
// registry) and returns the function the workload webhook calls with a fixed reason.
func NewAdmissionFailures(reg prometheus.Registerer) func(reason string) {
	if reg == nil {
		reg = ctrlmetrics.Registry
	}
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: AdmissionFailuresName,
		Help: "Workload admissions the webhook could not evaluate (the workload was admitted unjudged), by reason.",
	}, []string{"reason"})
	reg.MustRegister(c)
	return func(reason string) { c.WithLabelValues(reason).Inc() }
}
