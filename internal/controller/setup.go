package controller

import (
	"context"
	"fmt"
	"slices"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/util/workqueue"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// SetupIndexes registers the field indexes the reconciler and its event mappers use, for the
// ProductionReadiness kind and every built-in workload kind. Optional kinds get theirs when
// their CRD is discovered (addOptionalKind).
func SetupIndexes(ctx context.Context, mgr ctrl.Manager) error {
	idx := mgr.GetFieldIndexer()
	namespaced := snapshot.NamespacedIndexer(mgr.GetCache())
	for name, ix := range map[string]struct {
		fn client.IndexerFunc
		in client.FieldIndexer
	}{
		IndexTargetRef:  {indexTargetRef, namespaced},
		IndexTargetKind: {indexTargetKind, idx}, // read across namespaces
		IndexProfile:    {indexProfile, idx},    // read across namespaces
	} {
		if err := ix.in.IndexField(ctx, &v1alpha1.ProductionReadiness{}, name, ix.fn); err != nil {
			return fmt.Errorf("index %s: %w", name, err)
		}
	}
	for _, k := range checks.Kinds() {
		if !k.Optional {
			if err := indexWorkloadKind(ctx, mgr, k); err != nil {
				return err
			}
		}
	}
	return snapshot.RegisterIndexes(ctx, namespaced)
}

// NewGatherer returns a Gatherer reading the manager's cache through the indexes SetupIndexes
// registers (the reconciler's and the workload webhook's). served may be nil (none served).
func NewGatherer(cache client.Reader, served *snapshot.Served) *snapshot.Gatherer {
	return &snapshot.Gatherer{Reader: cache, Served: served, MonitorNamespaceIndex: IndexMonitorNamespaces, Indexed: true}
}

// indexWorkloadKind registers the indexes of a workload kind; all are read within a namespace.
func indexWorkloadKind(ctx context.Context, mgr ctrl.Manager, k *checks.WorkloadKind) error {
	idx := snapshot.NamespacedIndexer(mgr.GetCache())
	for name, rule := range workloadIndexes {
		if err := idx.IndexField(ctx, snapshot.NewObject(k), name, workloadIndex(k, rule)); err != nil {
			return fmt.Errorf("index %s on %s: %w", name, k.Kind, err)
		}
	}
	if err := idx.IndexField(ctx, snapshot.NewObject(k), IndexPodLabels, podLabelsIndex(k)); err != nil {
		return fmt.Errorf("index %s on %s: %w", IndexPodLabels, k.Kind, err)
	}
	return nil
}

// SetupWithManager registers the controller and its watches. Call SetupIndexes first. The
// Gatherer's Served set says which optional kinds are served at start; a watch on
// CustomResourceDefinitions (metadata only) re-discovers them when one appears, so a Rollout or
// ServiceMonitor CRD installed later works without a restart.
func (r *ProductionReadinessReconciler) SetupWithManager(mgr ctrl.Manager, maxConcurrent int) error {
	if r.TargetGracePeriod <= 0 {
		r.TargetGracePeriod = DefaultTargetGracePeriod
	}
	if r.Gatherer.Served == nil {
		r.Gatherer.Served = snapshot.NewServed()
	}
	r.Gatherer.MonitorNamespaceIndex, r.Gatherer.Indexed = IndexMonitorNamespaces, true
	dc, err := discovery.NewDiscoveryClientForConfig(mgr.GetConfig())
	if err != nil {
		return fmt.Errorf("discovery client: %w", err)
	}
	r.discovery = dc
	r.mgr = mgr
	r.rediscover = make(chan struct{}, 1)
	r.servedEvents = make(chan event.GenericEvent, 16)
	// Related objects and workloads: changes, and creations after the informers' initial lists.
	changed := builder.WithPredicates(predicate.ResourceVersionChangedPredicate{}, notInInitialList())
	crd := &metav1.PartialObjectMetadata{}
	crd.SetGroupVersionKind(apiextensionsv1.SchemeGroupVersion.WithKind("CustomResourceDefinition"))
	b := ctrl.NewControllerManagedBy(mgr).
		Named("productionreadiness").
		// Spec changes, deletion (which bumps generation) and the reconcile-request annotation;
		// our own status writes do not trigger a reconcile.
		For(&v1alpha1.ProductionReadiness{}, builder.WithPredicates(predicate.Or[client.Object](
			predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		Watches(&v1alpha1.ProductionReadiness{}, handler.EnqueueRequestsFromMapFunc(r.mapSiblings), builder.WithPredicates(readyChanged())).
		Watches(&policyv1.PodDisruptionBudget{}, handler.EnqueueRequestsFromMapFunc(r.mapPDB), changed).
		Watches(&autoscalingv2.HorizontalPodAutoscaler{}, handler.EnqueueRequestsFromMapFunc(r.mapHPA), changed).
		Watches(&corev1.Service{}, handler.EnqueueRequestsFromMapFunc(r.mapService), changed).
		Watches(&networkingv1.NetworkPolicy{}, handler.EnqueueRequestsFromMapFunc(r.mapNetworkPolicy), changed).
		Watches(&corev1.Secret{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexSecrets)), changed).
		Watches(&corev1.ConfigMap{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexConfigMaps)), changed).
		Watches(&corev1.ServiceAccount{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexServiceAccount)), changed).
		Watches(&v1alpha1.ReadinessProfile{}, handler.EnqueueRequestsFromMapFunc(r.mapProfile), builder.WithPredicates(predicate.GenerationChangedPredicate{}, notInInitialList())).
		// A policy's floor applies to the objects of the namespaces it matches (old and new
		// selector on an update); a namespace's labels decide which policies match it.
		Watches(&v1alpha1.ReadinessPolicy{}, handler.EnqueueRequestsFromMapFunc(r.mapPolicy), builder.WithPredicates(predicate.GenerationChangedPredicate{}, notInInitialList())).
		Watches(&corev1.Namespace{}, handler.EnqueueRequestsFromMapFunc(r.mapNamespace), builder.WithPredicates(labelsChanged(), notInInitialList())).
		Watches(&v1alpha1.ReadinessProfile{}, handler.EnqueueRequestsFromMapFunc(r.mapProfileFloor), builder.WithPredicates(predicate.GenerationChangedPredicate{}, notInInitialList())).
		// A CRD event only signals the discovery loop below: event handlers must not block (the
		// controller waits for them to process the initial list before it starts).
		Watches(crd, handler.Funcs{
			CreateFunc: func(context.Context, event.CreateEvent, workqueue.TypedRateLimitingInterface[reconcile.Request]) {
				r.signalRediscover()
			},
			UpdateFunc: func(context.Context, event.UpdateEvent, workqueue.TypedRateLimitingInterface[reconcile.Request]) {
				r.signalRediscover()
			},
			DeleteFunc: func(context.Context, event.DeleteEvent, workqueue.TypedRateLimitingInterface[reconcile.Request]) {
				r.signalRediscover()
			},
		}, builder.OnlyMetadata, builder.WithPredicates(optionalCRD())).
		// Objects targeting a kind that became served are re-evaluated through this channel.
		WatchesRawSource(source.Channel(r.servedEvents, handler.EnqueueRequestsFromMapFunc(r.mapServed))).
		WithOptions(controller.Options{MaxConcurrentReconciles: maxConcurrent})
	for _, k := range checks.Kinds() {
		if !k.Optional {
			b = b.Watches(k.New(), handler.EnqueueRequestsFromMapFunc(r.mapWorkload(k)), changed)
		}
	}
	c, err := b.Build(r)
	if err != nil {
		return err
	}
	r.controller = c
	if err := r.setupLabelRepair(mgr); err != nil {
		return fmt.Errorf("setting up the promotion label repair: %w", err)
	}
	// The optional kinds served now are watched once the manager runs (their informers need
	// the started cache); later ones when their CRD appears. One goroutine does it all, so
	// discovery and watch set-up never run in an event handler.
	return mgr.Add(manager.RunnableFunc(func(ctx context.Context) error {
		r.refreshOptionalKinds(ctx)
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-r.rediscover:
				r.refreshOptionalKinds(ctx)
			}
		}
	}))
}

