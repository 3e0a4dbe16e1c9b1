package controller

import (
	"context"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// Field indexes. Every event on a related object maps back to the affected ProductionReadiness
// objects through these (and namespace-scoped cache lists) — never a list of every object. Which
// related object affects which workload is decided by the engine's rules (checks.PDBSelects,
// ServiceSelects, NetworkPolicySelects, MonitorScrapes, PodSecretNames, ...), never here.
const (
	// IndexTargetRef indexes ProductionReadiness by "Kind/name" of spec.targetRef.
	IndexTargetRef = "spec.targetRef"
	// IndexTargetKind indexes ProductionReadiness by spec.targetRef.kind.
	IndexTargetKind = "spec.targetRef.kind"
	// IndexProfile indexes ProductionReadiness by spec.profile (defaulted).
	IndexProfile = "spec.profile"
	// IndexSecrets indexes workloads by the Secrets their pod template references.
	IndexSecrets = "spec.template.secrets"
	// IndexConfigMaps indexes workloads by the ConfigMaps their pod template references.
	IndexConfigMaps = "spec.template.configMaps"
	// IndexServiceAccount indexes workloads by their pod template's ServiceAccount.
	IndexServiceAccount = "spec.template.serviceAccountName"
	// IndexPodLabels indexes workloads by each "key=value" pair of their pod template labels
	// (checks.PodIndexKeys), and by podLabelsUnknown when the template comes from another
	// object (a Rollout's workloadRef), so a selecting object's event finds the workloads that
	// carry its index key instead of walking the namespace.
	IndexPodLabels = "spec.template.metadata.labels"
	// IndexMonitorNamespaces indexes monitors by the other namespaces their namespaceSelector
	// reaches (snapshot.AllNamespaces for `any: true`).
	IndexMonitorNamespaces = "spec.namespaceSelector"
)

// TargetKey is the IndexTargetRef key of a workload.
func TargetKey(kind, name string) string { return kind + "/" + name }

func indexTargetRef(o client.Object) []string {
	pr := o.(*v1alpha1.ProductionReadiness)
	return []string{TargetKey(pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)}
}

func indexTargetKind(o client.Object) []string {
	return []string{o.(*v1alpha1.ProductionReadiness).Spec.TargetRef.Kind}
}

func indexProfile(o client.Object) []string {
	return []string{checks.ProfileName(&o.(*v1alpha1.ProductionReadiness).Spec)}
}

// workloadIndex turns a rule on the pod spec into an index function for a workload kind.
func workloadIndex(k *checks.WorkloadKind, rule func(*corev1.PodSpec) []string) client.IndexerFunc {
	return func(o client.Object) []string {
		w, err := snapshot.WorkloadOf(k, o)
		if err != nil {
			return nil
		}
		return rule(w.PodSpec())
	}
}

// workloadIndexes are the indexes on every workload kind, by the pod spec rule behind each.
var workloadIndexes = map[string]func(*corev1.PodSpec) []string{
	IndexSecrets:        checks.PodSecretNames,
	IndexConfigMaps:     checks.PodConfigMapNames,
	IndexServiceAccount: func(spec *corev1.PodSpec) []string { return []string{checks.PodServiceAccountName(spec)} },
}

// podLabelsUnknown is the IndexPodLabels key of a workload whose pod labels come from another
// object: a candidate for every selecting object.
const podLabelsUnknown = "?"

// podLabelsIndex is the IndexPodLabels function of a workload kind.
func podLabelsIndex(k *checks.WorkloadKind) client.IndexerFunc {
	return func(o client.Object) []string {
		w, err := snapshot.WorkloadOf(k, o)
		if err != nil {
			return nil
		}
		if w.TemplateRef() != nil {
			return []string{podLabelsUnknown}
		}
		return checks.PodIndexKeys(w.PodLabels())[1:] // without SelectsAnyKey: a selector key is never "*" here
	}
}

func indexMonitorNamespaces(o client.Object) []string {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil
	}
	return snapshot.MonitorNamespaces(u)
}

