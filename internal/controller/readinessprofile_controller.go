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
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"

	// The CEL compiler of custom checks: without it a profile with custom checks is refused.
	_ "github.com/prodready/prodready/internal/customcheck"
)

// ReadinessProfileReconciler validates organisation profiles and reports the result in their
// status: Ready=True (Valid) with the number of Required and Advisory checks, or Ready=False and
// Stalled=True (InvalidSpec) naming the bad field. What the CRD schema cannot refuse (unknown
// check ids, bad params) ends up here.
type ReadinessProfileReconciler struct {
	client.Client
	Clock clock.PassiveClock
}

// +kubebuilder:rbac:groups=readiness.prodready.io,resources=readinessprofiles/status,verbs=get;patch

// Reconcile validates one ReadinessProfile.
func (r *ReadinessProfileReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	rp := &v1alpha1.ReadinessProfile{}
	if err := r.Get(ctx, req.NamespacedName, rp); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	before := rp.DeepCopy()
	setProfileStatus(rp, r.Clock.Now())
	if equality.Semantic.DeepEqual(before.Status, rp.Status) {
		return ctrl.Result{}, nil
	}
	if err := r.Status().Patch(ctx, rp, client.MergeFrom(before)); err != nil {
		return ctrl.Result{}, fmt.Errorf("patching ReadinessProfile status: %w", err)
	}
	return ctrl.Result{}, nil
}

// setProfileStatus validates a profile and writes its status.
func setProfileStatus(rp *v1alpha1.ReadinessProfile, now time.Time) {
	pol, errs := checks.ResolveProfile(rp)
	rp.Status.ObservedGeneration = rp.Generation
	cond := metav1.Condition{Type: v1alpha1.ConditionReady, ObservedGeneration: rp.Generation}
	if len(errs) > 0 {
		rp.Status.Required, rp.Status.Advisory = 0, 0
		cond.Status, cond.Reason, cond.Message = metav1.ConditionFalse, v1alpha1.ReasonInvalidSpec, truncate(errs.ToAggregate().Error())
		upsertCondition(&rp.Status.Conditions, metav1.Condition{Type: v1alpha1.ConditionStalled, Status: metav1.ConditionTrue,
			Reason: v1alpha1.ReasonInvalidSpec, Message: cond.Message, ObservedGeneration: rp.Generation}, now)
	} else {
		var required, advisory int32
		for _, e := range pol.Entries {
			switch e.Enforcement {
			case v1alpha1.EnforcementRequired:
				required++
			case v1alpha1.EnforcementAdvisory:
				advisory++
			}
		}
		rp.Status.Required, rp.Status.Advisory = required, advisory
		cond.Status, cond.Reason = metav1.ConditionTrue, v1alpha1.ReasonValid
		cond.Message = fmt.Sprintf("based on %s: %d required and %d advisory checks", pol.BasedOn, required, advisory)
		meta.RemoveStatusCondition(&rp.Status.Conditions, v1alpha1.ConditionStalled)
	}
	upsertCondition(&rp.Status.Conditions, cond, now)
}

// SetupWithManager registers the controller.
func (r *ReadinessProfileReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		Named("readinessprofile").
		For(&v1alpha1.ReadinessProfile{}, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Complete(r)
}
