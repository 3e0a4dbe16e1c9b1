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

import "strings"

func init() { register(&jobBackoffLimit) }

var jobBackoffLimit = Check{
	Meta: Meta{
		ID:       "job-backoff-limit",
		Title:    "Jobs are bounded in retries and time",
		Category: CategoryRollout,
		Description: "A Job, or the job template of a CronJob, sets `backoffLimit` (or `backoffLimitPerIndex`), and " +
			"bounds the run with `activeDeadlineSeconds` or cleans it up with `ttlSecondsAfterFinished`. The API " +
			"server defaults backoffLimit to 6, so in the cluster it is always set; offline the manifest must state it. " +
			"Other kinds report Skip.",
		Rationale: "A Job without an active deadline can hang forever on a stuck dependency while it holds its pods' " +
			"resources, and retries a deterministic failure up to the default six times with growing back-off. A " +
			"finished Job without a TTL stays in the cluster with its pods and logs until someone deletes it; " +
			"thousands of them slow the API server and the Job controller.",
		Remediation: "Set `backoffLimit` to the retries the job deserves (often 0–3), and `activeDeadlineSeconds` to " +
			"the longest a run may take or `ttlSecondsAfterFinished` (e.g. 86400) so finished Jobs are removed.",
		Kinds: []string{KindJob, KindCronJob},
	},
	Run: runJobBackoffLimit,
}

func runJobBackoffLimit(s *Snapshot, _ Params) Outcome {
	k := s.Workload.WorkloadKind
	if k.JobSpec == nil {
		return Skip("applies to Jobs and CronJobs only")
	}
	spec := k.JobSpec(s.Workload.Object)
	field := strings.TrimSuffix(s.Workload.TemplatePath(), ".template") // the JobSpec's path
	var f Findings
	if spec.BackoffLimit == nil && spec.BackoffLimitPerIndex == nil {
		f.AddWorkload("%s.backoffLimit is not set; set the retries the job deserves, e.g. backoffLimit: 2", field)
	}
	if spec.ActiveDeadlineSeconds == nil && spec.TTLSecondsAfterFinished == nil {
		f.AddWorkload("%s sets neither activeDeadlineSeconds nor ttlSecondsAfterFinished: a stuck run never ends and a finished one "+
			"is never cleaned up; set activeDeadlineSeconds to the longest a run may take, or ttlSecondsAfterFinished", field)
	}
	limit := "backoffLimitPerIndex"
	if spec.BackoffLimit != nil {
		limit = "backoffLimit"
	}
	return f.Result("%s.%s set; the run is bounded by %s", field, limit, jobBound(spec.ActiveDeadlineSeconds != nil, spec.TTLSecondsAfterFinished != nil))
}

func jobBound(deadline, ttl bool) string {
	switch {
	case deadline && ttl:
		return "activeDeadlineSeconds and ttlSecondsAfterFinished"
	case deadline:
		return "activeDeadlineSeconds"
	}
	return "ttlSecondsAfterFinished"
}
