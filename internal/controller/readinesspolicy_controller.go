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
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlcontroller "sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/policy"
	"github.com/prodready/prodready/internal/snapshot"
)

// MaxFailingChecks bounds ReadinessPolicy status.failingChecks.
const MaxFailingChecks = 10

// ReadinessPolicyReconciler covers the fleet: for every workload a ReadinessPolicy matches, it
// generates a ProductionReadiness where none exists (named after the workload, labelled
// GeneratedByLabel, owned by the workload), never touches one it did not generate, deletes its
// own when the workload stops matching or the policy goes, and counts coverage in the policy's
// status. It reads everything from the cache and writes only on change. (The floor itself is
// applied by the ProductionReadiness reconciler, through internal/policy.)
type ReadinessPolicyReconciler struct {
	client.Client
	Clock clock.PassiveClock
	// Served says which optional workload kinds the cluster serves (the ProductionReadiness
	// reconciler's Gatherer.Served: one discovery for both).
	Served *snapshot.Served
	// Metrics records coverage; nil records nothing.
	Metrics PolicyMetricsRecorder

	controller ctrlcontroller.Controller
	mgr        ctrl.Manager
	// optional are the optional kinds whose watch (and indexes) are set up: only those are
	// listed (set by the discovery loop's hook, read by reconciles).
	optionalMu sync.RWMutex
	optional   map[string]bool
}

// PolicyMetricsRecorder receives a policy's coverage after each reconcile.
type PolicyMetricsRecorder interface {
	ObservePolicy(name string, workloads, covered int32)
	ForgetPolicy(name string)
}

// +kubebuilder:rbac:groups=readiness.prodready.io,resources=readinesspolicies,verbs=get;list;watch
// +kubebuilder:rbac:groups=readiness.prodready.io,resources=readinesspolicies/status,verbs=get;patch
// +kubebuilder:rbac:groups=readiness.prodready.io,resources=productionreadinesses,verbs=create;delete

// Reconcile covers the workloads of one ReadinessPolicy.
func (r *ReadinessPolicyReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	p := &v1alpha1.ReadinessPolicy{}
	if err := r.Get(ctx, req.NamespacedName, p); err != nil {
		if !apierrors.IsNotFound(err) {
			return ctrl.Result{}, err
		}
		// The policy is gone: its generated objects go with it.
		if r.Metrics != nil {
			r.Metrics.ForgetPolicy(req.Name)
		}
		return ctrl.Result{}, r.deleteGenerated(ctx, req.Name, nil)
	}
	before := p.DeepCopy()
	now := r.Clock.Now()
	if errs := policy.Validate(p, snapshot.ProfileGetter(ctx, r.Client)); len(errs) > 0 {
		setPolicyConditions(p, v1alpha1.ReasonInvalidSpec, truncate(errs.ToAggregate().Error()), now)
		return ctrl.Result{}, r.patchStatus(ctx, before, p)
	}

	cov, err := r.coverage(ctx, p)
	if err != nil {
		return ctrl.Result{}, err
	}
	var errs []error
	for _, pr := range cov.stale {
		if err := r.refresh(ctx, p, pr); err != nil {
			errs = append(errs, err)
		}
	}
	for _, w := range cov.missing {
		pr, err := r.generate(ctx, p, w, cov.names[w.namespace])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// Just created: the cache may already list it below.
		cov.keep[client.ObjectKeyFromObject(pr)] = true
		cov.generated++
		cov.covered++
		cov.notReady++
	}
	if err := r.deleteGenerated(ctx, p.Name, func(pr *v1alpha1.ProductionReadiness) bool {
		return cov.keep[client.ObjectKeyFromObject(pr)] || cov.keeps(pr)
	}); err != nil {
		errs = append(errs, err)
	}
	cov.fill(&p.Status)
	if r.Metrics != nil {
		r.Metrics.ObservePolicy(p.Name, p.Status.Workloads, p.Status.Covered)
	}
	setPolicyConditions(p, v1alpha1.ReasonValid, fmt.Sprintf("profile %s is the floor of %d workloads in %d namespaces",
		policy.ProfileName(p), p.Status.Workloads, p.Status.Namespaces), now)
	if err := r.patchStatus(ctx, before, p); err != nil {
		errs = append(errs, err)
	}
	return ctrl.Result{}, errors.Join(errs...)
}

