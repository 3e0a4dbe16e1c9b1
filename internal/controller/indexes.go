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

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// Field indexes. Every event on a related object maps back to the affected ProductionReadiness
// objects through these (and namespace-scoped cache lists) — never a list of every object.
const (
	// IndexTargetRef indexes ProductionReadiness by "Kind/name" of spec.targetRef.
	IndexTargetRef = "spec.targetRef"
	// IndexProfile indexes ProductionReadiness by spec.profile (defaulted).
	IndexProfile = "spec.profile"
	// IndexSecrets indexes workloads by the Secrets their pod template references.
	IndexSecrets = "spec.template.secrets"
	// IndexConfigMaps indexes workloads by the ConfigMaps their pod template references.
	IndexConfigMaps = "spec.template.configMaps"
	// IndexServiceAccount indexes workloads by their pod template's ServiceAccount.
	IndexServiceAccount = "spec.template.serviceAccountName"
)

func targetKey(kind, name string) string { return kind + "/" + name }

func indexTargetRef(o client.Object) []string {
	pr := o.(*v1alpha1.ProductionReadiness)
	return []string{targetKey(pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)}
}

func indexProfile(o client.Object) []string {
	return []string{checks.ProfileName(&o.(*v1alpha1.ProductionReadiness).Spec)}
}

func indexSecrets(o client.Object) []string {
	w := snapshot.WorkloadOf(o)
	return checks.PodSecretNames(w.PodSpec())
}

func indexConfigMaps(o client.Object) []string {
	w := snapshot.WorkloadOf(o)
	return checks.PodConfigMapNames(w.PodSpec())
}

func indexServiceAccount(o client.Object) []string {
	w := snapshot.WorkloadOf(o)
	spec := w.PodSpec()
	name := spec.ServiceAccountName
	if name == "" {
		name = spec.DeprecatedServiceAccount
	}
	if name == "" {
		name = "default"
	}
	return []string{name}
}

// requestsForTarget returns the ProductionReadiness objects targeting a workload.
func (r *ProductionReadinessReconciler) requestsForTarget(ctx context.Context, namespace, kind, name string) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.InNamespace(namespace), client.MatchingFields{IndexTargetRef: targetKey(kind, name)}); err != nil {
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

// mapWorkload maps a workload event to the objects targeting it.
func (r *ProductionReadinessReconciler) mapWorkload(kind string) func(context.Context, client.Object) []reconcile.Request {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		return r.requestsForTarget(ctx, o.GetNamespace(), kind, o.GetName())
	}
}

// mapHPA maps an HPA event to the objects targeting its scaleTargetRef. On an update the
// handler calls this for the old and the new object, so a retargeted HPA re-evaluates both.
func (r *ProductionReadinessReconciler) mapHPA(ctx context.Context, o client.Object) []reconcile.Request {
	hpa := o.(*autoscalingv2.HorizontalPodAutoscaler)
	ref := hpa.Spec.ScaleTargetRef
	return r.requestsForTarget(ctx, hpa.Namespace, ref.Kind, ref.Name)
}

// mapReferenced maps a Secret, ConfigMap or ServiceAccount event to the objects whose target
// references it, through the workload index.
func (r *ProductionReadinessReconciler) mapReferenced(index string) func(context.Context, client.Object) []reconcile.Request {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		var out []reconcile.Request
		for _, wk := range snapshot.WorkloadKinds {
			list := wk.NewList()
			if err := r.List(ctx, list, client.InNamespace(o.GetNamespace()), client.MatchingFields{index: o.GetName()}); err != nil {
				log.FromContext(ctx).Error(err, "mapping event to workloads", "index", index, "name", o.GetName())
				continue
			}
			items, err := meta.ExtractList(list)
			if err != nil {
				continue
			}
			for _, item := range items {
				if w, ok := item.(client.Object); ok {
					out = append(out, r.requestsForTarget(ctx, o.GetNamespace(), wk.Kind, w.GetName())...)
				}
			}
		}
		return out
	}
}

