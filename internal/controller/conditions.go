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
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// outcome is what the reconcile phases concluded. The three conditions are pure functions of
// it, following the DESIGN §2 table:
//
//	ChecksPassed                       Ready=True
//	RolloutInProgress                  Ready=False, Reconciling=True
//	TargetNotFound (within grace)      Ready=False, Reconciling=True
//	TargetNotFound (after grace)       Ready=False, Stalled=True
//	ChecksFailed, RolloutFailed,
//	InvalidSpec, NoRequiredChecks      Ready=False, Stalled=True
type outcome struct {
	// Reason is the Ready condition's reason.
	Reason string
	// Message explains it.
	Message string
	// Stalled is set for a TargetNotFound past its grace period.
	Stalled bool
}

func (o outcome) ready() bool { return o.Reason == v1alpha1.ReasonChecksPassed }

func (o outcome) stalled() bool {
	switch o.Reason {
	case v1alpha1.ReasonChecksFailed, v1alpha1.ReasonRolloutFailed, v1alpha1.ReasonInvalidSpec, v1alpha1.ReasonNoRequiredChecks:
		return true
	case v1alpha1.ReasonTargetNotFound:
		return o.Stalled
	}
	return false
}

func (o outcome) reconciling() bool { return !o.ready() && !o.stalled() }

// setConditions writes all three conditions for an outcome.
func setConditions(pr *v1alpha1.ProductionReadiness, o outcome, now time.Time) {
	setReadyCondition(pr, o, now)
	setReconcilingCondition(pr, o, now)
	setStalledCondition(pr, o, now)
}

// setReadyCondition: True with ChecksPassed, otherwise False with the outcome's reason.
func setReadyCondition(pr *v1alpha1.ProductionReadiness, o outcome, now time.Time) {
	status := metav1.ConditionFalse
	if o.ready() {
		status = metav1.ConditionTrue
	}
	setCondition(pr, metav1.Condition{Type: v1alpha1.ConditionReady, Status: status, Reason: o.Reason, Message: o.Message}, now)
}

// setReconcilingCondition: present (True) only while the verdict is expected to change on its
// own: a rollout in progress or a target within its grace period.
func setReconcilingCondition(pr *v1alpha1.ProductionReadiness, o outcome, now time.Time) {
	if !o.reconciling() {
		meta.RemoveStatusCondition(&pr.Status.Conditions, v1alpha1.ConditionReconciling)
		return
	}
	setCondition(pr, metav1.Condition{Type: v1alpha1.ConditionReconciling, Status: metav1.ConditionTrue, Reason: o.Reason, Message: o.Message}, now)
}

// setStalledCondition: present (True) only while nothing will change without someone changing
// the workload, its surroundings or the ProductionReadiness.
func setStalledCondition(pr *v1alpha1.ProductionReadiness, o outcome, now time.Time) {
	if !o.stalled() {
		meta.RemoveStatusCondition(&pr.Status.Conditions, v1alpha1.ConditionStalled)
		return
	}
	setCondition(pr, metav1.Condition{Type: v1alpha1.ConditionStalled, Status: metav1.ConditionTrue, Reason: o.Reason, Message: o.Message}, now)
}

// setCondition sets a condition with the object's generation. lastTransitionTime changes only
// when status, reason or message change (meta.SetStatusCondition would keep it across a reason
// or message change).
func setCondition(pr *v1alpha1.ProductionReadiness, c metav1.Condition, now time.Time) {
	c.ObservedGeneration = pr.Generation
	upsertCondition(&pr.Status.Conditions, c, now)
}

// upsertCondition adds or replaces a condition, keeping lastTransitionTime when status, reason
// and message are unchanged.
func upsertCondition(conds *[]metav1.Condition, c metav1.Condition, now time.Time) {
	c.LastTransitionTime = metav1.NewTime(now.Truncate(time.Second))
	if old := meta.FindStatusCondition(*conds, c.Type); old != nil {
		if old.Status == c.Status && old.Reason == c.Reason && old.Message == c.Message {
			c.LastTransitionTime = old.LastTransitionTime
		}
		*old = c
		return
	}
	*conds = append(*conds, c)
}