// requestsForTarget returns the ProductionReadiness objects targeting a workload.
func (r *ProductionReadinessReconciler) requestsForTarget(ctx context.Context, namespace, kind, name string) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.InNamespace(namespace), client.MatchingFields{IndexTargetRef: TargetKey(kind, name)}); err != nil {
		log.FromContext(ctx).Error(err, "mapping event to ProductionReadiness", "kind", kind, "name", name)
		return nil
	}
	return requestsOf(list.Items)
}

func requestsOf(items []v1alpha1.ProductionReadiness) []reconcile.Request {
	out := make([]reconcile.Request, 0, len(items))
	for _, pr := range items {
		out = append(out, reconcile.Request{NamespacedName: types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}})
	}
	return out
}

// mapWorkload maps a workload event to the objects targeting it, and to those targeting a
// workload that takes its pod template from it (a Rollout's workloadRef).
func (r *ProductionReadinessReconciler) mapWorkload(k *checks.WorkloadKind) func(context.Context, client.Object) []reconcile.Request {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		out := r.requestsForTarget(ctx, o.GetNamespace(), k.Kind, o.GetName())
		r.forEachWorkload(ctx, o.GetNamespace(), func(rk *checks.WorkloadKind, w *checks.Workload) {
			if ref := w.TemplateRef(); ref != nil && ref.Kind == k.Kind && ref.Name == o.GetName() {
				out = append(out, r.requestsForTarget(ctx, o.GetNamespace(), rk.Kind, w.Name())...)
			}
		}, func(rk *checks.WorkloadKind) bool { return rk.TemplateRef != nil })
		return out
	}
}

// forEachWorkload calls fn for every cached workload of a namespace ("": every namespace) whose
// kind passes want. It reads the informer's namespace index in place: the objects are neither
// copied out of the cache nor into a list (fn must not modify them). Without an informer it
// falls back to a cache list (still without deep copies).
func (r *ProductionReadinessReconciler) forEachWorkload(ctx context.Context, ns string, fn func(*checks.WorkloadKind, *checks.Workload), want func(*checks.WorkloadKind) bool) {
	for _, k := range r.watchedKinds() {
		if !want(k) {
			continue
		}
		items, err := r.cachedWorkloads(ctx, k, ns)
		if err != nil {
			log.FromContext(ctx).Error(err, "listing workloads", "kind", k.Kind, "namespace", ns)
			continue
		}
		for _, item := range items {
			obj, ok := item.(client.Object)
			if !ok {
				continue
			}
			if w, err := snapshot.WorkloadOf(k, obj); err == nil {
				fn(k, &w)
			}
		}
	}
}

// cachedWorkloads returns the cached objects of a kind in a namespace, in place when the cache
// exposes its informer's indexer.
func (r *ProductionReadinessReconciler) cachedWorkloads(ctx context.Context, k *checks.WorkloadKind, ns string) ([]any, error) {
	if r.mgr != nil {
		if inf, err := r.mgr.GetCache().GetInformer(ctx, snapshot.NewObject(k), cache.BlockUntilSynced(false)); err == nil {
			if si, ok := inf.(toolscache.SharedIndexInformer); ok {
				if ns == "" {
					return si.GetIndexer().List(), nil
				}
				return si.GetIndexer().ByIndex(toolscache.NamespaceIndex, ns)
			}
		}
	}
	list := snapshot.NewList(k)
	if err := r.List(ctx, list, client.InNamespace(ns), client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	objs, err := meta.ExtractList(list)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(objs))
	for i := range objs {
		out[i] = objs[i]
	}
	return out, nil
}

