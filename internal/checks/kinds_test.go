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
package checks

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestKindFor(t *testing.T) {
	for _, tc := range []struct{ apiVersion, kind, want, err string }{
		{"apps/v1", "Deployment", "Deployment", ""},
		{"extensions/v1beta1", "DaemonSet", "DaemonSet", ""},
		{"apps/v1beta2", "StatefulSet", "StatefulSet", ""},
		{"batch/v1beta1", "CronJob", "CronJob", ""},
		{"argoproj.io/v1alpha1", "Rollout", "Rollout", ""},
		{"apps/v2", "Deployment", "", "the served version is apps/v1"},
		{"batch/v1", "Deployment", "", "not a version of Deployment"},
		{"v1", "Pod", "", "not a workload kind prodready evaluates"},
	} {
		k, err := KindFor(tc.apiVersion, tc.kind)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s %s: error %v, want %q", tc.apiVersion, tc.kind, err, tc.err)
		case tc.err == "" && (err != nil || k.Kind != tc.want):
			t.Errorf("%s %s: got %v, %v", tc.apiVersion, tc.kind, k, err)
		}
	}
	if !IsWorkloadGroupKind("extensions", "Deployment") || IsWorkloadGroupKind("", "Pod") || !IsWorkloadGroupKind("argoproj.io", "Rollout") {
		t.Error("IsWorkloadGroupKind")
	}
}

// Every registered kind answers every accessor on an empty object, so no check meets a nil
// function or a panic on a kind it did not expect.
func TestEveryKindIsComplete(t *testing.T) {
	for _, k := range Kinds() {
		if k.Resource == "" || k.Group == "" || k.Version == "" || k.New == nil || k.Selector == nil || k.Rollout == nil || k.Template == nil {
			t.Errorf("%s: incomplete registration %+v", k.Kind, k)
		}
		if k.Optional && k.CRDName != k.Resource+"."+k.Group {
			t.Errorf("%s: CRDName %q, want %s.%s", k.Kind, k.CRDName, k.Resource, k.Group)
		}
		w := Workload{WorkloadKind: k, Object: k.New(), HasStatus: true}
		_ = w.Template()
		_ = w.Selector()
		_ = w.SpecReplicas()
		_ = w.ObservedGeneration()
		_ = k.Rollout(&w)
		if (k.ObservedGeneration != nil) != (k.Controller != "") {
			t.Errorf("%s: an observedGeneration accessor goes with the Controller named in its messages", k.Kind)
		}
		if (k.Replicas != nil) != k.Has(CapReplicas) {
			t.Errorf("%s: a replica accessor goes with CapReplicas", k.Kind)
		}
	}
}

func TestDecodeUnstructuredRollout(t *testing.T) {
	k, _ := LookupKind(KindRollout)
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
		"metadata": map[string]any{"name": "web", "namespace": "shop", "generation": int64(3)},
		"spec": map[string]any{"replicas": int64(4), "unknownField": true,
			"template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": "web"}}}},
		"status": map[string]any{"observedGeneration": "3", "phase": "Healthy"},
	}}
	w, err := NewWorkload(k, u)
	if err != nil {
		t.Fatal(err)
	}
	if w.Name() != "web" || *w.SpecReplicas() != 4 || w.PodLabels()["app"] != "web" || w.ObservedGeneration() != 3 || w.APIVersion() != "argoproj.io/v1alpha1" {
		t.Errorf("decoded %+v", w)
	}
	u.Object["spec"] = map[string]any{"replicas": "four"}
	if _, err := NewWorkload(k, u); err == nil || strings.Contains(err.Error(), "four") {
		t.Errorf("a malformed Rollout must fail without quoting the value: %v", err)
	}
}

// Checks that need long-running pods or a replica count skip Jobs and CronJobs with the reason;
// container checks apply to them unchanged.
func TestBatchKindsSkipWithReason(t *testing.T) {
	pol, _ := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: ProfileStrict}, nil)
	for _, s := range []*Snapshot{cronJob(deploy(ctr("report"))), job(deploy(ctr("migrate")))} {
		got := map[string]v1alpha1.CheckResult{}
		for _, r := range Evaluate(s, pol).Results {
			got[r.ID] = r
		}
		for id, want := range map[string]string{
			"probe-readiness": "runs its pods to completion", "replicas-minimum": "has no replica count",
			"pdb-present": "has no replica count", "spread-nodes": "has no replica count", "service-ports-valid": "runs its pods to completion",
		} {
			if r := got[id]; r.Result != v1alpha1.ResultSkip || !strings.Contains(r.Message, want) {
				t.Errorf("%s on a %s: %s %q, want Skip with %q", id, s.Workload.Kind(), r.Result, r.Message, want)
			}
		}
		if r := got["resources-requests"]; r.Result != v1alpha1.ResultFail {
			t.Errorf("resources-requests applies to a %s unchanged: %+v", s.Workload.Kind(), r)
		}
	}
}