// OnOptionalKindServed registers fn to be called, from the discovery loop, once for each
// optional kind that becomes served (at start and when its CRD appears): the one mechanism
// through which every controller watches optional kinds. Call it before the manager starts.
func (r *ProductionReadinessReconciler) OnOptionalKindServed(fn func(context.Context, snapshot.OptionalKind) error) {
	r.onServed = append(r.onServed, fn)
}

// signalRediscover asks the discovery loop for a pass, without blocking.
func (r *ProductionReadinessReconciler) signalRediscover() {
	select {
	case r.rediscover <- struct{}{}:
	default: // a pass is already pending
	}
}

// mapServed maps the event of a newly served optional kind (its name in the object's name) to
// the objects it concerns: those targeting the kind, or, for a monitor kind, every object.
func (r *ProductionReadinessReconciler) mapServed(ctx context.Context, o client.Object) []reconcile.Request {
	if _, ok := checks.LookupKind(o.GetName()); ok {
		return r.requestsForKind(ctx, o.GetName())
	}
	return r.requestsForAll(ctx)
}

// optionalCRD passes events of the CustomResourceDefinitions of optional kinds only.
func optionalCRD() predicate.Funcs {
	names := map[string]bool{}
	for _, ok := range snapshot.OptionalKinds() {
		names[ok.CRDName] = true
	}
	return predicate.NewPredicateFuncs(func(o client.Object) bool { return names[o.GetName()] })
}

