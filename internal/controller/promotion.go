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
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/prodready/prodready/api/v1alpha1"
)

// reconcileLabel sets readiness.prodready.io/promotable on the target: "true" only while this
// object and every other promotion-enabled ProductionReadiness targeting the same workload are
// Ready, "false" otherwise. It writes a label-only merge patch, and nothing when the label is
// already right, so the operator's own write triggers no further write. With promotion disabled
// the workload is left untouched, except that a label left behind by an earlier enabled spec is
// removed when no other ProductionReadiness maintains it.
func (r *ProductionReadinessReconciler) reconcileLabel(ctx context.Context, s *scope) error {
	if s.target == nil {
		return nil
	}
	siblings, err := r.siblings(ctx, s.pr)
	if err != nil {
		return err
	}
	current, has := s.target.GetLabels()[v1alpha1.PromotableLabel]
	if !s.pr.Spec.PromotionEnabled() {
		if has && len(siblings) == 0 {
			return r.writeLabel(ctx, s, nil)
		}
		return nil
	}
	ready := s.outcome.ready()
	for _, sib := range siblings {
		if !isReady(&sib) {
			ready = false
		}
	}
	s.pr.Status.Promotable = ready
	desired := "false"
	if ready {
		desired = "true"
	}
	if has && current == desired {
		return nil
	}
	return r.writeLabel(ctx, s, &desired)
}

// writeLabel patches only the promotion label (value nil removes it).
func (r *ProductionReadinessReconciler) writeLabel(ctx context.Context, s *scope, value *string) error {
	if err := patchLabel(ctx, r.Client, s.target, value); err != nil {
		return err
	}
	action := "removed " + v1alpha1.PromotableLabel
	if value != nil {
		action = fmt.Sprintf("set %s=%s", v1alpha1.PromotableLabel, *value)
	}
	log.FromContext(ctx).Info("promotion label written", "label", v1alpha1.PromotableLabel, "value", labelValue(value))
	// No event for the label written by the first evaluation (as for the Ready condition).
	if r.Recorder != nil && meta.FindStatusCondition(s.before.Status.Conditions, v1alpha1.ConditionReady) != nil {
		r.Recorder.Eventf(s.pr, s.target, "Normal", "PromotionLabel", "Label", "%s on %s %s", action, s.pr.Spec.TargetRef.Kind, s.target.GetName())
	}
	return nil
}

func labelValue(v *string) string {
	if v == nil {
		return "<removed>"
	}
	return *v
}

// patchLabel sends a JSON merge patch touching nothing but the promotion label.
func patchLabel(ctx context.Context, c client.Client, target client.Object, value *string) error {
	var v any
	if value != nil {
		v = *value
	}
	body, err := json.Marshal(map[string]any{"metadata": map[string]any{"labels": map[string]any{v1alpha1.PromotableLabel: v}}})
	if err != nil {
		return err
	}
	if err := c.Patch(ctx, target, client.RawPatch(types.MergePatchType, body)); err != nil {
		return client.IgnoreNotFound(fmt.Errorf("patching label %s on %s: %w", v1alpha1.PromotableLabel, target.GetName(), err))
	}
	return nil
}

// siblings are the other promotion-enabled, not-deleted ProductionReadiness objects targeting
// the same workload.
func (r *ProductionReadinessReconciler) siblings(ctx context.Context, pr *v1alpha1.ProductionReadiness) ([]v1alpha1.ProductionReadiness, error) {
	return r.maintainers(ctx, pr.Namespace, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name, pr.Name)
}

// isReady reports a current Ready=True (observed at the object's generation).
func isReady(pr *v1alpha1.ProductionReadiness) bool {
	c := pr.CurrentReady()
	return c != nil && c.Status == metav1.ConditionTrue
}