// mapHPA maps an HPA event to the objects targeting its scaleTargetRef. On an update the
// handler calls this for the old and the new object, so a retargeted HPA re-evaluates both.
func (r *ProductionReadinessReconciler) mapHPA(ctx context.Context, o client.Object) []reconcile.Request {
	hpa := o.(*autoscalingv2.HorizontalPodAutoscaler)
	ref := hpa.Spec.ScaleTargetRef
	return r.requestsForTarget(ctx, hpa.Namespace, ref.Kind, ref.Name)
}

// mapReferenced maps a Secret, ConfigMap or ServiceAccount event to the objects whose target
// references it, through the workload index of each watched kind.
func (r *ProductionReadinessReconciler) mapReferenced(index string) func(context.Context, client.Object) []reconcile.Request {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		var out []reconcile.Request
		for _, k := range r.watchedKinds() {
			list := snapshot.NewList(k)
			if err := r.List(ctx, list, client.InNamespace(o.GetNamespace()), client.MatchingFields{index: o.GetName()}, client.UnsafeDisableDeepCopy); err != nil {
				log.FromContext(ctx).Error(err, "mapping event to workloads", "index", index, "name", o.GetName())
				continue
			}
			items, err := meta.ExtractList(list)
			if err != nil {
				continue
			}
			for _, item := range items {
				if w, ok := item.(client.Object); ok {
					out = append(out, r.requestsForTarget(ctx, o.GetNamespace(), k.Kind, w.GetName())...)
				}
			}
		}
		return out
	}
}

// podSet is a target's pods as the selection rules see them.
type podSet struct {
	namespace string
	labels    map[string]string
}

// mapSelecting maps an object that selects pods by labels (PDB, Service, NetworkPolicy,
// monitor) to the objects in a namespace ("": every namespace) whose target's pods it selects,
// by one of the engine's rules. key is the object's index key (checks.PDBIndexKey, ...): the
// candidates are the workloads whose pod labels carry it (IndexPodLabels), or, for
// checks.SelectsAnyKey, every workload of the namespace, walked in the cache without copies.
// The ProductionReadiness objects of the selected ones are looked up by index: no read of a
// target per ProductionReadiness, no selector conversion per candidate.
func (r *ProductionReadinessReconciler) mapSelecting(ctx context.Context, namespace, key string, selects func(podSet) bool) []reconcile.Request {
	var out []reconcile.Request
	visit := func(k *checks.WorkloadKind, w *checks.Workload) {
		if w.TemplateRef() != nil {
			resolved := *w
			if r.Gatherer.ResolveTemplate(ctx, &resolved) != nil {
				return
			}
			w = &resolved
		}
		if selects(podSet{namespace: w.Namespace(), labels: w.PodLabels()}) {
			out = append(out, r.requestsForTarget(ctx, w.Namespace(), k.Kind, w.Name())...)
		}
	}
	if key == checks.SelectsAnyKey || namespace == "" {
		r.forEachWorkload(ctx, namespace, visit, func(*checks.WorkloadKind) bool { return true })
		return out
	}
	for _, k := range r.watchedKinds() {
		var items []runtime.Object
		for _, indexKey := range []string{key, podLabelsUnknown} {
			list := snapshot.NewList(k)
			err := r.List(ctx, list, client.InNamespace(namespace), client.MatchingFields{IndexPodLabels: indexKey}, client.UnsafeDisableDeepCopy)
			if err == nil {
				var found []runtime.Object
				if found, err = meta.ExtractList(list); err == nil {
					items = append(items, found...)
					continue
				}
			}
			// Without the index (an optional kind whose indexes could not be added), walk the
			// kind's workloads of the namespace as before: slower, never a missed event.
			log.FromContext(ctx).Error(err, "mapping event to workloads through the pod label index; walking the namespace", "kind", k.Kind, "namespace", namespace)
			items = nil
			r.forEachWorkload(ctx, namespace, visit, func(rk *checks.WorkloadKind) bool { return rk == k })
			break
		}
		for _, item := range items {
			if obj, ok := item.(client.Object); ok {
				if w, err := snapshot.WorkloadOf(k, obj); err == nil {
					visit(k, &w)
				}
			}
		}
	}
	return out
}

