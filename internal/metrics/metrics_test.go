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

package metrics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

func readiness(ready bool, results map[string]v1alpha1.Result) *v1alpha1.ProductionReadiness {
	return readinessNamed("shop", "checkout", ready, results)
}

func readinessNamed(ns, name string, ready bool, results map[string]v1alpha1.Result) *v1alpha1.ProductionReadiness {
	pr := &v1alpha1.ProductionReadiness{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       v1alpha1.ProductionReadinessSpec{Profile: "production", TargetRef: v1alpha1.TargetRef{Kind: "Deployment", Name: "checkout"}},
	}
	status, reason := metav1.ConditionFalse, v1alpha1.ReasonChecksFailed
	if ready {
		status, reason = metav1.ConditionTrue, v1alpha1.ReasonChecksPassed
	}
	pr.Status.Conditions = []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: status, Reason: reason}}
	for _, id := range []string{"probe-readiness", "pdb-present", "hpa-present"} {
		if r, ok := results[id]; ok {
			pr.Status.Checks = append(pr.Status.Checks, v1alpha1.CheckResult{ID: id, Result: r})
		}
	}
	return pr
}

func TestRecorderKeepsOneSeriesPerCheck(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := NewRecorderWith(reg, Options{PerObject: true})
	r.Observe(readiness(false, map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultFail, "pdb-present": v1alpha1.ResultPass, "hpa-present": v1alpha1.ResultWarn}), 3*time.Millisecond)
	r.Observe(readiness(true, map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultPass, "pdb-present": v1alpha1.ResultPass}), 2*time.Millisecond)

	want := `
# HELP prodready_check_result 1 for the current result of each check of each ProductionReadiness (result is Pass, Fail, Warn, Skip, Error or Pending).
# TYPE prodready_check_result gauge
prodready_check_result{check="pdb-present",name="checkout",namespace="shop",result="Pass"} 1
prodready_check_result{check="probe-readiness",name="checkout",namespace="shop",result="Pass"} 1
# HELP prodready_readiness_ready 1 when the ProductionReadiness is Ready (every Required check passes and the target is rolled out), 0 otherwise.
# TYPE prodready_readiness_ready gauge
prodready_readiness_ready{name="checkout",namespace="shop",target_kind="Deployment",target_name="checkout"} 1
# HELP prodready_readiness_info Always 1; labels carry the ProductionReadiness's profile and the reason of its Ready condition.
# TYPE prodready_readiness_info gauge
prodready_readiness_info{name="checkout",namespace="shop",profile="production",reason="ChecksPassed"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), CheckResultName, ReadyName, InfoName); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(r.duration); n != 1 {
		t.Errorf("duration histogram: %d series", n)
	}

	r.Forget("shop", "checkout")
	for _, name := range []string{CheckResultName, ReadyName, InfoName} {
		if n, err := testutil.GatherAndCount(reg, name); err != nil || n != 0 {
			t.Errorf("%s: %d series after Forget (%v)", name, n, err)
		}
	}
}

// The fleet view: workloads per namespace and ready (a workload is ready only when all the
// objects targeting it are), at most two series per namespace, and one coverage series per
// policy; both go when their objects go.
func TestFleetMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := NewRecorder(reg)
	named := func(name, target string, ready bool) *v1alpha1.ProductionReadiness {
		pr := readiness(ready, nil)
		pr.Name, pr.Spec.TargetRef.Name = name, target
		return pr
	}
	r.Observe(named("checkout", "checkout", true), time.Millisecond)
	r.Observe(named("checkout-strict", "checkout", false), time.Millisecond)
	r.Observe(named("cart", "cart", true), time.Millisecond)
	r.Observe(named("api", "api", true), time.Millisecond)
	r.ObservePolicy("production", 4, 3)
	r.ObservePolicy("empty", 0, 0)
	want := `
# HELP prodready_workloads Workloads targeted by a ProductionReadiness, per namespace; ready is true when every ProductionReadiness targeting the workload is Ready.
# TYPE prodready_workloads gauge
prodready_workloads{namespace="shop",ready="false"} 1
prodready_workloads{namespace="shop",ready="true"} 2
# HELP prodready_policy_coverage Share (0 to 1) of the workloads a ReadinessPolicy matches that a ProductionReadiness covers (1 when it matches none).
# TYPE prodready_policy_coverage gauge
prodready_policy_coverage{policy="empty"} 1
prodready_policy_coverage{policy="production"} 0.75
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), WorkloadsName, PolicyCoverageName); err != nil {
		t.Error(err)
	}
	r.Forget("shop", "checkout-strict")
	r.ForgetPolicy("empty")
	want = `
# HELP prodready_workloads Workloads targeted by a ProductionReadiness, per namespace; ready is true when every ProductionReadiness targeting the workload is Ready.
# TYPE prodready_workloads gauge
prodready_workloads{namespace="shop",ready="false"} 0
prodready_workloads{namespace="shop",ready="true"} 3
# HELP prodready_policy_coverage Share (0 to 1) of the workloads a ReadinessPolicy matches that a ProductionReadiness covers (1 when it matches none).
# TYPE prodready_policy_coverage gauge
prodready_policy_coverage{policy="production"} 0.75
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), WorkloadsName, PolicyCoverageName); err != nil {
		t.Error(err)
	}
	for _, name := range []string{"checkout", "cart", "api"} {
		r.Forget("shop", name)
	}
	if n, err := testutil.GatherAndCount(reg, WorkloadsName); err != nil || n != 0 {
		t.Errorf("%s: %d series after every object went (%v)", WorkloadsName, n, err)
	}
}

// By default there is no series per object: counts by namespace and reason, and by namespace,
// check and result, each removed when its count reaches zero.
func TestRecorderAggregatesByDefault(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := NewRecorder(reg)
	fail := map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultFail, "pdb-present": v1alpha1.ResultPass}
	pass := map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultPass, "pdb-present": v1alpha1.ResultPass}
	r.Observe(readinessNamed("shop", "a", false, fail), time.Millisecond)
	r.Observe(readinessNamed("shop", "b", false, fail), time.Millisecond)
	r.Observe(readinessNamed("shop", "b", true, pass), time.Millisecond) // b is fixed
	r.Observe(readinessNamed("blog", "c", true, pass), time.Millisecond)

	want := `