// matchedWorkload is a workload a policy covers.
type matchedWorkload struct {
	namespace string
	kind      *checks.WorkloadKind
	obj       metav1.Object
}

// coverage is what a policy covers now.
type coverage struct {
	namespaces int32
	workloads  int32
	covered    int32
	generated  int32
	ready      int32
	notReady   int32
	failing    map[string]int32
	// missing are matched workloads no ProductionReadiness targets (to generate when the policy
	// says so); keep are the generated objects that still have a reason to exist.
	missing []matchedWorkload
	keep    map[client.ObjectKey]bool
	// stale are generated objects whose spec no longer says what the policy says.
	stale []*v1alpha1.ProductionReadiness
	// names are the ProductionReadiness names taken, per namespace.
	names map[string]map[string]*v1alpha1.ProductionReadiness
	// listed are the kinds whose workloads were listed; kinds are the policy's. A generated
	// object of a kind the policy covers but that was not listed (its CRD not served now) stays.
	listed map[string]bool
	kinds  []string
}

// keeps reports whether a generated object outside keep must stay all the same.
func (cov *coverage) keeps(pr *v1alpha1.ProductionReadiness) bool {
	k := pr.Spec.TargetRef.Kind
	return slices.Contains(cov.kinds, k) && !cov.listed[k]
}

// coverage lists, from the cache, the namespaces and workloads the policy matches and the
// ProductionReadiness objects targeting them.
func (r *ReadinessPolicyReconciler) coverage(ctx context.Context, p *v1alpha1.ReadinessPolicy) (*coverage, error) {
	cov := &coverage{failing: map[string]int32{}, keep: map[client.ObjectKey]bool{}, names: map[string]map[string]*v1alpha1.ProductionReadiness{}}
	var nsList corev1.NamespaceList
	// Read-only lists of the cache (no deep copies): coverage is O(covered objects) per policy.
	if err := r.List(ctx, &nsList, client.UnsafeDisableDeepCopy); err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	kinds := r.kinds(p)
	cov.listed = map[string]bool{}
	for _, k := range kinds {
		cov.listed[k.Kind] = true
	}
	cov.kinds = policy.KindsOf(p)
	for i := range nsList.Items {
		ns := &nsList.Items[i]
		if !ns.DeletionTimestamp.IsZero() || !policy.MatchesNamespace(p, ns.Labels) {
			continue
		}
		cov.namespaces++
		var prs v1alpha1.ProductionReadinessList
		if err := r.List(ctx, &prs, client.InNamespace(ns.Name), client.UnsafeDisableDeepCopy); err != nil {
			return nil, fmt.Errorf("listing ProductionReadiness in %s: %w", ns.Name, err)
		}
		byTarget := map[string][]*v1alpha1.ProductionReadiness{}
		terminating := map[string]bool{}
		names := map[string]*v1alpha1.ProductionReadiness{}
		for j := range prs.Items {
			pr := &prs.Items[j]
			names[pr.Name] = pr
			key := TargetKey(pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)
			if pr.DeletionTimestamp.IsZero() {
				byTarget[key] = append(byTarget[key], pr)
			} else {
				terminating[key] = true
			}
		}
		cov.names[ns.Name] = names
		for _, k := range kinds {
			objs, err := r.listWorkloads(ctx, k, ns.Name)
			if err != nil {
				return nil, err
			}
			for _, o := range objs {
				if !o.GetDeletionTimestamp().IsZero() || !policy.Covers(p, ns.Labels, k.Kind, o.GetLabels()) {
					continue
				}
				cov.workloads++
				key := TargetKey(k.Kind, o.GetName())
				cov.count(p, matchedWorkload{namespace: ns.Name, kind: k, obj: o}, byTarget[key], terminating[key])
			}
		}
	}
	return cov, nil
}

