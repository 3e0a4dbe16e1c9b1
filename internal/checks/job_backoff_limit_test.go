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

func TestJobBackoffLimit(t *testing.T) {
	withJob := func(s *Snapshot, mod func(*batchv1.JobSpec)) *Snapshot {
		mod(s.Workload.WorkloadKind.JobSpec(s.Workload.Object))
		return s
	}
	bounded := func(spec *batchv1.JobSpec) {
		spec.BackoffLimit = ptr(int32(2))
		spec.ActiveDeadlineSeconds = ptr(int64(600))
	}
	runCases(t, &jobBackoffLimit, []checkCase{
		{name: "job bounded", snap: withJob(job(deploy(ctr("migrate"))), bounded), want: v1alpha1.ResultPass,
			msg: []string{"spec.backoffLimit set", "activeDeadlineSeconds"}},
		{name: "job with ttl only", snap: withJob(job(deploy(ctr("migrate"))), func(spec *batchv1.JobSpec) {
			spec.BackoffLimit = ptr(int32(0))
			spec.TTLSecondsAfterFinished = ptr(int32(86400))
		}), want: v1alpha1.ResultPass, msg: []string{"ttlSecondsAfterFinished"}},
		{name: "indexed job with per-index limit", snap: withJob(job(deploy(ctr("shard"))), func(spec *batchv1.JobSpec) {
			spec.BackoffLimitPerIndex = ptr(int32(1))
			spec.ActiveDeadlineSeconds = ptr(int64(600))
		}), want: v1alpha1.ResultPass},
		{name: "job unbounded", snap: job(deploy(ctr("migrate"))), want: v1alpha1.ResultFail,
			msg: []string{"spec.backoffLimit is not set", "neither activeDeadlineSeconds nor ttlSecondsAfterFinished"}},
		{name: "job without deadline", snap: withJob(job(deploy(ctr("migrate"))), func(spec *batchv1.JobSpec) { spec.BackoffLimit = ptr(int32(3)) }),
			want: v1alpha1.ResultFail, notMsg: []string{"backoffLimit is not set"}},
		{name: "cronjob names the job template", snap: cronJob(deploy(ctr("report"))), want: v1alpha1.ResultFail,
			msg: []string{"spec.jobTemplate.spec.backoffLimit is not set"}},
		{name: "cronjob bounded", snap: withJob(cronJob(deploy(ctr("report"))), bounded), want: v1alpha1.ResultPass},
		{name: "deployment skips", snap: deploy(ctr("x")), want: v1alpha1.ResultSkip, msg: []string{"does not apply to a Deployment"}},
	})
}