// mapSelecting maps an object that selects pods by labels (PDB, Service, NetworkPolicy) to the
// objects in its namespace whose target's pod template it selects. It reads the namespace's
// ProductionReadiness objects and their targets from the cache.
func (r *ProductionReadinessReconciler) mapSelecting(selects func(client.Object, labels.Set) bool) func(context.Context, client.Object) []reconcile.Request {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		// Read-only: the objects are not copied out of the cache.
		var list v1alpha1.ProductionReadinessList
		if err := r.List(ctx, &list, client.InNamespace(o.GetNamespace()), client.UnsafeDisableDeepCopy); err != nil {
			log.FromContext(ctx).Error(err, "mapping event to ProductionReadiness", "object", o.GetName())
			return nil
		}
		var hit []v1alpha1.ProductionReadiness
		for _, pr := range list.Items {
			target, err := r.Gatherer.GetWorkload(ctx, pr.Namespace, pr.Spec.TargetRef, client.UnsafeDisableDeepCopy)
			if err != nil {
				continue
			}
			w := snapshot.WorkloadOf(target)
			if selects(o, labels.Set(w.PodLabels())) {
				hit = append(hit, pr)
			}
		}
		return requestsOf(hit)
	}
}

// labelSelectorSelects is checks.SelectorMatches with an invalid selector selecting nothing:
// event mapping applies exactly the semantics the checks apply.
func labelSelectorSelects(sel *metav1.LabelSelector, set labels.Set, emptyAll bool) bool {
	ok, err := checks.SelectorMatches(sel, set, emptyAll)
	return err == nil && ok
}

func pdbSelects(o client.Object, set labels.Set) bool {
	return labelSelectorSelects(o.(*policyv1.PodDisruptionBudget).Spec.Selector, set, false)
}

func serviceSelects(o client.Object, set labels.Set) bool {
	svc := o.(*corev1.Service)
	return len(svc.Spec.Selector) > 0 && labels.SelectorFromSet(svc.Spec.Selector).Matches(set)
}

func networkPolicySelects(o client.Object, set labels.Set) bool {
	np := o.(*networkingv1.NetworkPolicy)
	return labelSelectorSelects(&np.Spec.PodSelector, set, true)
}

// mapMonitor maps a ServiceMonitor or PodMonitor event to the objects of its namespace whose
// pods it scrapes: a PodMonitor through its selector on the pod labels, a ServiceMonitor through
// the Services its selector picks that select the pods. (The snapshot reads monitors of the
// workload's own namespace, so other namespaces are unaffected.)
func (r *ProductionReadinessReconciler) mapMonitor(ctx context.Context, o client.Object) []reconcile.Request {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return nil
	}
	mon, err := snapshot.MonitorFromUnstructured(u)
	if err != nil {
		return nil
	}
	selects := func(_ client.Object, pods labels.Set) bool { return labelSelectorSelects(&mon.Selector, pods, true) }
	if mon.Kind == snapshot.ServiceMonitorGVK.Kind {
		var svcs corev1.ServiceList
		if err := r.List(ctx, &svcs, client.InNamespace(o.GetNamespace())); err != nil {
			log.FromContext(ctx).Error(err, "mapping ServiceMonitor to Services", "name", o.GetName())
			return nil
		}
		var picked []*corev1.Service
		for i := range svcs.Items {
			if labelSelectorSelects(&mon.Selector, labels.Set(svcs.Items[i].Labels), true) {
				picked = append(picked, &svcs.Items[i])
			}
		}
		selects = func(_ client.Object, pods labels.Set) bool {
			for _, svc := range picked {
				if serviceSelects(svc, pods) {
					return true
				}
			}
			return false
		}
	}
	return r.mapSelecting(selects)(ctx, o)
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
