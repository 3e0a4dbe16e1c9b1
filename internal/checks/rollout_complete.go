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

func init() { register(&rolloutComplete) }

var rolloutComplete = Check{
	Meta: Meta{
		ID:       "rollout-complete",
		Title:    "The current generation is rolled out and available",
		Category: CategoryRollout,
		Rollout:  true,
		Description: "Reads the workload's status the way `kubectl rollout status` does. " +
			"Deployment: status.observedGeneration has caught up with metadata.generation, no " +
			"`Progressing` condition has reason `ProgressDeadlineExceeded` (that is a failure), and " +
			"spec.replicas (unset = 1) replicas are updated, no old replicas remain and every updated " +
			"replica is available; a paused Deployment whose rollout is unfinished stays Pending. " +
			"StatefulSet: observedGeneration caught up and readyReplicas equals spec.replicas; with " +
			"`updateStrategy: OnDelete` nothing more is required (pods update only when deleted); with " +
			"a RollingUpdate partition p > 0, at least replicas − p pods are updated; otherwise " +
			"status.updateRevision equals status.currentRevision and every replica is updated. " +
			"DaemonSet: observedGeneration caught up and numberAvailable equals desiredNumberScheduled, " +
			"and (unless `OnDelete`) so does updatedNumberScheduled. An unfinished rollout reports " +
			"Pending, which makes the verdict Reconciling. A manifest without a status reports Skip.",
		Rationale: "Every other check looks at the pod template you asked for; this one says whether " +
			"it is what actually runs. A release stuck halfway leaves old and new pods serving side by " +
			"side, and a Deployment past its progressDeadlineSeconds has given up: its new pods crash, " +
			"cannot be scheduled or never become ready, while the old ones keep running an older " +
			"version than the one you reviewed.",
		Remediation: "Wait for the rollout to finish (`kubectl rollout status`). If it failed, look at the " +
			"new pods (`kubectl describe pod`, events, logs) for crash loops, failing readiness probes, " +
			"image pull errors or unschedulable requests, fix the template and apply it again, or roll " +
			"back with `kubectl rollout undo`. A paused Deployment resumes with `kubectl rollout resume`.",
	},
	Run: runRolloutComplete,
}

func runRolloutComplete(s *Snapshot, _ Params) Outcome {
	w := &s.Workload
	if !w.HasStatus {
		return Skip("no status in the input; the rollout is checked in the cluster")
	}
	if gen, observed := w.Object.GetGeneration(), w.ObservedGeneration(); observed < gen {
		return Pending("%s has not yet observed generation %d (status.observedGeneration %d)", w.WorkloadKind.Controller, gen, observed)
	}
	return w.WorkloadKind.Rollout(w) // a RefProblem is Error for every check before Run
}