// count records one matched workload and the ProductionReadiness objects targeting it.
// A workload whose only objects are being deleted is generated for once they are gone (their
// deletion event re-reconciles), so a name is never taken twice.
func (cov *coverage) count(p *v1alpha1.ReadinessPolicy, w matchedWorkload, prs []*v1alpha1.ProductionReadiness, terminating bool) {
	var own *v1alpha1.ProductionReadiness
	teams := 0
	for _, pr := range prs {
		switch pr.Labels[v1alpha1.GeneratedByLabel] {
		case p.Name:
			own = pr
		case "":
			teams++
		}
	}
	if len(prs) == 0 {
		if p.Spec.Generate && !terminating {
			cov.missing = append(cov.missing, w)
		}
		return
	}
	// A generated object stays while the policy generates and no team wrote one.
	if own != nil && p.Spec.Generate && teams == 0 {
		cov.keep[client.ObjectKeyFromObject(own)] = true
		cov.generated++
		if own.Spec.Profile != policy.ProfileName(p) || !equality.Semantic.DeepEqual(own.Spec.Promotion, p.Spec.Promotion) {
			cov.stale = append(cov.stale, own)
		}
	}
	cov.covered++
	ready := true
	failing := map[string]bool{}
	for _, pr := range prs {
		if !currentlyReady(pr) {
			ready = false // a Ready of an older spec does not count
		}
		for _, id := range pr.FailingChecks() {
			failing[id] = true
		}
	}
	if ready {
		cov.ready++
	} else {
		cov.notReady++
	}
	for id := range failing {
		cov.failing[id]++
	}
}

// fill writes the counts into the status; failingChecks keeps the most frequent (ties by id).
func (cov *coverage) fill(st *v1alpha1.ReadinessPolicyStatus) {
	st.Namespaces, st.Workloads, st.Covered, st.Generated = cov.namespaces, cov.workloads, cov.covered, cov.generated
	st.Ready, st.NotReady = cov.ready, cov.notReady
	st.FailingChecks = v1alpha1.MostFailing(cov.failing, MaxFailingChecks)
}

