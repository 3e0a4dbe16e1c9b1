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

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/snapshot"
)

// SetupIndexes registers the field indexes the reconciler and its event mappers use.
func SetupIndexes(ctx context.Context, mgr ctrl.Manager) error {
	idx := mgr.GetFieldIndexer()
	if err := idx.IndexField(ctx, &v1alpha1.ProductionReadiness{}, IndexTargetRef, indexTargetRef); err != nil {
		return fmt.Errorf("index %s: %w", IndexTargetRef, err)
	}
	if err := idx.IndexField(ctx, &v1alpha1.ProductionReadiness{}, IndexProfile, indexProfile); err != nil {
		return fmt.Errorf("index %s: %w", IndexProfile, err)
	}
	for _, wk := range snapshot.WorkloadKinds {
		for name, fn := range map[string]func(o client.Object) []string{
			IndexSecrets: indexSecrets, IndexConfigMaps: indexConfigMaps, IndexServiceAccount: indexServiceAccount,
		} {
			if err := idx.IndexField(ctx, wk.NewObj(), name, fn); err != nil {
				return fmt.Errorf("index %s on %s: %w", name, wk.Kind, err)
			}
		}
	}
	return nil
}

// SetupWithManager registers the controller and its watches. Call SetupIndexes first.
func (r *ProductionReadinessReconciler) SetupWithManager(mgr ctrl.Manager, maxConcurrent int) error {
	if r.TargetGracePeriod <= 0 {
		r.TargetGracePeriod = DefaultTargetGracePeriod
	}
	changed := builder.WithPredicates(predicate.ResourceVersionChangedPredicate{})
	b := ctrl.NewControllerManagedBy(mgr).
		Named("productionreadiness").
		// Spec changes, deletion (which bumps generation) and the reconcile-request annotation;
		// our own status writes do not trigger a reconcile.
		For(&v1alpha1.ProductionReadiness{}, builder.WithPredicates(predicate.Or[client.Object](
			predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		Watches(&v1alpha1.ProductionReadiness{}, handler.EnqueueRequestsFromMapFunc(r.mapSiblings), builder.WithPredicates(readyChanged())).
		Watches(&policyv1.PodDisruptionBudget{}, handler.EnqueueRequestsFromMapFunc(r.mapSelecting(pdbSelects)), changed).
		Watches(&autoscalingv2.HorizontalPodAutoscaler{}, handler.EnqueueRequestsFromMapFunc(r.mapHPA), changed).
		Watches(&corev1.Service{}, handler.EnqueueRequestsFromMapFunc(r.mapSelecting(serviceSelects)), changed).
		Watches(&networkingv1.NetworkPolicy{}, handler.EnqueueRequestsFromMapFunc(r.mapSelecting(networkPolicySelects)), changed).
		Watches(&corev1.Secret{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexSecrets)), changed).
		Watches(&corev1.ConfigMap{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexConfigMaps)), changed).
		Watches(&corev1.ServiceAccount{}, handler.EnqueueRequestsFromMapFunc(r.mapReferenced(IndexServiceAccount)), changed).
		Watches(&v1alpha1.ReadinessProfile{}, handler.EnqueueRequestsFromMapFunc(r.mapProfile), builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		WithOptions(controller.Options{MaxConcurrentReconciles: maxConcurrent})
	for _, wk := range snapshot.WorkloadKinds {
		b = b.Watches(wk.NewObj(), handler.EnqueueRequestsFromMapFunc(r.mapWorkload(wk.Kind)), changed)
	}
	for _, gvk := range r.Gatherer.MonitorKinds {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(gvk)
		b = b.Watches(u, handler.EnqueueRequestsFromMapFunc(r.mapMonitor), changed)
	}
	return b.Complete(r)
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