# HELP prodready_check_results Number of ProductionReadiness objects of a namespace with each result (Pass, Fail, Warn, Skip, Error, Pending) of each check.
# TYPE prodready_check_results gauge
prodready_check_results{check="pdb-present",namespace="blog",result="Pass"} 1
prodready_check_results{check="pdb-present",namespace="shop",result="Pass"} 2
prodready_check_results{check="probe-readiness",namespace="blog",result="Pass"} 1
prodready_check_results{check="probe-readiness",namespace="shop",result="Fail"} 1
prodready_check_results{check="probe-readiness",namespace="shop",result="Pass"} 1
# HELP prodready_readiness_objects Number of ProductionReadiness objects of a namespace by the reason of their Ready condition (ChecksPassed is Ready).
# TYPE prodready_readiness_objects gauge
prodready_readiness_objects{namespace="blog",reason="ChecksPassed"} 1
prodready_readiness_objects{namespace="shop",reason="ChecksFailed"} 1
prodready_readiness_objects{namespace="shop",reason="ChecksPassed"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), CheckResultsName, ObjectsName); err != nil {
		t.Error(err)
	}
	for _, name := range []string{CheckResultName, ReadyName, InfoName} {
		if n, err := testutil.GatherAndCount(reg, name); err != nil || n != 0 {
			t.Errorf("%s: %d per-object series without PerObject (%v)", name, n, err)
		}
	}

	r.Forget("shop", "a")
	r.Forget("blog", "c")
	r.Forget("blog", "never-seen")
	want = `
# HELP prodready_check_results Number of ProductionReadiness objects of a namespace with each result (Pass, Fail, Warn, Skip, Error, Pending) of each check.
# TYPE prodready_check_results gauge
prodready_check_results{check="pdb-present",namespace="shop",result="Pass"} 1
prodready_check_results{check="probe-readiness",namespace="shop",result="Pass"} 1
# HELP prodready_readiness_objects Number of ProductionReadiness objects of a namespace by the reason of their Ready condition (ChecksPassed is Ready).
# TYPE prodready_readiness_objects gauge
prodready_readiness_objects{namespace="shop",reason="ChecksPassed"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), CheckResultsName, ObjectsName); err != nil {
		t.Error(err)
	}
}

// Objects with the same results share one interned set, and re-observing an unchanged object
// (most re-evaluations) leaves the aggregates as they are.
func TestRecorderSharesResultSets(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := NewRecorder(reg)
	fail := map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultFail, "pdb-present": v1alpha1.ResultPass}
	for i := 0; i < 100; i++ {
		r.Observe(readinessNamed("shop", fmt.Sprintf("w-%d", i), false, fail), time.Millisecond)
	}
	r.Observe(readinessNamed("shop", "w-0", false, fail), time.Millisecond) // unchanged
	r.Observe(readinessNamed("shop", "w-1", false, fail), time.Millisecond)
	if len(r.resultSets) != 1 {
		t.Errorf("%d result sets for 100 objects with the same results", len(r.resultSets))
	}
	if r.seen[key{"shop", "w-0"}].checks != r.seen[key{"shop", "w-99"}].checks {
		t.Error("objects with the same results do not share their set")
	}
	r.Observe(readinessNamed("shop", "w-2", true, map[string]v1alpha1.Result{"probe-readiness": v1alpha1.ResultPass, "pdb-present": v1alpha1.ResultPass}), time.Millisecond)
	want := `
# HELP prodready_check_results Number of ProductionReadiness objects of a namespace with each result (Pass, Fail, Warn, Skip, Error, Pending) of each check.
# TYPE prodready_check_results gauge
prodready_check_results{check="pdb-present",namespace="shop",result="Pass"} 100
prodready_check_results{check="probe-readiness",namespace="shop",result="Fail"} 99
prodready_check_results{check="probe-readiness",namespace="shop",result="Pass"} 1
# HELP prodready_readiness_objects Number of ProductionReadiness objects of a namespace by the reason of their Ready condition (ChecksPassed is Ready).
# TYPE prodready_readiness_objects gauge
prodready_readiness_objects{namespace="shop",reason="ChecksFailed"} 99
prodready_readiness_objects{namespace="shop",reason="ChecksPassed"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), CheckResultsName, ObjectsName); err != nil {
		t.Error(err)
	}
}

// BenchmarkObserve re-observes 2,000 objects of 53 checks each, of 2,000 workloads of one
// namespace, unchanged (most reconciles).
func BenchmarkObserve(b *testing.B) {
	r := NewRecorder(prometheus.NewRegistry())
	objs := make([]*v1alpha1.ProductionReadiness, 2000)
	for i := range objs {
		pr := readinessNamed("shop", fmt.Sprintf("w-%d", i), true, nil)
		pr.Spec.TargetRef.Name = pr.Name // one workload each
		for c := 0; c < 53; c++ {
			pr.Status.Checks = append(pr.Status.Checks, v1alpha1.CheckResult{ID: fmt.Sprintf("check-%d", c), Result: v1alpha1.ResultPass})
		}
		objs[i] = pr
		r.Observe(pr, time.Millisecond)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Observe(objs[i%len(objs)], time.Millisecond)
	}
}