// kinds are the registered kinds a policy covers that the cluster serves now.
func (r *ReadinessPolicyReconciler) kinds(p *v1alpha1.ReadinessPolicy) []*checks.WorkloadKind {
	var out []*checks.WorkloadKind
	for _, name := range policy.KindsOf(p) {
		k, ok := checks.LookupKind(name)
		if !ok || (k.Optional && !r.optionalWatched(k.Kind)) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func (r *ReadinessPolicyReconciler) optionalWatched(kind string) bool {
	r.optionalMu.RLock()
	defer r.optionalMu.RUnlock()
	return r.optional[kind] && r.Served.Has(mustKind(kind).GroupVersionKind())
}

func mustKind(name string) *checks.WorkloadKind {
	k, _ := checks.LookupKind(name)
	return k
}

// listWorkloads lists the workloads of a kind in a namespace from the cache.
func (r *ReadinessPolicyReconciler) listWorkloads(ctx context.Context, k *checks.WorkloadKind, ns string) ([]metav1.Object, error) {
	list := snapshot.NewList(k)
	if err := r.List(ctx, list, client.InNamespace(ns), client.UnsafeDisableDeepCopy); err != nil {
		return nil, fmt.Errorf("listing %s in %s: %w", k.Kind, ns, err)
	}
	var out []metav1.Object
	err := meta.EachListItem(list, func(o runtime.Object) error {
		if mo, ok := o.(metav1.Object); ok {
			out = append(out, mo)
		}
		return nil
	})
	return out, err
}

// GeneratedName is the name of the ProductionReadiness generated for a workload: its kind and
// name ("deployment-checkout"), with a short hash of both when that name is taken by another
// object or too long.
func GeneratedName(kind, name string, taken func(string) bool) string {
	base := strings.ToLower(kind) + "-" + name
	if len(base) <= 253 && !taken(base) {
		return base
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(kind + "/" + name))
	suffix := fmt.Sprintf("-%08x", h.Sum32())
	if len(base)+len(suffix) > 253 {
		base = strings.TrimRight(base[:253-len(suffix)], "-.")
	}
	return base + suffix
}

// generate creates the ProductionReadiness for a matched workload.
func (r *ReadinessPolicyReconciler) generate(ctx context.Context, p *v1alpha1.ReadinessPolicy, w matchedWorkload, names map[string]*v1alpha1.ProductionReadiness) (*v1alpha1.ProductionReadiness, error) {
	name := GeneratedName(w.kind.Kind, w.obj.GetName(), func(n string) bool { _, ok := names[n]; return ok })
	if _, taken := names[name]; taken {
		return nil, fmt.Errorf("no free name for the ProductionReadiness of %s %s/%s", w.kind.Kind, w.namespace, w.obj.GetName())
	}
	pr := &v1alpha1.ProductionReadiness{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: w.namespace,
			Labels: map[string]string{v1alpha1.GeneratedByLabel: p.Name},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: w.kind.APIVersion(), Kind: w.kind.Kind, Name: w.obj.GetName(), UID: w.obj.GetUID(),
			}},
		},
		Spec: policy.GeneratedSpec([]*v1alpha1.ReadinessPolicy{p}, w.kind, w.obj.GetName()),
	}
	switch err := r.Create(ctx, pr); {
	case apierrors.IsAlreadyExists(err):
		// Created by an earlier reconcile the cache has not shown yet.
	case err != nil:
		return nil, fmt.Errorf("generating ProductionReadiness %s/%s for %s %s: %w", w.namespace, name, w.kind.Kind, w.obj.GetName(), err)
	default:
		log.FromContext(ctx).Info("generated ProductionReadiness", "namespace", w.namespace, "name", name, "target", w.kind.Kind+"/"+w.obj.GetName())
	}
	names[name] = pr
	return pr, nil
}

// refresh brings a generated object's profile and promotion back to the policy's.
func (r *ReadinessPolicyReconciler) refresh(ctx context.Context, p *v1alpha1.ReadinessPolicy, pr *v1alpha1.ProductionReadiness) error {
	patch := client.MergeFrom(pr.DeepCopy())
	pr = pr.DeepCopy()
	pr.Spec.Profile = policy.ProfileName(p)
	pr.Spec.Promotion = p.Spec.Promotion.DeepCopy()
	if err := r.Patch(ctx, pr, patch); client.IgnoreNotFound(err) != nil {
		return fmt.Errorf("updating generated ProductionReadiness %s/%s: %w", pr.Namespace, pr.Name, err)
	}
	return nil
}

// deleteGenerated deletes the objects generated by a policy that are not in keep.
func (r *ReadinessPolicyReconciler) deleteGenerated(ctx context.Context, policyName string, keep func(*v1alpha1.ProductionReadiness) bool) error {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.MatchingLabels{v1alpha1.GeneratedByLabel: policyName}); err != nil {
		return fmt.Errorf("listing generated ProductionReadiness: %w", err)
	}
	var errs []error
	for i := range list.Items {
		pr := &list.Items[i]
		if (keep != nil && keep(pr)) || !pr.DeletionTimestamp.IsZero() {
			continue
		}
		if err := r.Delete(ctx, pr, client.Preconditions{UID: &pr.UID}); client.IgnoreNotFound(err) != nil {
			errs = append(errs, fmt.Errorf("deleting generated ProductionReadiness %s/%s: %w", pr.Namespace, pr.Name, err))
			continue
		}
		log.FromContext(ctx).Info("deleted generated ProductionReadiness", "namespace", pr.Namespace, "name", pr.Name)
	}
	return errors.Join(errs...)
}

