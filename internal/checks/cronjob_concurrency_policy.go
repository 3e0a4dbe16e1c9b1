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

import batchv1 "k8s.io/api/batch/v1"

func init() { register(&cronJobConcurrencyPolicy) }

var cronJobConcurrencyPolicy = Check{
	Meta: Meta{
		ID:       "cronjob-concurrency-policy",
		Title:    "Scheduled runs do not pile up",
		Category: CategoryRollout,
		Description: "A CronJob's `spec.concurrencyPolicy` is `Forbid` (skip a run while the previous one is still " +
			"going) or `Replace` (stop the previous run). `Allow`, the API server's default, fails: the API server " +
			"fills in Allow when the field is absent, so in the cluster an explicit Allow cannot be told apart from the " +
			"default, and the check gives the same verdict offline and in the cluster. Other kinds report Skip.",
		Rationale: "With Allow, a run that takes longer than the schedule's interval overlaps the next one: two copies of " +
			"a report, a backup or a migration run at once, compete for the same rows or files, and a slow dependency " +
			"turns into an ever-growing pile of Jobs and pods that eats the namespace's quota.",
		Remediation: "Set `spec.concurrencyPolicy: Forbid` (most jobs) or `Replace` (when only the latest run matters). " +
			"If overlapping runs are safe by design, keep Allow and exempt the check with that reason.",
		Kinds: []string{KindCronJob},
	},
	Run: runCronJobConcurrencyPolicy,
}

func runCronJobConcurrencyPolicy(s *Snapshot, _ Params) Outcome {
	cj := cronJobOf(&s.Workload) // Meta.Kinds limits the check to CronJobs
	if cj == nil {
		return Skip("applies to CronJobs only")
	}
	switch p := cj.Spec.ConcurrencyPolicy; p {
	case batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent:
		return Pass("spec.concurrencyPolicy is %s", p)
	case "", batchv1.AllowConcurrent:
		how := "is Allow"
		if p == "" {
			how = "is not set (the API server defaults it to Allow)"
		}
		return Violation("spec.concurrencyPolicy %s: a run that outlasts the schedule overlaps the next one; set Forbid or Replace", how)
	default:
		return Violation("spec.concurrencyPolicy %q is not Allow, Forbid or Replace; set Forbid or Replace", string(p))
	}
}
