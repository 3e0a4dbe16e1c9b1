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

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/policy"
)

// mapPolicy maps a ReadinessPolicy event to the ProductionReadiness objects of the namespaces it
// matches: their floor changed. (On an update controller-runtime maps the old and the new
// object, so namespaces that stopped matching are re-evaluated too.)
func (r *ProductionReadinessReconciler) mapPolicy(ctx context.Context, o client.Object) []reconcile.Request {
	p, ok := o.(*v1alpha1.ReadinessPolicy)
	if !ok {
		return nil
	}
	var nsList corev1.NamespaceList
	if err := r.List(ctx, &nsList); err != nil {
		log.FromContext(ctx).Error(err, "mapping ReadinessPolicy to namespaces", "policy", p.Name)
		return nil
	}
	var out []reconcile.Request
	for i := range nsList.Items {
		if policy.MatchesNamespace(p, nsList.Items[i].Labels) {
			out = append(out, r.requestsInNamespace(ctx, nsList.Items[i].Name)...)
		}
	}
	return out
}

// mapNamespace maps a namespace whose labels changed to its ProductionReadiness objects: the
// policies matching it may have changed.
func (r *ProductionReadinessReconciler) mapNamespace(ctx context.Context, o client.Object) []reconcile.Request {
	return r.requestsInNamespace(ctx, o.GetName())
}

// mapProfileFloor maps a ReadinessProfile event to the objects covered by the policies that
// use it as their floor.
func (r *ProductionReadinessReconciler) mapProfileFloor(ctx context.Context, o client.Object) []reconcile.Request {
	var list v1alpha1.ReadinessPolicyList
	if err := r.List(ctx, &list); err != nil {
		log.FromContext(ctx).Error(err, "listing ReadinessPolicies")
		return nil
	}
	var out []reconcile.Request
	for i := range list.Items {
		if policy.ProfileName(&list.Items[i]) == o.GetName() {
			out = append(out, r.mapPolicy(ctx, &list.Items[i])...)
		}
	}
	return out
}

func (r *ProductionReadinessReconciler) requestsInNamespace(ctx context.Context, ns string) []reconcile.Request {
	var list v1alpha1.ProductionReadinessList
	if err := r.List(ctx, &list, client.InNamespace(ns), client.UnsafeDisableDeepCopy); err != nil {
		log.FromContext(ctx).Error(err, "listing ProductionReadiness", "namespace", ns)
		return nil
	}
	return requestsOf(list.Items)
}