// setPolicyConditions writes Ready (True/Valid or False/reason) and Stalled (only when invalid).
func setPolicyConditions(p *v1alpha1.ReadinessPolicy, reason, msg string, now time.Time) {
	p.Status.ObservedGeneration = p.Generation
	ready := metav1.Condition{Type: v1alpha1.ConditionReady, Status: metav1.ConditionTrue, Reason: reason, Message: msg, ObservedGeneration: p.Generation}
	if reason != v1alpha1.ReasonValid {
		ready.Status = metav1.ConditionFalse
		upsertCondition(&p.Status.Conditions, metav1.Condition{Type: v1alpha1.ConditionStalled, Status: metav1.ConditionTrue,
			Reason: reason, Message: msg, ObservedGeneration: p.Generation}, now)
	} else {
		meta.RemoveStatusCondition(&p.Status.Conditions, v1alpha1.ConditionStalled)
	}
	upsertCondition(&p.Status.Conditions, ready, now)
}

func (r *ReadinessPolicyReconciler) patchStatus(ctx context.Context, before, p *v1alpha1.ReadinessPolicy) error {
	if equality.Semantic.DeepEqual(before.Status, p.Status) {
		return nil
	}
	if err := r.Status().Patch(ctx, p, client.MergeFrom(before)); err != nil {
		return fmt.Errorf("patching ReadinessPolicy status: %w", client.IgnoreNotFound(err))
	}
	return nil
}

// SetupWithManager registers the controller: policies; namespaces (labels decide matching);
// every registered workload kind (optional ones through prr's discovery loop, when served);
// and ProductionReadiness objects (coverage, verdicts, and the generated ones).
func (r *ReadinessPolicyReconciler) SetupWithManager(mgr ctrl.Manager, prr *ProductionReadinessReconciler) error {
	if r.Served == nil {
		r.Served = prr.Gatherer.Served
	}
	r.mgr = mgr
	b := ctrl.NewControllerManagedBy(mgr).
		Named("readinesspolicy").
		For(&v1alpha1.ReadinessPolicy{}, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&corev1.Namespace{}, handler.EnqueueRequestsFromMapFunc(r.mapAll), builder.WithPredicates(labelsChanged(), notInInitialList())).
		// Generated objects pass in the initial list too: the policy that generated one may be
		// gone (deleted while no leader ran), and only this event enqueues it for the cleanup.
		Watches(&v1alpha1.ProductionReadiness{}, handler.EnqueueRequestsFromMapFunc(r.mapProductionReadiness),
			builder.WithPredicates(coverageChanged(), predicate.Or[client.Object](notInInitialList(), generated()))).
		Watches(&v1alpha1.ReadinessProfile{}, handler.EnqueueRequestsFromMapFunc(r.mapAll), builder.WithPredicates(predicate.GenerationChangedPredicate{}, notInInitialList()))
	for _, k := range checks.Kinds() {
		if !k.Optional {
			b = b.Watches(k.New(), handler.EnqueueRequestsFromMapFunc(r.mapAll), builder.WithPredicates(labelsChanged(), notInInitialList()))
		}
	}
	c, err := b.Build(r)
	if err != nil {
		return err
	}
	r.controller = c
	prr.OnOptionalKindServed(func(_ context.Context, ok snapshot.OptionalKind) error {
		if ok.Workload == nil {
			return nil
		}
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(ok.GVK)
		if err := r.controller.Watch(source.Kind(mgr.GetCache(), client.Object(u),
			handler.EnqueueRequestsFromMapFunc(r.mapAll), labelsChanged())); err != nil {
			return err
		}
		r.optionalMu.Lock()
		defer r.optionalMu.Unlock()
		if r.optional == nil {
			r.optional = map[string]bool{}
		}
		r.optional[ok.Workload.Kind] = true
		return nil
	})
	return nil
}

