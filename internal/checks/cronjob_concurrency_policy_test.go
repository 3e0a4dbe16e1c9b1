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
	"testing"

	batchv1 "k8s.io/api/batch/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestCronJobConcurrencyPolicy(t *testing.T) {
	policy := func(p batchv1.ConcurrencyPolicy) *Snapshot {
		s := cronJob(deploy(ctr("report")))
		cj(s).Spec.ConcurrencyPolicy = p
		return s
	}
	runCases(t, &cronJobConcurrencyPolicy, []checkCase{
		{name: "forbid", snap: policy(batchv1.ForbidConcurrent), want: v1alpha1.ResultPass, msg: []string{"is Forbid"}},
		{name: "replace", snap: policy(batchv1.ReplaceConcurrent), want: v1alpha1.ResultPass},
		{name: "explicit allow", snap: policy(batchv1.AllowConcurrent), want: v1alpha1.ResultFail, msg: []string{"is Allow", "set Forbid or Replace"}},
		{name: "unset", snap: policy(""), want: v1alpha1.ResultFail, msg: []string{"not set (the API server defaults it to Allow)"}},
		{name: "unknown value", snap: policy("Sometimes"), want: v1alpha1.ResultFail, msg: []string{`"Sometimes" is not Allow, Forbid or Replace`}},
		{name: "job skips", snap: job(deploy(ctr("x"))), want: v1alpha1.ResultSkip, msg: []string{"does not apply to a Job"}},
		{name: "deployment skips", snap: deploy(ctr("x")), want: v1alpha1.ResultSkip},
	})
}
