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

package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/policy"
)

// WorkloadWebhookName is the name of the workload admission webhook in the configuration.
const WorkloadWebhookName = "vworkload.readiness.prodready.io"

// unscopedNamespace is the namespace the workload webhook's selector names until the operator
// sets it: no namespace has that name, so nothing is sent.
const unscopedNamespace = "prodready-admission-scope-not-set"

// AdmissionScope keeps the workload webhook's namespaceSelector to the namespaces where a
// ProductionReadiness exists (and those a Covered hook adds), so the API server sends the
// webhook nothing about workloads prodready does not judge. It re-applies the selector when
// an upgrade of the install resets it (a periodic resync) and when the set of namespaces
// changes.
type AdmissionScope struct {
	// Cache lists ProductionReadiness objects; API reads the webhook configuration (uncached,
	// one named object) and Writer patches it.
	Cache  client.Reader
	API    client.Reader
	Writer client.Writer
	// ConfigName is the ValidatingWebhookConfiguration holding the workload webhook.
	ConfigName string
	// Exclude are namespaces never sent (the operator's own, kube-system).
	Exclude []string
	// Covered adds the namespaces a ReadinessPolicy covers (nil: from the policies in the cache).
	Covered func(ctx context.Context) ([]string, error)
	// Resync is how often the selector is re-checked without an event (default 5 minutes).
	Resync time.Duration
}

// RBAC: get and patch on the one ValidatingWebhookConfiguration, by name, in
// config/rbac/webhook_cert_role.yaml and the chart's rbac.yaml (a marker cannot name it).

// SetupWithManager starts the scope controller: ProductionReadiness creations and deletions
// (the only events that change the set of namespaces) enqueue one singleton request.
func (s *AdmissionScope) SetupWithManager(mgr ctrl.Manager) error {
	if s.Resync <= 0 {
		s.Resync = 5 * time.Minute
	}
	singleton := func(context.Context, client.Object) []reconcile.Request {
		return []reconcile.Request{{NamespacedName: types.NamespacedName{Name: s.ConfigName}}}
	}
	membership := predicate.Funcs{
		CreateFunc:  func(event.CreateEvent) bool { return true },
		DeleteFunc:  func(event.DeleteEvent) bool { return true },
		UpdateFunc:  func(event.UpdateEvent) bool { return false },
		GenericFunc: func(event.GenericEvent) bool { return true },
	}
	if s.Covered == nil {
		s.Covered = s.policyCovered
	}
	return ctrl.NewControllerManagedBy(mgr).
		Named("admissionscope").
		Watches(&v1alpha1.ProductionReadiness{}, handler.EnqueueRequestsFromMapFunc(singleton), builder.WithPredicates(membership)).
		Watches(&v1alpha1.ReadinessPolicy{}, handler.EnqueueRequestsFromMapFunc(singleton), builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&corev1.Namespace{}, handler.EnqueueRequestsFromMapFunc(singleton), builder.WithPredicates(predicate.Or[client.Object](membership, predicate.LabelChangedPredicate{}))).
		Complete(s)
}

// policyCovered lists the namespaces a ReadinessPolicy covers, from the cache.
func (s *AdmissionScope) policyCovered(ctx context.Context) ([]string, error) {
	var policies v1alpha1.ReadinessPolicyList
	if err := s.Cache.List(ctx, &policies); err != nil {
		return nil, fmt.Errorf("listing ReadinessPolicies: %w", err)
	}
	if len(policies.Items) == 0 {
		return nil, nil
	}
	var namespaces corev1.NamespaceList
	if err := s.Cache.List(ctx, &namespaces, client.UnsafeDisableDeepCopy); err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	var out []string
	for i := range namespaces.Items {
		ns := &namespaces.Items[i]
		for j := range policies.Items {
			if policy.MatchesNamespace(&policies.Items[j], ns.Labels) {
				out = append(out, ns.Name)
				break
			}
		}
	}
	return out, nil
}

// Reconcile sets the selector when it differs from the wanted one.
func (s *AdmissionScope) Reconcile(ctx context.Context, _ reconcile.Request) (reconcile.Result, error) {
	want, err := s.selector(ctx)
	if err != nil {
		return reconcile.Result{}, err
	}
	cfg := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := s.API.Get(ctx, client.ObjectKey{Name: s.ConfigName}, cfg); err != nil {
		return reconcile.Result{}, fmt.Errorf("reading ValidatingWebhookConfiguration %s: %w", s.ConfigName, err)
	}
	i := slices.IndexFunc(cfg.Webhooks, func(w admissionregistrationv1.ValidatingWebhook) bool { return w.Name == WorkloadWebhookName })
	if i < 0 {
		return reconcile.Result{RequeueAfter: s.Resync}, nil // the workload webhook is not installed
	}
	if equality.Semantic.DeepEqual(cfg.Webhooks[i].NamespaceSelector, want) {
		return reconcile.Result{RequeueAfter: s.Resync}, nil
	}
	patch, err := json.Marshal([]map[string]any{
		{"op": "test", "path": fmt.Sprintf("/webhooks/%d/name", i), "value": WorkloadWebhookName},
		{"op": "replace", "path": fmt.Sprintf("/webhooks/%d/namespaceSelector", i), "value": want},
	})
	if err != nil {
		return reconcile.Result{}, err
	}
	if err := s.Writer.Patch(ctx, cfg, client.RawPatch(types.JSONPatchType, patch)); err != nil {
		return reconcile.Result{}, fmt.Errorf("setting the namespaceSelector of %s: %w", WorkloadWebhookName, err)
	}
	log.FromContext(ctx).Info("workload admission scope set", "namespaces", len(want.MatchExpressions[0].Values))
	return reconcile.Result{RequeueAfter: s.Resync}, nil
}

// selector is the namespaceSelector naming every namespace in scope, sorted.
func (s *AdmissionScope) selector(ctx context.Context) (*metav1.LabelSelector, error) {
	var list v1alpha1.ProductionReadinessList
	if err := s.Cache.List(ctx, &list, client.UnsafeDisableDeepCopy); err != nil {
		return nil, fmt.Errorf("listing ProductionReadiness: %w", err)
	}
	set := map[string]bool{}
	for i := range list.Items {
		set[list.Items[i].Namespace] = true
	}
	if s.Covered != nil {
		covered, err := s.Covered(ctx)
		if err != nil {
			return nil, err
		}
		for _, ns := range covered {
			set[ns] = true
		}
	}
	for _, ns := range s.Exclude {
		delete(set, ns)
	}
	names := make([]string, 0, len(set))
	for ns := range set {
		names = append(names, ns)
	}
	slices.Sort(names)
	if len(names) == 0 {
		names = []string{unscopedNamespace}
	}
	return &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpIn, Values: names},
	}}, nil
}