// labelsChanged passes creations, deletions and label changes: what decides matching.
// coverageChanged passes the ProductionReadiness changes a policy's status and generated objects
// depend on: creation and deletion, spec (generation), labels, owners, the Ready verdict at the
// current generation and the set of failing checks. Every other status write — most of them: a
// re-evaluation with the same verdict, a new message, the target's generation — would make each
// policy covering the namespace walk its whole coverage again.
func coverageChanged() predicate.Funcs {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*v1alpha1.ProductionReadiness)
			n, ok2 := e.ObjectNew.(*v1alpha1.ProductionReadiness)
			if !ok1 || !ok2 {
				return true
			}
			return o.Generation != n.Generation || o.DeletionTimestamp.IsZero() != n.DeletionTimestamp.IsZero() ||
				!equality.Semantic.DeepEqual(o.Labels, n.Labels) || !equality.Semantic.DeepEqual(o.OwnerReferences, n.OwnerReferences) ||
				currentlyReady(o) != currentlyReady(n) || !slices.Equal(o.FailingChecks(), n.FailingChecks())
		},
	}
}

// currentlyReady is Ready=True at the current generation (the coverage's rule).
func currentlyReady(pr *v1alpha1.ProductionReadiness) bool {
	c := pr.CurrentReady()
	return c != nil && c.Status == metav1.ConditionTrue
}

// generated passes the objects a ReadinessPolicy generated (v1alpha1.GeneratedByLabel).
func generated() predicate.Funcs {
	return predicate.NewPredicateFuncs(func(o client.Object) bool { return o.GetLabels()[v1alpha1.GeneratedByLabel] != "" })
}

func labelsChanged() predicate.Funcs {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			return !equality.Semantic.DeepEqual(e.ObjectOld.GetLabels(), e.ObjectNew.GetLabels()) ||
				e.ObjectOld.GetDeletionTimestamp().IsZero() != e.ObjectNew.GetDeletionTimestamp().IsZero()
		},
	}
}

// mapAll enqueues every policy (policies are few; each reconcile reads the cache only).
func (r *ReadinessPolicyReconciler) mapAll(ctx context.Context, _ client.Object) []reconcile.Request {
	var list v1alpha1.ReadinessPolicyList
	if err := r.List(ctx, &list); err != nil {
		log.FromContext(ctx).Error(err, "listing ReadinessPolicies")
		return nil
	}
	out := make([]reconcile.Request, 0, len(list.Items))
	for i := range list.Items {
		out = append(out, reconcile.Request{NamespacedName: client.ObjectKey{Name: list.Items[i].Name}})
	}
	return out
}

// mapProductionReadiness enqueues the policy that generated the object (even when that policy
// is gone, so its leftovers are deleted) and the policies matching its namespace.
func (r *ReadinessPolicyReconciler) mapProductionReadiness(ctx context.Context, o client.Object) []reconcile.Request {
	var out []reconcile.Request
	gen := o.GetLabels()[v1alpha1.GeneratedByLabel]
	if gen != "" {
		out = append(out, reconcile.Request{NamespacedName: client.ObjectKey{Name: gen}})
	}
	var list v1alpha1.ReadinessPolicyList
	if err := r.List(ctx, &list); err != nil || len(list.Items) == 0 {
		return out
	}
	ns := &corev1.Namespace{}
	if err := r.Get(ctx, client.ObjectKey{Name: o.GetNamespace()}, ns); err != nil {
		return out
	}
	for i := range list.Items {
		if p := &list.Items[i]; p.Name != gen && policy.MatchesNamespace(p, ns.Labels) {
			out = append(out, reconcile.Request{NamespacedName: client.ObjectKey{Name: p.Name}})
		}
	}
	return slices.Clip(out)
}
