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
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/prodready/prodready/api/v1alpha1"
)

// The ReadinessPolicy controller is woken by the ProductionReadiness changes its coverage
// depends on, and not by the status writes that leave the verdict as it was.
func TestCoverageChanged(t *testing.T) {
	base := func() *v1alpha1.ProductionReadiness {
		pr := &v1alpha1.ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Generation: 2, ResourceVersion: "10"}}
		pr.Status.Conditions = []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: metav1.ConditionFalse, ObservedGeneration: 2, Reason: v1alpha1.ReasonChecksFailed}}
		pr.Status.Checks = []v1alpha1.CheckResult{{ID: "pdb-present", Result: v1alpha1.ResultFail, Message: "no PDB"}, {ID: "probe-readiness", Result: v1alpha1.ResultPass}}
		return pr
	}
	for _, tc := range []struct {
		name   string
		change func(*v1alpha1.ProductionReadiness)
		want   bool
	}{
		{"a new resourceVersion only", func(pr *v1alpha1.ProductionReadiness) { pr.ResourceVersion = "11" }, false},
		{"a new message, same results", func(pr *v1alpha1.ProductionReadiness) { pr.Status.Checks[0].Message = "still no PDB" }, false},
		{"the target's generation", func(pr *v1alpha1.ProductionReadiness) { pr.Status.Target = &v1alpha1.TargetStatus{Generation: 7} }, false},
		{"Ready at the current generation", func(pr *v1alpha1.ProductionReadiness) {
			pr.Status.Conditions[0].Status = metav1.ConditionTrue
		}, true},
		{"Ready, but of an older generation", func(pr *v1alpha1.ProductionReadiness) {
			pr.Status.Conditions[0].Status, pr.Status.Conditions[0].ObservedGeneration = metav1.ConditionTrue, 1
		}, false},
		{"another check fails", func(pr *v1alpha1.ProductionReadiness) { pr.Status.Checks[1].Result = v1alpha1.ResultFail }, true},
		{"spec", func(pr *v1alpha1.ProductionReadiness) { pr.Generation = 3 }, true},
		{"labels", func(pr *v1alpha1.ProductionReadiness) { pr.Labels = map[string]string{"team": "a"} }, true},
		{"owners", func(pr *v1alpha1.ProductionReadiness) {
			pr.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: "u"}}
		}, true},
		{"deletion", func(pr *v1alpha1.ProductionReadiness) { now := metav1.Now(); pr.DeletionTimestamp = &now }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := base()
			tc.change(n)
			if got := coverageChanged().Update(event.UpdateEvent{ObjectOld: base(), ObjectNew: n}); got != tc.want {
				t.Errorf("coverageChanged = %v, want %v", got, tc.want)
			}
		})
	}
}

// The create events of a watch's initial list are dropped (the controller's own kind is listed
// at start and reconciles every object); later creations, updates and deletions pass.
func TestNotInInitialList(t *testing.T) {
	p := notInInitialList()
	obj := &v1alpha1.ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	if p.Create(event.CreateEvent{Object: obj, IsInInitialList: true}) {
		t.Error("a create of the initial list passed")
	}
	if !p.Create(event.CreateEvent{Object: obj}) {
		t.Error("a create after the initial list was dropped")
	}
	if !p.Update(event.UpdateEvent{ObjectOld: obj, ObjectNew: obj}) || !p.Delete(event.DeleteEvent{Object: obj}) || !p.Generic(event.GenericEvent{Object: obj}) {
		t.Error("updates, deletions and generic events pass")
	}
}

// On the ReadinessPolicy controller's ProductionReadiness watch, the initial list still brings
// the generated objects (their policy may be gone: that event is what cleans them up).
func TestPolicyWatchKeepsGeneratedObjectsOfTheInitialList(t *testing.T) {
	p := predicate.Or[client.Object](notInInitialList(), generated())
	team := &v1alpha1.ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	gen := team.DeepCopy()
	gen.Labels = map[string]string{v1alpha1.GeneratedByLabel: "floor"}
	if p.Create(event.CreateEvent{Object: team, IsInInitialList: true}) {
		t.Error("a team's object of the initial list passed")
	}
	if !p.Create(event.CreateEvent{Object: gen, IsInInitialList: true}) {
		t.Error("a generated object of the initial list was dropped")
	}
	if !p.Create(event.CreateEvent{Object: team}) {
		t.Error("a later create was dropped")
	}
}
