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

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// workloadKey names a workload for the label repair controller.
type workloadKey struct {
	Kind      string
	Namespace string
	Name      string
}

// The label repair. There is no finalizer on ProductionReadiness: when one goes, or a label
// appears on a workload that nothing maintains (a forged label, a deletion while the operator
// was down), a second controller keyed by workload removes the label from every workload that
// carries it while no promotion-enabled ProductionReadiness targets it. It watches only
// workloads carrying the label (so its start-up list repairs what happened while the operator
// was down) and ProductionReadiness deletions and promotion switches.

// setupLabelRepair builds the repair controller with a watch per built-in kind; optional kinds
// get theirs when served (watchOptional).
func (r *ProductionReadinessReconciler) setupLabelRepair(mgr ctrl.Manager) error {
	prEvents := predicate.Funcs{
		CreateFunc:  func(event.CreateEvent) bool { return false },
		GenericFunc: func(event.GenericEvent) bool { return false },
		DeleteFunc:  func(event.DeleteEvent) bool { return true },
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*v1alpha1.ProductionReadiness)
			n, ok2 := e.ObjectNew.(*v1alpha1.ProductionReadiness)
			return ok1 && ok2 && o.Spec.PromotionEnabled() && !n.Spec.PromotionEnabled()
		},
	}
	b := builder.TypedControllerManagedBy[workloadKey](mgr).
		Named("promotionlabel").
		WatchesRawSource(source.TypedKind[client.Object, workloadKey](mgr.GetCache(), client.Object(&v1alpha1.ProductionReadiness{}),
			handler.TypedEnqueueRequestsFromMapFunc(targetOfReadiness), prEvents)).
		WithOptions(controller.TypedOptions[workloadKey]{MaxConcurrentReconciles: 1})
	for _, k := range checks.Kinds() {
		if !k.Optional {
			b = b.WatchesRawSource(labelledWorkloads(mgr, k))
		}
	}
	c, err := b.Build(reconcile.TypedFunc[workloadKey](r.repairLabel))
	if err != nil {
		return err
	}
	r.repair = c
	return nil
}

// labelledWorkloads is a source of the workloads of a kind that carry the promotion label.
func labelledWorkloads(mgr ctrl.Manager, k *checks.WorkloadKind) source.TypedSource[workloadKey] {
	hasLabel := predicate.NewPredicateFuncs(func(o client.Object) bool {
		_, ok := o.GetLabels()[v1alpha1.PromotableLabel]
		return ok
	})
	return source.TypedKind[client.Object, workloadKey](mgr.GetCache(), snapshot.NewObject(k),
		handler.TypedEnqueueRequestsFromMapFunc(func(_ context.Context, o client.Object) []workloadKey {
			return []workloadKey{{Kind: k.Kind, Namespace: o.GetNamespace(), Name: o.GetName()}}
		}), hasLabel)
}

func targetOfReadiness(_ context.Context, o client.Object) []workloadKey {
	pr, ok := o.(*v1alpha1.ProductionReadiness)
	if !ok {
		return nil
	}
	return []workloadKey{{Kind: pr.Spec.TargetRef.Kind, Namespace: pr.Namespace, Name: pr.Spec.TargetRef.Name}}
}

// repairLabel removes the promotion label from a workload that no promotion-enabled
// ProductionReadiness targets. Everything is read from the cache; the only write is the
// label-only patch.
func (r *ProductionReadinessReconciler) repairLabel(ctx context.Context, key workloadKey) (reconcile.Result, error) {
	target, _, err := r.Gatherer.GetWorkload(ctx, key.Namespace, v1alpha1.TargetRef{Kind: key.Kind, Name: key.Name})
	var notServed *snapshot.ErrKindNotServed
	if errors.As(err, &notServed) {
		return reconcile.Result{}, nil
	}
	if err != nil {
		return reconcile.Result{}, client.IgnoreNotFound(err)
	}
	if _, has := target.GetLabels()[v1alpha1.PromotableLabel]; !has {
		return reconcile.Result{}, nil
	}
	maintained, err := r.maintainers(ctx, key.Namespace, key.Kind, key.Name, "")
	if err != nil || len(maintained) > 0 {
		return reconcile.Result{}, err
	}
	if err := patchLabel(ctx, r.Client, target, nil); err != nil {
		return reconcile.Result{}, err
	}
	log.FromContext(ctx).Info("removed a promotion label no ProductionReadiness maintains", "kind", key.Kind, "namespace", key.Namespace, "name", key.Name)
	if r.Recorder != nil {
		r.Recorder.Eventf(target, nil, "Normal", "PromotionLabelRemoved", "Label",
			"removed %s: no promotion-enabled ProductionReadiness targets this %s", v1alpha1.PromotableLabel, key.Kind)
	}
	return reconcile.Result{}, nil
}

// maintainers are the promotion-enabled, not-deleted ProductionReadiness objects targeting a
// workload, but the one named except (via the targetRef index).
func (r *ProductionReadinessReconciler) maintainers(ctx context.Context, namespace, kind, name, except string) ([]v1alpha1.ProductionReadiness, error) {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.InNamespace(namespace), client.MatchingFields{IndexTargetRef: TargetKey(kind, name)}); err != nil {
		return nil, fmt.Errorf("listing ProductionReadiness targeting %s %s: %w", kind, name, err)
	}
	var out []v1alpha1.ProductionReadiness
	for _, o := range list.Items {
		if o.Name == except || !o.DeletionTimestamp.IsZero() || !o.Spec.PromotionEnabled() {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}
