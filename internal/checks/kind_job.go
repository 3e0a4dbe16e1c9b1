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

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// KindJob is a batch/v1 Job: pods that run to completion, once.
const KindJob = "Job"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindJob, Group: batchv1.GroupName, Version: "v1", Resource: "jobs",
		New:      func() Object { return &batchv1.Job{} },
		NewList:  func() runtime.Object { return &batchv1.JobList{} },
		Template: func(o Object) *corev1.PodTemplateSpec { return &typedAs[*batchv1.Job](o).Spec.Template },
		Selector: func(o Object) *metav1.LabelSelector { return typedAs[*batchv1.Job](o).Spec.Selector },
		JobSpec:  func(o Object) *batchv1.JobSpec { return &typedAs[*batchv1.Job](o).Spec },
		Rollout:  func(w *Workload) Outcome { return jobRollout(typedAs[*batchv1.Job](w.Object)) },
	})
}

// jobRollout judges a Job by its conditions: Complete passes, Failed fails, anything else is
// still running.
func jobRollout(j *batchv1.Job) Outcome {
	for _, c := range j.Status.Conditions {
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete:
			return Pass("the Job completed: %d %s succeeded", j.Status.Succeeded, plural(int(j.Status.Succeeded), "pod"))
		case batchv1.JobFailed:
			return Violation("the Job failed (%s): %s", orDash(c.Reason), orDash(c.Message))
		}
	}
	want := "1"
	if j.Spec.Completions != nil {
		want = fmt.Sprint(*j.Spec.Completions)
	}
	return Pending("the Job is running: %d active, %d of %s completions succeeded, %d failed",
		j.Status.Active, j.Status.Succeeded, want, j.Status.Failed)
}

// orDash renders an empty string as "-" in messages.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
