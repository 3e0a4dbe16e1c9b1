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
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Condition types. They follow the kstatus conventions: Reconciling and Stalled are present only
// while True and never both at once; Ready is always present once the object has been evaluated.
const (
	// ConditionReady is True when every Required check passes and the target is rolled out.
	ConditionReady = "Ready"
	// ConditionReconciling is True while the verdict is expected to change on its own
	// (a rollout in progress, a target not yet created).
	ConditionReconciling = "Reconciling"
	// ConditionStalled is True when the verdict will not change until someone changes the
	// workload, its surroundings or the ProductionReadiness itself.
	ConditionStalled = "Stalled"
)

// Condition reasons.
const (
	// ReasonChecksPassed: every Required check passes and the rollout is complete.
	ReasonChecksPassed = "ChecksPassed"
	// ReasonChecksFailed: at least one Required check fails.
	ReasonChecksFailed = "ChecksFailed"
	// ReasonRolloutInProgress: the target's current generation is not yet rolled out.
	ReasonRolloutInProgress = "RolloutInProgress"
	// ReasonRolloutFailed: the target's rollout exceeded its progress deadline.
	ReasonRolloutFailed = "RolloutFailed"
	// ReasonTargetNotFound: the target workload does not exist.
	ReasonTargetNotFound = "TargetNotFound"
	// ReasonInvalidSpec: the spec names an unknown profile or check, or a bad parameter.
	ReasonInvalidSpec = "InvalidSpec"
	// ReasonValid: a ReadinessProfile is valid and usable.
	ReasonValid = "Valid"
)

// CurrentReady returns the Ready condition when it was written for the object's current
// generation, nil otherwise: a verdict for an older spec is no verdict. The promotion label and
// the promotion gate both read it.
func (pr *ProductionReadiness) CurrentReady() *metav1.Condition {
	for i := range pr.Status.Conditions {
		if c := &pr.Status.Conditions[i]; c.Type == ConditionReady && c.ObservedGeneration == pr.Generation {
			return c
		}
	}
	return nil
}

// FailingChecks returns the ids of the checks whose result is Fail, in status order: what a
// fleet view counts against a workload.
func (pr *ProductionReadiness) FailingChecks() []string {
	var ids []string
	for _, c := range pr.Status.Checks {
		if c.Result == ResultFail {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// MostFailing turns counts of failing workloads by check id into the limit most frequent
// (ties by id; limit <= 0: all), nil when there are none: the ReadinessPolicy status and the
// CLI's fleet view both rank them so.
func MostFailing(counts map[string]int32, limit int) []FailingCheck {
	if len(counts) == 0 {
		return nil
	}
	fc := make([]FailingCheck, 0, len(counts))
	for id, n := range counts {
		fc = append(fc, FailingCheck{ID: id, Count: n})
	}
	sort.Slice(fc, func(i, j int) bool {
		if fc[i].Count != fc[j].Count {
			return fc[i].Count > fc[j].Count
		}
		return fc[i].ID < fc[j].ID
	})
	if limit > 0 && len(fc) > limit {
		fc = fc[:limit]
	}
	return fc
}
