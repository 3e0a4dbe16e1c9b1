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
	"fmt"
	"strings"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Verdict is the overall outcome of a report, in the words of the Ready condition.
type Verdict struct {
	// Reason is ChecksPassed, ChecksFailed, RolloutInProgress, RolloutFailed or NoRequiredChecks.
	Reason string
	// Message explains the reason and names the checks behind it.
	Message string
}

// Ready reports whether the verdict is Ready.
func (v Verdict) Ready() bool { return v.Reason == v1alpha1.ReasonChecksPassed }

// Verdict decides the report's outcome. A failing Required static check wins over a rollout in
// progress: the workload will not become Ready by waiting. A failed rollout (progress deadline
// exceeded) comes next, then a rollout in progress.
func (r *Report) Verdict() Verdict {
	var failing, warning []v1alpha1.CheckResult
	var rolloutFail, rolloutPending *v1alpha1.CheckResult
	enforced := 0 // Required checks that apply (not Skip)
	for i := range r.Results {
		res := &r.Results[i]
		c, _ := Lookup(res.ID)
		rollout := c != nil && c.Rollout
		required := res.Enforcement == v1alpha1.EnforcementRequired
		if required && res.Result != v1alpha1.ResultSkip {
			enforced++
		}
		switch {
		case required && rollout && res.Result == v1alpha1.ResultFail:
			rolloutFail = res
		case required && res.Result == v1alpha1.ResultPending:
			rolloutPending = res
		case required && (res.Result == v1alpha1.ResultFail || res.Result == v1alpha1.ResultError):
			failing = append(failing, *res)
		case res.Result == v1alpha1.ResultWarn || res.Result == v1alpha1.ResultError:
			warning = append(warning, *res)
		}
	}
	switch {
	case len(failing) > 0:
		msg := fmt.Sprintf("%d of %d required %s %s: %s. %s: %s", len(failing), r.Summary.Required,
			plural(int(r.Summary.Required), "check"), byCount(len(failing), "fails", "fail"), ids(failing), failing[0].ID, failing[0].Message)
		return Verdict{Reason: v1alpha1.ReasonChecksFailed, Message: truncate(msg)}
	case rolloutFail != nil:
		return Verdict{Reason: v1alpha1.ReasonRolloutFailed, Message: truncate(rolloutFail.Message)}
	case rolloutPending != nil:
		return Verdict{Reason: v1alpha1.ReasonRolloutInProgress, Message: truncate(rolloutPending.Message)}
	case enforced == 0:
		// Nothing enforced is not Ready: every Required check is Disabled, exempted or Skip.
		return Verdict{Reason: v1alpha1.ReasonNoRequiredChecks, Message: truncate(fmt.Sprintf(
			"no Required check applies (%d Required, all skipped or exempted): nothing is enforced; enable or un-exempt at least one Required check", r.Summary.Required))}
	}
	msg := fmt.Sprintf("all %d required %s pass", r.Summary.Required, plural(int(r.Summary.Required), "check"))
	if len(warning) > 0 {
		msg += fmt.Sprintf("; %d advisory %s: %s", len(warning), plural(len(warning), "warning"), ids(warning))
	}
	return Verdict{Reason: v1alpha1.ReasonChecksPassed, Message: truncate(msg)}
}

func ids(results []v1alpha1.CheckResult) string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = r.ID
	}
	return strings.Join(out, ", ")
}
