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

func init() { register(&cronJobStartingDeadline) }

// cronJobMinStartingDeadline is the shortest useful deadline: the CronJob controller may look at
// a schedule only every 10 seconds, so a shorter deadline can miss runs for good.
const cronJobMinStartingDeadline = 10

var cronJobStartingDeadline = Check{
	Meta: Meta{
		ID:          "cronjob-starting-deadline",
		Title:       "Missed runs have a deadline",
		Category:    CategoryRollout,
		Description: "A CronJob sets `spec.startingDeadlineSeconds`, of at least 10 seconds. Other kinds report Skip.",
		Rationale: "Without a starting deadline, a CronJob that could not start on time (the controller was down, the " +
			"cluster was being upgraded, the CronJob was suspended) counts every missed schedule since its last run; " +
			"after 100 missed schedules it stops scheduling altogether and only logs an error. A deadline bounds how " +
			"late a run may start and keeps the CronJob scheduling. Below 10 seconds the controller, which may look at " +
			"a schedule only every 10 seconds, can miss every run.",
		Remediation: "Set `spec.startingDeadlineSeconds` to how late a run may still be useful, e.g. 300 for a job " +
			"scheduled every 15 minutes.",
		Kinds: []string{KindCronJob},
	},
	Run: runCronJobStartingDeadline,
}

func runCronJobStartingDeadline(s *Snapshot, _ Params) Outcome {
	cj := cronJobOf(&s.Workload) // Meta.Kinds limits the check to CronJobs
	if cj == nil {
		return Skip("applies to CronJobs only")
	}
	d := cj.Spec.StartingDeadlineSeconds
	switch {
	case d == nil:
		return Violation("spec.startingDeadlineSeconds is not set: after 100 missed schedules the CronJob stops scheduling; " +
			"set it to how late a run may start, e.g. 300")
	case *d < cronJobMinStartingDeadline:
		return Violation("spec.startingDeadlineSeconds is %d: below %d seconds the CronJob controller can miss every run; set it to at least %d",
			*d, cronJobMinStartingDeadline, cronJobMinStartingDeadline)
	}
	return Pass("spec.startingDeadlineSeconds is %d", *d)
}