// refreshOptionalKinds runs discovery, adds watches and indexes for optional kinds that became
// served, and re-evaluates what they concern. Only the discovery loop calls it.
func (r *ProductionReadinessReconciler) refreshOptionalKinds(ctx context.Context) {
	added, err := r.Gatherer.Served.Discover(r.discovery)
	if err != nil {
		log.FromContext(ctx).Error(err, "discovering optional kinds")
		return
	}
	for _, ok := range added {
		if r.watching == nil {
			r.watching = map[string]bool{}
		}
		if !r.watching[ok.CRDName] {
			if err := r.watchOptional(ctx, ok); err != nil {
				log.FromContext(ctx).Error(err, "watching optional kind", "kind", ok.GVK.Kind)
				continue
			}
			r.watching[ok.CRDName] = true
			for _, fn := range r.onServed {
				if err := fn(ctx, ok); err != nil {
					log.FromContext(ctx).Error(err, "watching optional kind", "kind", ok.GVK.Kind)
				}
			}
		}
		log.FromContext(ctx).Info("optional kind served", "kind", ok.GVK.Kind, "apiVersion", ok.GVK.GroupVersion().String())
		ev := &metav1.PartialObjectMetadata{}
		ev.SetName(ok.GVK.Kind)
		select {
		case r.servedEvents <- event.GenericEvent{Object: ev}:
		case <-ctx.Done():
			return
		}
	}
}

// watchOptional starts the watch (and, for workload kinds, the indexes) of an optional kind.
func (r *ProductionReadinessReconciler) watchOptional(ctx context.Context, ok snapshot.OptionalKind) error {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(ok.GVK)
	mapper := r.mapMonitor
	if ok.Workload != nil {
		if err := indexWorkloadKind(ctx, r.mgr, ok.Workload); err != nil {
			return err
		}
		mapper = r.mapWorkload(ok.Workload)
		if err := r.repair.Watch(labelledWorkloads(r.mgr, ok.Workload)); err != nil {
			return err
		}
	} else if err := r.mgr.GetFieldIndexer().IndexField(ctx, u, IndexMonitorNamespaces, indexMonitorNamespaces); err != nil {
		return fmt.Errorf("index %s on %s: %w", IndexMonitorNamespaces, ok.GVK.Kind, err)
	}
	return r.controller.Watch(source.Kind(r.mgr.GetCache(), client.Object(u),
		handler.EnqueueRequestsFromMapFunc(mapper), predicate.ResourceVersionChangedPredicate{}))
}

// watchedKinds are the registered kinds the manager watches now: built-in ones, and optional
// ones while served.
func (r *ProductionReadinessReconciler) watchedKinds() []*checks.WorkloadKind {
	return slices.DeleteFunc(checks.Kinds(), func(k *checks.WorkloadKind) bool {
		return k.Optional && !r.Gatherer.Served.Has(k.GroupVersionKind())
	})
}

func (r *ProductionReadinessReconciler) requestsForKind(ctx context.Context, kind string) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.MatchingFields{IndexTargetKind: kind}); err != nil {
		log.FromContext(ctx).Error(err, "listing ProductionReadiness by target kind", "kind", kind)
		return nil
	}
	return requestsOf(list.Items)
}

func (r *ProductionReadinessReconciler) requestsForAll(ctx context.Context) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.UnsafeDisableDeepCopy); err != nil {
		log.FromContext(ctx).Error(err, "listing ProductionReadiness")
		return nil
	}
	return requestsOf(list.Items)
}

// notInInitialList drops the create events of a watch's initial list. The controller's own kind
// is listed at start too (its For watch), which reconciles every object once: mapping each
// related object, workload, namespace or policy of the cluster back to them then only repeats
// those requests (at 10k workloads, ~80,000 mapper calls during the sync). An informer started
// later (an optional kind whose CRD appeared) must not use it: its objects were never seen.
func notInInitialList() predicate.Funcs {
	return predicate.Funcs{CreateFunc: func(e event.CreateEvent) bool { return !e.IsInInitialList }}
}

// readyChanged passes updates that change the Ready condition's status, and deletions.
func readyChanged() predicate.Funcs {
	return predicate.Funcs{
		CreateFunc:  func(event.CreateEvent) bool { return false },
		GenericFunc: func(event.GenericEvent) bool { return false },
		DeleteFunc:  func(event.DeleteEvent) bool { return true },
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*v1alpha1.ProductionReadiness)
			n, ok2 := e.ObjectNew.(*v1alpha1.ProductionReadiness)
			if !ok1 || !ok2 {
				return false
			}
			return meta.IsStatusConditionTrue(o.Status.Conditions, v1alpha1.ConditionReady) !=
				meta.IsStatusConditionTrue(n.Status.Conditions, v1alpha1.ConditionReady)
		},
	}
}
