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
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// KindCronJob is a batch/v1 CronJob: Jobs created on a schedule.
const KindCronJob = "CronJob"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindCronJob, Group: batchv1.GroupName, Version: "v1", Resource: "cronjobs",
		TemplatePath: "spec.jobTemplate.spec.template",
		Removed:      []RemovedVersion{{GroupVersion: "batch/v1beta1", RemovedIn: "1.25"}},
		New:          func() Object { return &batchv1.CronJob{} },
		NewList:      func() runtime.Object { return &batchv1.CronJobList{} },
		Template: func(o Object) *corev1.PodTemplateSpec {
			return &typedAs[*batchv1.CronJob](o).Spec.JobTemplate.Spec.Template
		},
		Selector: func(o Object) *metav1.LabelSelector {
			return typedAs[*batchv1.CronJob](o).Spec.JobTemplate.Spec.Selector
		},
		JobSpec: func(o Object) *batchv1.JobSpec { return &typedAs[*batchv1.CronJob](o).Spec.JobTemplate.Spec },
		Rollout: func(w *Workload) Outcome { return cronJobRollout(typedAs[*batchv1.CronJob](w.Object)) },
	})
}

// cronJobRollout judges a CronJob by its own status (no Job is read): its last scheduled run
// succeeded (lastSuccessfulTime is not older than lastScheduleTime), or a run is still active.
func cronJobRollout(cj *batchv1.CronJob) Outcome {
	st := &cj.Status
	suspended := ""
	if cj.Spec.Suspend != nil && *cj.Spec.Suspend {
		suspended = "; the CronJob is suspended (spec.suspend: true)"
	}
	if st.LastScheduleTime == nil {
		return Skip("the CronJob has not been scheduled yet (no status.lastScheduleTime)%s", suspended)
	}
	scheduled := st.LastScheduleTime.UTC().Format(time.RFC3339)
	if len(st.Active) > 0 {
		return Pass("a run is active (%d %s); last scheduled at %s%s", len(st.Active), plural(len(st.Active), "Job"), scheduled, suspended)
	}
	if st.LastSuccessfulTime == nil {
		return Violation("no run has succeeded: the last run was scheduled at %s and none is active; "+
			"look at the CronJob's Jobs and their pods (kubectl get jobs, kubectl logs)%s", scheduled, suspended)
	}
	if st.LastSuccessfulTime.Before(st.LastScheduleTime) {
		return Violation("the last run, scheduled at %s, has not succeeded (last success %s) and none is active; "+
			"look at its Job and pods%s", scheduled, st.LastSuccessfulTime.UTC().Format(time.RFC3339), suspended)
	}
	return Pass("the last run, scheduled at %s, succeeded at %s%s", scheduled, st.LastSuccessfulTime.UTC().Format(time.RFC3339), suspended)
}

// cronJobOf returns the workload's CronJob, nil for other kinds (checks limited to CronJobs).
func cronJobOf(w *Workload) *batchv1.CronJob { return typedAs[*batchv1.CronJob](w.Object) }
