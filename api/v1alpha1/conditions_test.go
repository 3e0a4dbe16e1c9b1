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

package v1alpha1

import (
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestMostFailing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts map[string]int32
		limit  int
		want   []FailingCheck
	}{
		{name: "none", counts: map[string]int32{}, limit: 3, want: nil},
		{name: "by count, then id", counts: map[string]int32{"pdb-present": 2, "probe-liveness": 5, "hpa-present": 2},
			limit: 10, want: []FailingCheck{{"probe-liveness", 5}, {"hpa-present", 2}, {"pdb-present", 2}}},
		{name: "bounded", counts: map[string]int32{"a": 1, "b": 3, "c": 2}, limit: 2, want: []FailingCheck{{"b", 3}, {"c", 2}}},
		{name: "no bound", counts: map[string]int32{"a": 1, "b": 1}, limit: 0, want: []FailingCheck{{"a", 1}, {"b", 1}}},
	} {
		if got := MostFailing(tc.counts, tc.limit); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFailingChecksAndCurrentReady(t *testing.T) {
	pr := &ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Generation: 2}, Status: ProductionReadinessStatus{
		Checks:     []CheckResult{{ID: "b", Result: ResultFail}, {ID: "a", Result: ResultPass}, {ID: "c", Result: ResultWarn}, {ID: "d", Result: ResultFail}},
		Conditions: []metav1.Condition{{Type: ConditionReady, Status: metav1.ConditionFalse, ObservedGeneration: 1}},
	}}
	if got := pr.FailingChecks(); !reflect.DeepEqual(got, []string{"b", "d"}) {
		t.Errorf("FailingChecks = %v", got)
	}
	if c := pr.CurrentReady(); c != nil {
		t.Errorf("a Ready of generation 1 is current at generation 2: %+v", c)
	}
	pr.Status.Conditions[0].ObservedGeneration = 2
	if c := pr.CurrentReady(); c == nil || c.Status != metav1.ConditionFalse {
		t.Errorf("CurrentReady = %+v", c)
	}
}
