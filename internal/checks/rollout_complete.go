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

	appsv1 "k8s.io/api/apps/v1"
)

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
	switch {
	case w.Deployment != nil:
		return deploymentRollout(w.Deployment)
	case w.StatefulSet != nil:
		return statefulSetRollout(w.StatefulSet)
	case w.DaemonSet != nil:
		return daemonSetRollout(w.DaemonSet)
	}
	return Skip("no workload")
}

// replicasOrOne is spec.replicas with the API default.
func replicasOrOne(r *int32) int32 {
	if r == nil {
		return 1
	}
	return *r
}

func deploymentRollout(d *appsv1.Deployment) Outcome {
	st := &d.Status
	gen := d.Generation
	pending := func(format string, args ...any) Outcome {
		msg := fmt.Sprintf(format, args...)
		if d.Spec.Paused {
			msg = "the Deployment is paused (spec.paused: true) with its rollout unfinished: " + msg +
				"; resume it with `kubectl rollout resume`"
		}
		return Pending("%s", msg)
	}
	if gen > st.ObservedGeneration {
		return pending("the deployment controller has not yet observed generation %d (status.observedGeneration %d)", gen, st.ObservedGeneration)
	}
	for _, c := range st.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Reason == "ProgressDeadlineExceeded" {
			msg := c.Message
			if msg == "" {
				msg = "the rollout made no progress within spec.progressDeadlineSeconds"
			}
			return Violation("rollout of generation %d failed (ProgressDeadlineExceeded): %s", gen, msg)
		}
	}
	desired := replicasOrOne(d.Spec.Replicas)
	switch {
	case st.UpdatedReplicas < desired:
		return pending("%d of %d updated replicas", st.UpdatedReplicas, desired)
	case st.Replicas > st.UpdatedReplicas:
		old := st.Replicas - st.UpdatedReplicas
		return pending("%d old %s pending termination", old, plural(int(old), "replica"))
	case st.AvailableReplicas < st.UpdatedReplicas:
		return pending("%d of %d updated replicas available", st.AvailableReplicas, st.UpdatedReplicas)
	}
	return Pass("generation %d rolled out: %d/%d replicas updated and available", gen, st.UpdatedReplicas, desired)
}

func statefulSetRollout(ss *appsv1.StatefulSet) Outcome {
	st := &ss.Status
	gen := ss.Generation
	if st.ObservedGeneration < gen {
		return Pending("the statefulset controller has not yet observed generation %d (status.observedGeneration %d)", gen, st.ObservedGeneration)
	}
	desired := replicasOrOne(ss.Spec.Replicas)
	ready := func() (Outcome, bool) {
		switch {
		case st.ReadyReplicas < desired:
			return Pending("%d of %d replicas ready", st.ReadyReplicas, desired), false
		case st.ReadyReplicas > desired:
			return Pending("%d replicas ready for %d desired: scale-down in progress", st.ReadyReplicas, desired), false
		}
		return Outcome{}, true
	}
	strategy := ss.Spec.UpdateStrategy
	if strategy.Type == appsv1.OnDeleteStatefulSetStrategyType {
		if out, ok := ready(); !ok {
			return out
		}
		return Pass("generation %d: %d/%d replicas ready; updateStrategy OnDelete, so only readiness is checked (pods take the new template when deleted)", gen, desired, desired)
	}
	if ru := strategy.RollingUpdate; ru != nil && ru.Partition != nil && *ru.Partition > 0 {
		p := *ru.Partition
		want := desired - p
		if want < 0 {
			want = 0
		}
		if st.UpdatedReplicas < want {
			return Pending("partitioned rollout: %d of %d replicas above partition %d updated", st.UpdatedReplicas, want, p)
		}
		if out, ok := ready(); !ok {
			return out
		}
		return Pass("generation %d: partitioned rollout complete (%d replicas above partition %d updated), %d/%d replicas ready", gen, want, p, desired, desired)
	}
	if st.UpdateRevision == "" {
		return Pending("the statefulset controller has not reported status.updateRevision yet")
	}
	if st.UpdateRevision != st.CurrentRevision {
		return Pending("rolling update to revision %s in progress: %d of %d replicas updated", st.UpdateRevision, st.UpdatedReplicas, desired)
	}
	if st.UpdatedReplicas < desired {
		return Pending("%d of %d updated replicas", st.UpdatedReplicas, desired)
	}
	if out, ok := ready(); !ok {
		return out
	}
	return Pass("generation %d rolled out at revision %s: %d/%d replicas updated and ready", gen, st.UpdateRevision, desired, desired)
}

func daemonSetRollout(ds *appsv1.DaemonSet) Outcome {
	st := &ds.Status
	gen := ds.Generation
	if st.ObservedGeneration < gen {
		return Pending("the daemonset controller has not yet observed generation %d (status.observedGeneration %d)", gen, st.ObservedGeneration)
	}
	desired := st.DesiredNumberScheduled
	onDelete := ds.Spec.UpdateStrategy.Type == appsv1.OnDeleteDaemonSetStrategyType
	if !onDelete && st.UpdatedNumberScheduled < desired {
		return Pending("%d of %d updated pods scheduled", st.UpdatedNumberScheduled, desired)
	}
	switch {
	case st.NumberAvailable < desired:
		return Pending("%d of %d pods available", st.NumberAvailable, desired)
	case st.NumberAvailable > desired:
		return Pending("%d pods available for %d desired: pods on nodes that no longer qualify are terminating", st.NumberAvailable, desired)
	}
	if onDelete {
		return Pass("generation %d: %d/%d pods available; updateStrategy OnDelete, so only availability is checked (pods take the new template when deleted)", gen, desired, desired)
	}
	return Pass("generation %d rolled out: %d/%d pods updated and available", gen, desired, desired)
}