// A Rollout whose workloadRef names a missing Deployment reports Error with the name on every
// check: its empty template must not pass for a template.
func TestMissingWorkloadRefIsAnError(t *testing.T) {
	s := rollout(deploy(ctr("api")))
	ro(s).Spec.WorkloadRef = &RolloutWorkloadRef{APIVersion: "apps/v1", Kind: "Deployment", Name: "web-base"}
	s.Workload.RefProblem = "spec.workloadRef names Deployment \"web-base\", which does not exist"
	pol, _ := Resolve(&v1alpha1.ProductionReadinessSpec{}, nil)
	for _, r := range Evaluate(s, pol).Results {
		if r.Result != v1alpha1.ResultError || !strings.Contains(r.Message, "web-base") {
			t.Errorf("%s: %s %q", r.ID, r.Result, r.Message)
		}
	}
}

func TestRolloutKindRollout(t *testing.T) {
	status := func(st RolloutStatus) *Snapshot {
		s := rollout(deploy(ctr("api")))
		ro(s).Status = st
		return s
	}
	runCases(t, &rolloutComplete, []checkCase{
		{name: "healthy", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Healthy", UpdatedReplicas: 2, AvailableReplicas: 2}),
			want: v1alpha1.ResultPass, msg: []string{"phase Healthy", "2/2 replicas updated"}},
		{name: "not observed", snap: status(RolloutStatus{ObservedGeneration: "0", Phase: "Healthy"}), want: v1alpha1.ResultPending,
			msg: []string{"the Argo Rollouts controller has not yet observed generation 1 (status.observedGeneration 0)"}},
		{name: "progressing", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Progressing", Message: "more replicas need to be updated"}),
			want: v1alpha1.ResultPending, msg: []string{"is Progressing", "more replicas"}},
		{name: "paused at a step", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Paused", PauseConditions: []RolloutPauseCondition{{Reason: "CanaryPauseStep"}}}),
			want: v1alpha1.ResultPending, msg: []string{"paused by CanaryPauseStep", "kubectl argo rollouts promote web"}},
		{name: "degraded", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Degraded", Message: "RolloutAborted"}),
			want: v1alpha1.ResultFail, msg: []string{"Degraded: RolloutAborted"}},
		{name: "aborted", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Degraded", Abort: true, Message: "analysis failed"}),
			want: v1alpha1.ResultFail, msg: []string{"was aborted: analysis failed"}},
		{name: "deadline", snap: status(RolloutStatus{ObservedGeneration: "1", Phase: "Progressing",
			Conditions: []RolloutStatusCondition{{Type: "Progressing", Status: "False", Reason: "ProgressDeadlineExceeded", Message: "timed out"}}}),
			want: v1alpha1.ResultFail, msg: []string{"ProgressDeadlineExceeded"}},
		{name: "invalid spec", snap: status(RolloutStatus{ObservedGeneration: "1", Conditions: []RolloutStatusCondition{{Type: "InvalidSpec", Status: "True", Message: "bad"}}}),
			want: v1alpha1.ResultFail, msg: []string{"InvalidSpec"}},
	})
}

func TestRolloutKindStrategy(t *testing.T) {
	strategy := func(st RolloutStrategy) *Snapshot {
		s := rollout(deploy(ctr("api")))
		ro(s).Spec.Strategy = st
		return s
	}
	f := false
	runCases(t, &rolloutStrategy, []checkCase{
		{name: "canary with a pause", snap: rollout(deploy(ctr("api"))), want: v1alpha1.ResultPass, msg: []string{"canary with 2 steps"}},
		{name: "canary without steps", snap: strategy(RolloutStrategy{Canary: &RolloutCanary{}}), want: v1alpha1.ResultFail, msg: []string{"no steps"}},
		{name: "canary steps never pause", snap: strategy(RolloutStrategy{Canary: &RolloutCanary{Steps: []RolloutCanaryStep{{SetWeight: ptr(int32(50))}}}}),
			want: v1alpha1.ResultFail, msg: []string{"none pauses or runs an analysis"}},
		{name: "canary with background analysis", snap: strategy(RolloutStrategy{Canary: &RolloutCanary{Steps: []RolloutCanaryStep{{SetWeight: ptr(int32(50))}},
			Analysis: &RolloutAnalysisRefs{Templates: []RolloutAnalysisTemplate{{TemplateName: "success-rate"}}}}}), want: v1alpha1.ResultPass},
		{name: "blue-green manual", snap: strategy(RolloutStrategy{BlueGreen: &RolloutBlueGreen{ActiveService: "web", AutoPromotionEnabled: &f}}),
			want: v1alpha1.ResultPass, msg: []string{"manual promotion"}},
		{name: "blue-green auto", snap: strategy(RolloutStrategy{BlueGreen: &RolloutBlueGreen{ActiveService: "web"}}),
			want: v1alpha1.ResultPass, msg: []string{"auto-promotes as soon as the preview is available"}},
		{name: "blue-green preview is active", snap: strategy(RolloutStrategy{BlueGreen: &RolloutBlueGreen{ActiveService: "web", PreviewService: "web"}}),
			want: v1alpha1.ResultFail, msg: []string{"use two Services"}},
		{name: "blue-green short scale-down delay", snap: strategy(RolloutStrategy{BlueGreen: &RolloutBlueGreen{ActiveService: "web", ScaleDownDelaySeconds: ptr(int32(5))}}),
			want: v1alpha1.ResultFail, msg: []string{"scaleDownDelaySeconds is 5"}},
		{name: "no strategy", snap: strategy(RolloutStrategy{}), want: v1alpha1.ResultFail, msg: []string{"neither canary nor blueGreen"}},
	})
}
