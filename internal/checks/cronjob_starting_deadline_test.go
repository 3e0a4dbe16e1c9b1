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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestCronJobStartingDeadline(t *testing.T) {
	deadline := func(d *int64) *Snapshot {
		s := cronJob(deploy(ctr("report")))
		cj(s).Spec.StartingDeadlineSeconds = d
		return s
	}
	runCases(t, &cronJobStartingDeadline, []checkCase{
		{name: "set", snap: deadline(ptr(int64(300))), want: v1alpha1.ResultPass, msg: []string{"is 300"}},
		{name: "exactly the minimum", snap: deadline(ptr(int64(10))), want: v1alpha1.ResultPass},
		{name: "unset", snap: deadline(nil), want: v1alpha1.ResultFail, msg: []string{"not set", "100 missed schedules"}},
		{name: "too short", snap: deadline(ptr(int64(5))), want: v1alpha1.ResultFail, msg: []string{"is 5", "at least 10"}},
		{name: "job skips", snap: job(deploy(ctr("x"))), want: v1alpha1.ResultSkip},
	})
}
