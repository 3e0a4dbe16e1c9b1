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

// Package controller holds prodready's reconcilers. A ProductionReadiness is reconciled in
// small ordered phases over a scope — resolve (policy and target) → gather (snapshot from the
// cache) → evaluate (the pure engine) — and its status and the target's promotion label are
// patched once, at the end, only when they change.
package controller

import (
	"context"
	"errors"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	kerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/discovery"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlcontroller "sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// LegacyFinalizer is the finalizer earlier versions put on every ProductionReadiness. There is
// none now (the label repair removes the label of a deleted object's target, so uninstalling
// never leaves objects stuck); the operator removes it where it finds it.
const LegacyFinalizer = "readiness.prodready.io/finalizer"

// staleCacheRetry is how long a reconcile waits for the cache to show the operator's own last
// status patch (the watch delivers it within milliseconds).
const staleCacheRetry = 50 * time.Millisecond

// DefaultTargetGracePeriod is how long a missing target is Reconciling before it is Stalled.
const DefaultTargetGracePeriod = 2 * time.Minute

// ProductionReadinessReconciler evaluates ProductionReadiness objects.
type ProductionReadinessReconciler struct {
	client.Client
	// Gatherer reads the target and its surroundings from the cache.
	Gatherer *snapshot.Gatherer
	// Recorder emits Events on Ready transitions and label changes.
	Recorder recorder.EventRecorder
	// Clock is the time source (tests use a fake one).
	Clock clock.PassiveClock
	// TargetGracePeriod is how long a missing target is Reconciling before Stalled.
	TargetGracePeriod time.Duration
	// Metrics records evaluation metrics; nil records nothing.
	Metrics MetricsRecorder

	// Set by SetupWithManager: the controller (to add watches for optional kinds as their CRDs
	// appear), the manager and a discovery client.
	controller ctrlcontroller.Controller
	repair     ctrlcontroller.TypedController[workloadKey]
	mgr        ctrl.Manager
	discovery  discovery.DiscoveryInterface
	watching   map[string]bool // CRD names of the optional kinds watched (discovery loop only)
	// rediscover asks the discovery loop for a pass; servedEvents re-evaluates the objects
	// concerned by a kind that became served.
	rediscover   chan struct{}
	servedEvents chan event.GenericEvent
	// onServed are called by the discovery loop for each optional kind that became served
	// (OnOptionalKindServed): other controllers add their watches through it.
	onServed []func(context.Context, snapshot.OptionalKind) error
	// written remembers the resourceVersion of each object's last status patch until the cache
	// shows it, so no reconcile runs on a copy older than our own write.
	written writtenStatuses
}

// MetricsRecorder receives the outcome of each evaluation.
type MetricsRecorder interface {
	// Observe records a ProductionReadiness's status after an evaluation that took d.
	Observe(pr *v1alpha1.ProductionReadiness, d time.Duration)
	// Forget drops the series of a deleted ProductionReadiness.
	Forget(namespace, name string)
}

// scope carries one reconcile's state from phase to phase.
type scope struct {
	pr     *v1alpha1.ProductionReadiness
	before *v1alpha1.ProductionReadiness
	now    time.Time

	policy *checks.Policy
	target client.Object
	kind   *checks.WorkloadKind
	snap   *checks.Snapshot
	report *checks.Report

	// outcome is set by the phase that decided the verdict; nil means the reconcile failed
	// before deciding (a transient error) and status is left as it was.
	outcome *outcome
	// requeueAfter asks for a re-evaluation when time alone changes the verdict (a target grace
	// period ending, an exemption expiring).
	requeueAfter time.Duration
}

// +kubebuilder:rbac:groups=readiness.prodready.io,resources=productionreadinesses,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=readiness.prodready.io,resources=productionreadinesses/status,verbs=get;patch
// +kubebuilder:rbac:groups=readiness.prodready.io,resources=readinessprofiles,verbs=get;list;watch
// +kubebuilder:rbac:groups=readiness.prodready.io,resources=readinesspolicies,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=namespaces,verbs=get;list;watch
// +kubebuilder:rbac:groups=apps,resources=deployments;statefulsets;daemonsets,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=batch,resources=cronjobs;jobs,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=argoproj.io,resources=rollouts,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=apiextensions.k8s.io,resources=customresourcedefinitions,verbs=get;list;watch
// +kubebuilder:rbac:groups=policy,resources=poddisruptionbudgets,verbs=get;list;watch
// +kubebuilder:rbac:groups=autoscaling,resources=horizontalpodautoscalers,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=services;serviceaccounts;configmaps;secrets,verbs=get;list;watch
// +kubebuilder:rbac:groups=networking.k8s.io,resources=networkpolicies,verbs=get;list;watch
// +kubebuilder:rbac:groups=monitoring.coreos.com,resources=servicemonitors;podmonitors,verbs=get;list;watch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch

// Reconcile evaluates one ProductionReadiness: resolve → gather → evaluate, then patch status
// and the promotion label once.
func (r *ProductionReadinessReconciler) Reconcile(ctx context.Context, req ctrl.Request) (result ctrl.Result, retErr error) {
	pr := &v1alpha1.ProductionReadiness{}
	if err := r.Get(ctx, req.NamespacedName, pr); err != nil {
		if apierrors.IsNotFound(err) {
			r.written.forget(req.NamespacedName)
			if r.Metrics != nil {
				r.Metrics.Forget(req.Namespace, req.Name)
			}
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	ctx = log.IntoContext(ctx, log.FromContext(ctx).WithValues("target", fmt.Sprintf("%s/%s", pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)))

	if controllerutil.ContainsFinalizer(pr, LegacyFinalizer) {
		// Left by an earlier version: remove it, with optimistic locking so a concurrent change
		// to the list is not overwritten.
		patch := client.MergeFromWithOptions(pr.DeepCopy(), client.MergeFromWithOptimisticLock{})
		controllerutil.RemoveFinalizer(pr, LegacyFinalizer)
		if err := r.Patch(ctx, pr, patch); err != nil {
			return ctrl.Result{}, client.IgnoreNotFound(fmt.Errorf("removing the legacy finalizer: %w", err))
		}
	}
	if !pr.DeletionTimestamp.IsZero() {
		return ctrl.Result{}, nil // the label repair takes care of the target on the delete event
	}

	if r.written.stale(pr) {
		// The cache has not seen our last status patch yet: evaluate once it has.
		return ctrl.Result{RequeueAfter: staleCacheRetry}, nil
	}
	start := r.Clock.Now()
	s := &scope{pr: pr, before: pr.DeepCopy(), now: start}
	defer func() {
		if err := r.patch(ctx, s); err != nil {
			retErr = kerrors.NewAggregate([]error{retErr, err})
			return
		}
		if s.outcome != nil && r.Metrics != nil {
			r.Metrics.Observe(pr, r.Clock.Since(start))
		}
		if s.requeueAfter > 0 && retErr == nil {
			result.RequeueAfter = s.requeueAfter
		}
	}()

	for _, phase := range []func(context.Context, *scope) (bool, error){r.resolve, r.gather, r.evaluate} {
		done, err := phase(ctx, s)
		if err != nil {
			return ctrl.Result{}, err
		}
		if done {
			break
		}
	}
	return ctrl.Result{}, nil
}

// resolve turns the spec into a policy and reads the target from the cache. An invalid spec or
// a missing target decides the outcome and ends the phases.
func (r *ProductionReadinessReconciler) resolve(ctx context.Context, s *scope) (bool, error) {
	// The floor of the ReadinessPolicies that apply (internal/policy); the target's labels, when
	// it exists, decide their workloadSelector. The target is read once, its errors handled below.
	target, k, targetErr := r.Gatherer.GetWorkload(ctx, s.pr.Namespace, s.pr.Spec.TargetRef)
	var labelled client.Object
	if targetErr == nil {
		labelled = target
	}
	pol, errs, err := snapshot.ResolveWithPolicies(ctx, r.Client, s.pr, labelled, s.now)
	if err != nil {
		return false, fmt.Errorf("resolving policies: %w", err)
	}
	var notServed *snapshot.ErrKindNotServed
	if len(errs) > 0 {
		s.outcome = &outcome{Reason: v1alpha1.ReasonInvalidSpec, Message: truncate(errs.ToAggregate().Error())}
		// The label still reflects the verdict: with the target read, it can say "false".
		if targetErr == nil {
			s.target, s.kind = target, k
		}
		if errors.As(targetErr, &notServed) {
			return true, nil
		}
		return true, client.IgnoreNotFound(targetErr)
	}
	s.policy = pol

	switch err := targetErr; {
	case errors.As(err, &notServed):
		// A kind whose CRD is not installed: nothing can be evaluated until it is (the CRD watch
		// re-evaluates this object then).
		s.outcome = &outcome{Reason: v1alpha1.ReasonInvalidSpec, Message: "spec.targetRef.kind: " + notServed.Error()}
		return true, nil
	case apierrors.IsNotFound(err):
		s.outcome = r.targetNotFound(s)
		return true, nil
	case err != nil:
		return false, fmt.Errorf("reading target: %w", err)
	}
	s.target, s.kind = target, k
	return false, nil
}

// targetNotFound decides Reconciling or Stalled for a missing target. The grace period runs
// from the moment the target was first seen missing: the Ready condition's transition to
// TargetNotFound.
func (r *ProductionReadinessReconciler) targetNotFound(s *scope) *outcome {
	ref := s.pr.Spec.TargetRef
	msg := fmt.Sprintf("%s %q not found in namespace %q", ref.Kind, ref.Name, s.pr.Namespace)
	since := s.now
	if c := meta.FindStatusCondition(s.pr.Status.Conditions, v1alpha1.ConditionReady); c != nil &&
		c.Reason == v1alpha1.ReasonTargetNotFound && c.Message == msg {
		since = c.LastTransitionTime.Time
	}
	grace := r.TargetGracePeriod
	if remaining := since.Add(grace).Sub(s.now); remaining > 0 {
		s.requeueAfter = remaining
		return &outcome{Reason: v1alpha1.ReasonTargetNotFound, Message: msg}
	}
	return &outcome{Reason: v1alpha1.ReasonTargetNotFound, Message: msg, Stalled: true}
}

// gather builds the snapshot from the cache.
func (r *ProductionReadinessReconciler) gather(ctx context.Context, s *scope) (bool, error) {
	snap, err := r.Gatherer.Gather(ctx, s.kind, s.target, s.now)
	if err != nil {
		return false, fmt.Errorf("gathering snapshot: %w", err)
	}
	s.snap = snap
	return false, nil
}

// evaluate runs the engine and turns its verdict into the outcome.
func (r *ProductionReadinessReconciler) evaluate(_ context.Context, s *scope) (bool, error) {
	s.report = checks.Evaluate(s.snap, s.policy)
	v := s.report.Verdict()
	s.outcome = &outcome{Reason: v.Reason, Message: v.Message}
	if !s.report.NextChange.IsZero() {
		if d := s.report.NextChange.Sub(s.now); d > 0 && (s.requeueAfter == 0 || d < s.requeueAfter) {
			s.requeueAfter = d
		}
	}
	return true, nil
}

// patch writes the promotion label and the status, each only when it changed, and emits events
// for the changes. It runs deferred, once per reconcile.
func (r *ProductionReadinessReconciler) patch(ctx context.Context, s *scope) error {
	if s.outcome == nil {
		return nil // a transient error: keep the last verdict
	}
	r.buildStatus(s)
	var errs []error
	if err := r.reconcileLabel(ctx, s); err != nil {
		errs = append(errs, err)
	}
	if !statusUnchanged(&s.before.Status, &s.pr.Status) {
		if err := r.Status().Patch(ctx, s.pr, client.MergeFrom(statusPatchBase(s.before, s.pr.Status.Checks))); err != nil {
			errs = append(errs, fmt.Errorf("patching status: %w", err))
		} else {
			r.written.remember(s.pr)
			r.emitReadyEvent(ctx, s)
		}
	}
	return errors.Join(errs...)
}

// statusUnchanged reports whether a status built by buildStatus is the one the cache holds
// (whose check results may be compacted: compared by digest).
func statusUnchanged(before, after *v1alpha1.ProductionReadinessStatus) bool {
	if !before.SameChecks(after.Checks) {
		return false
	}
	b, a := *before, *after
	b.SetChecks(nil)
	a.SetChecks(nil)
	return equality.Semantic.DeepEqual(b, a)
}

// statusPatchBase returns the object the status merge patch is computed from: before, the
// cache's copy, whose check results may be compacted, and so is no base for the atomic list.
// When the new list is the same, the base takes it, and the patch leaves the list out; when it
// differs and before is compacted, the base holds a list no evaluation gives, so the patch
// carries the new list whole (or its removal) — a diff against the results that do not pass
// alone could leave stale Pass results on the server.
func statusPatchBase(before *v1alpha1.ProductionReadiness, checks []v1alpha1.CheckResult) *v1alpha1.ProductionReadiness {
	switch {
	case before.Status.SameChecks(checks):
		before.Status.SetChecks(checks)
	case before.Status.ChecksCompacted():
		before.Status.SetChecks(compactedBase)
	}
	return before
}

// compactedBase stands in for a compacted list in a patch's base: an id no check has.
var compactedBase = []v1alpha1.CheckResult{{ID: "-compacted-"}}

// buildStatus fills the status from the scope (conditions, target, checks, summary).
func (r *ProductionReadinessReconciler) buildStatus(s *scope) {
	st := &s.pr.Status
	st.ObservedGeneration = s.pr.Generation
	ref := s.pr.Spec.TargetRef
	st.Target = &v1alpha1.TargetStatus{APIVersion: apiVersionOf(ref), Kind: ref.Kind, Name: ref.Name}
	if s.snap != nil {
		st.Target.Generation = s.snap.Workload.Generation()
		st.Target.ObservedGeneration = s.snap.Workload.ObservedGeneration()
	} else if s.target != nil && s.kind != nil {
		if w, err := snapshot.WorkloadOf(s.kind, s.target); err == nil {
			st.Target.Generation, st.Target.ObservedGeneration = w.Generation(), w.ObservedGeneration()
		}
	}
	if s.report != nil {
		st.SetChecks(s.report.Results)
		sum := s.report.Summary
		st.Summary = &sum
	} else {
		st.SetChecks(nil)
		st.Summary = nil
	}
	setConditions(s.pr, *s.outcome, s.now)
	st.Promotable = s.outcome.ready()
}

// emitReadyEvent records an event and a log line when the Ready condition's status or reason
// changed after the first evaluation.
func (r *ProductionReadinessReconciler) emitReadyEvent(ctx context.Context, s *scope) {
	before := meta.FindStatusCondition(s.before.Status.Conditions, v1alpha1.ConditionReady)
	after := meta.FindStatusCondition(s.pr.Status.Conditions, v1alpha1.ConditionReady)
	if after == nil || (before != nil && before.Status == after.Status && before.Reason == after.Reason) {
		return
	}
	if before == nil {
		// The first evaluation is not a transition: the status says it, an event per object
		// would double the writes of a first sync.
		return
	}
	kv := []any{"ready", after.Status, "reason", after.Reason, "message", after.Message, "generation", s.pr.Generation}
	if s.report != nil {
		kv = append(kv, "passed", s.report.Summary.Passed, "failed", s.report.Summary.Failed, "warnings", s.report.Summary.Warnings)
	}
	log.FromContext(ctx).Info("verdict changed", kv...)
	if r.Recorder == nil {
		return
	}
	eventType := "Normal"
	if after.Status != "True" && s.outcome.stalled() {
		eventType = "Warning"
	}
	r.Recorder.Eventf(s.pr, s.target, eventType, after.Reason, "Evaluate", "Ready=%s: %s", after.Status, after.Message)
}

// apiVersionOf is the target's apiVersion: as written, else the registered kind's.
func apiVersionOf(ref v1alpha1.TargetRef) string {
	if ref.APIVersion != "" {
		return ref.APIVersion
	}
	if k, ok := checks.LookupKind(ref.Kind); ok {
		return k.APIVersion()
	}
	return ""
}

// truncate bounds a condition message (the API allows 32 KiB; 4 KiB keeps statuses small).
func truncate(msg string) string { return checks.Truncate(msg, 4096) }