func (r *ProductionReadinessReconciler) mapPDB(ctx context.Context, o client.Object) []reconcile.Request {
	pdb := o.(*policyv1.PodDisruptionBudget)
	sel := checks.PDBSelector(pdb)
	return r.mapSelecting(ctx, o.GetNamespace(), checks.PDBIndexKey(pdb), func(p podSet) bool { return sel(p.labels) })
}

func (r *ProductionReadinessReconciler) mapService(ctx context.Context, o client.Object) []reconcile.Request {
	svc := o.(*corev1.Service)
	key, ok := checks.ServiceIndexKey(svc)
	if !ok {
		return nil // selects no pods
	}
	sel := checks.ServiceSelector(svc)
	return r.mapSelecting(ctx, o.GetNamespace(), key, func(p podSet) bool { return sel(p.labels) })
}

func (r *ProductionReadinessReconciler) mapNetworkPolicy(ctx context.Context, o client.Object) []reconcile.Request {
	np := o.(*networkingv1.NetworkPolicy)
	sel := checks.NetworkPolicySelector(np)
	return r.mapSelecting(ctx, o.GetNamespace(), checks.NetworkPolicyIndexKey(np), func(p podSet) bool { return sel(p.labels) })
}

// mapMonitor maps a ServiceMonitor or PodMonitor event to the objects whose pods it scrapes, in
// every namespace its namespaceSelector reaches (checks.MonitorScrapes decides).
func (r *ProductionReadinessReconciler) mapMonitor(ctx context.Context, o client.Object) []reconcile.Request {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil
	}
	mon, err := snapshot.MonitorFromUnstructured(u)
	if err != nil {
		return nil
	}
	namespaces := append([]string{u.GetNamespace()}, mon.Namespaces...)
	if mon.AnyNamespace {
		namespaces = []string{""} // every namespace
	}
	services := map[string][]corev1.Service{}
	scrapes := func(p podSet) bool {
		svcs, listed := services[p.namespace]
		if !listed && mon.Kind == snapshot.ServiceMonitorGVK.Kind {
			var list corev1.ServiceList
			if err := r.List(ctx, &list, client.InNamespace(p.namespace), client.UnsafeDisableDeepCopy); err != nil {
				log.FromContext(ctx).Error(err, "mapping ServiceMonitor to Services", "name", o.GetName())
			}
			svcs = list.Items
			services[p.namespace] = svcs
		}
		var selecting []*corev1.Service
		for i := range svcs {
			if checks.ServiceSelects(&svcs[i], p.labels) {
				selecting = append(selecting, &svcs[i])
			}
		}
		return checks.MonitorScrapes(&mon, p.namespace, p.labels, selecting)
	}
	var out []reconcile.Request
	for _, ns := range namespaces {
		out = append(out, r.mapSelecting(ctx, ns, checks.SelectsAnyKey, scrapes)...)
	}
	return out
}

// mapProfile maps a ReadinessProfile event to every ProductionReadiness using it.
func (r *ProductionReadinessReconciler) mapProfile(ctx context.Context, o client.Object) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.MatchingFields{IndexProfile: o.GetName()}); err != nil {
		log.FromContext(ctx).Error(err, "mapping ReadinessProfile to ProductionReadiness", "profile", o.GetName())
		return nil
	}
	return requestsOf(list.Items)
}

// mapSiblings maps a ProductionReadiness whose Ready condition changed to the others targeting
// the same workload: the promotion label is the AND of all of them.
func (r *ProductionReadinessReconciler) mapSiblings(ctx context.Context, o client.Object) []reconcile.Request {
	pr := o.(*v1alpha1.ProductionReadiness)
	var out []reconcile.Request
	for _, req := range r.requestsForTarget(ctx, pr.Namespace, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name) {
		if req.Name != pr.Name {
			out = append(out, req)
		}
	}
	return out
}
