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

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// rcDeploy is a Deployment "web" (generation 1, 2 replicas) with a status set by mod.
func rcDeploy(mod func(d *appsv1.Deployment)) *Snapshot {
	s := deploy(ctr("api"))
	d := dep(s)
	d.Status = appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2, ReadyReplicas: 2, AvailableReplicas: 2}
	if mod != nil {
		mod(d)
	}
	return s
}

// rcStatefulSet is a StatefulSet "web" (generation 1, 2 replicas) rolled out at revision web-1,
// with mod applied.
func rcStatefulSet(mod func(ss *appsv1.StatefulSet)) *Snapshot {
	s := statefulSet(deploy(ctr("db")))
	ss := sts(s)
	ss.Status = appsv1.StatefulSetStatus{ObservedGeneration: 1, Replicas: 2, ReadyReplicas: 2, UpdatedReplicas: 2,
		CurrentReplicas: 2, CurrentRevision: "web-1", UpdateRevision: "web-1"}
	if mod != nil {
		mod(ss)
	}
	return s
}

// rcDaemonSet is a DaemonSet "web" (generation 1) on 3 nodes, rolled out, with mod applied.
func rcDaemonSet(mod func(ds *appsv1.DaemonSet)) *Snapshot {
	s := daemonSet(deploy(ctr("agent")))
	d := ds(s)
	d.Status = appsv1.DaemonSetStatus{ObservedGeneration: 1, DesiredNumberScheduled: 3, CurrentNumberScheduled: 3,
		UpdatedNumberScheduled: 3, NumberReady: 3, NumberAvailable: 3}
	if mod != nil {
		mod(d)
	}
	return s
}

func TestRolloutComplete(t *testing.T) {
	if !rolloutComplete.Rollout {
		t.Fatal("rollout-complete must set Meta.Rollout")
	}
	noStatus := deploy(ctr("api"))
	noStatus.Workload.HasStatus = false
	runCases(t, &rolloutComplete, []checkCase{
		{name: "manifest without status", snap: noStatus, want: v1alpha1.ResultSkip, msg: []string{"no status in the input"}},

		// Deployment.
		{name: "deployment rolled out", snap: rcDeploy(nil), want: v1alpha1.ResultPass,
			msg: []string{"generation 1 rolled out: 2/2 replicas updated and available"}},
		{name: "deployment generation not observed", snap: rcDeploy(func(d *appsv1.Deployment) { d.Generation = 2 }),
			want: v1alpha1.ResultPending, msg: []string{"the deployment controller has not yet observed generation 2 (status.observedGeneration 1)"}},
		{name: "deployment progress deadline exceeded", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Status.UpdatedReplicas = 1
			d.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse,
				Reason: "ProgressDeadlineExceeded", Message: `ReplicaSet "web-5d8f" has timed out progressing.`}}
		}), want: v1alpha1.ResultFail, msg: []string{"ProgressDeadlineExceeded", `ReplicaSet "web-5d8f" has timed out progressing.`}},
		{name: "deployment progress deadline without message", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Reason: "ProgressDeadlineExceeded"}}
		}), want: v1alpha1.ResultFail, msg: []string{"progressDeadlineSeconds"}},
		{name: "deployment progressing normally", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable"}}
		}), want: v1alpha1.ResultPass},
		{name: "deployment updating", snap: rcDeploy(func(d *appsv1.Deployment) { d.Status.UpdatedReplicas = 1 }),
			want: v1alpha1.ResultPending, msg: []string{"1 of 2 updated replicas"}},
		{name: "deployment old replicas terminating", snap: rcDeploy(func(d *appsv1.Deployment) { d.Status.Replicas = 3 }),
			want: v1alpha1.ResultPending, msg: []string{"1 old replica pending termination"}},
		{name: "deployment updated not available", snap: rcDeploy(func(d *appsv1.Deployment) { d.Status.AvailableReplicas = 1 }),
			want: v1alpha1.ResultPending, msg: []string{"1 of 2 updated replicas available"}},
		{name: "deployment paused mid-rollout", snap: rcDeploy(func(d *appsv1.Deployment) { d.Spec.Paused = true; d.Status.UpdatedReplicas = 1 }),
			want: v1alpha1.ResultPending, msg: []string{"paused", "1 of 2 updated replicas", "kubectl rollout resume"}},
		{name: "deployment paused but complete", snap: rcDeploy(func(d *appsv1.Deployment) { d.Spec.Paused = true }),
			want: v1alpha1.ResultPass},
		{name: "deployment replicas unset means 1", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Spec.Replicas = nil
			d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas = 1, 1, 1
		}), want: v1alpha1.ResultPass, msg: []string{"1/1"}},
		{name: "deployment replicas unset, none updated", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Spec.Replicas = nil
			d.Status = appsv1.DeploymentStatus{ObservedGeneration: 1}
		}), want: v1alpha1.ResultPending, msg: []string{"0 of 1 updated replicas"}},
		{name: "deployment scaled to zero", snap: rcDeploy(func(d *appsv1.Deployment) {
			d.Spec.Replicas = ptr(int32(0))
			d.Status = appsv1.DeploymentStatus{ObservedGeneration: 1}
		}), want: v1alpha1.ResultPass, msg: []string{"0/0"}},

		// StatefulSet.
		{name: "statefulset rolled out", snap: rcStatefulSet(nil), want: v1alpha1.ResultPass, msg: []string{"revision web-1", "2/2"}},
		{name: "statefulset generation not observed", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) { ss.Generation = 3; ss.Status.ObservedGeneration = 2 }),
			want: v1alpha1.ResultPending, msg: []string{"the statefulset controller has not yet observed generation 3 (status.observedGeneration 2)"}},
		{name: "statefulset revisions differ", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Status.UpdateRevision = "web-2"
			ss.Status.UpdatedReplicas = 1
		}), want: v1alpha1.ResultPending, msg: []string{"revision web-2", "1 of 2 replicas updated"}},
		{name: "statefulset no update revision yet", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Status.UpdateRevision, ss.Status.CurrentRevision = "", ""
		}), want: v1alpha1.ResultPending, msg: []string{"updateRevision"}},
		{name: "statefulset not ready", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) { ss.Status.ReadyReplicas = 1 }),
			want: v1alpha1.ResultPending, msg: []string{"1 of 2 replicas ready"}},
		{name: "statefulset scaling down", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) { ss.Status.ReadyReplicas = 3 }),
			want: v1alpha1.ResultPending, msg: []string{"scale-down"}},
		{name: "statefulset same revision, not all updated", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) { ss.Status.UpdatedReplicas = 1 }),
			want: v1alpha1.ResultPending, msg: []string{"1 of 2 updated replicas"}},
		{name: "statefulset OnDelete ready with revisions differing", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy.Type = appsv1.OnDeleteStatefulSetStrategyType
			ss.Status.UpdateRevision = "web-2"
			ss.Status.UpdatedReplicas = 0
		}), want: v1alpha1.ResultPass, msg: []string{"OnDelete", "only readiness"}},
		{name: "statefulset OnDelete not ready", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy.Type = appsv1.OnDeleteStatefulSetStrategyType
			ss.Status.ReadyReplicas = 0
		}), want: v1alpha1.ResultPending, msg: []string{"0 of 2 replicas ready"}},
		{name: "statefulset partition reached", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType,
				RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(1))}}
			ss.Status.UpdateRevision = "web-2"
			ss.Status.UpdatedReplicas = 1
		}), want: v1alpha1.ResultPass, msg: []string{"partition 1"}},
		{name: "statefulset partition not reached", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(1))}}
			ss.Status.UpdateRevision = "web-2"
			ss.Status.UpdatedReplicas = 0
		}), want: v1alpha1.ResultPending, msg: []string{"0 of 1 replicas above partition 1 updated"}},
		{name: "statefulset partition above replicas", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(5))}}
			ss.Status.UpdateRevision = "web-2"
			ss.Status.UpdatedReplicas = 0
		}), want: v1alpha1.ResultPass},
		{name: "statefulset partition 0 behaves as plain rolling update", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(0))}}
			ss.Status.UpdateRevision = "web-2"
		}), want: v1alpha1.ResultPending, msg: []string{"revision web-2"}},
		{name: "statefulset replicas unset means 1", snap: rcStatefulSet(func(ss *appsv1.StatefulSet) {
			ss.Spec.Replicas = nil
			ss.Status.ReadyReplicas, ss.Status.UpdatedReplicas = 1, 1
		}), want: v1alpha1.ResultPass, msg: []string{"1/1"}},

		// DaemonSet.
		{name: "daemonset rolled out", snap: rcDaemonSet(nil), want: v1alpha1.ResultPass, msg: []string{"3/3 pods updated and available"}},
		{name: "daemonset generation not observed", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) { ds.Generation = 2 }),
			want: v1alpha1.ResultPending, msg: []string{"the daemonset controller has not yet observed generation 2"}},
		{name: "daemonset updating", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) { ds.Status.UpdatedNumberScheduled = 2 }),
			want: v1alpha1.ResultPending, msg: []string{"2 of 3 updated pods scheduled"}},
		{name: "daemonset not available", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) { ds.Status.NumberAvailable = 2 }),
			want: v1alpha1.ResultPending, msg: []string{"2 of 3 pods available"}},
		{name: "daemonset OnDelete only needs availability", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) {
			ds.Spec.UpdateStrategy.Type = appsv1.OnDeleteDaemonSetStrategyType
			ds.Status.UpdatedNumberScheduled = 0
		}), want: v1alpha1.ResultPass, msg: []string{"OnDelete"}},
		{name: "daemonset OnDelete unavailable", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) {
			ds.Spec.UpdateStrategy.Type = appsv1.OnDeleteDaemonSetStrategyType
			ds.Status.NumberAvailable = 1
		}), want: v1alpha1.ResultPending, msg: []string{"1 of 3 pods available"}},
		{name: "daemonset more available than desired", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) { ds.Status.NumberAvailable = 4 }),
			want: v1alpha1.ResultPending, msg: []string{"4 pods available for 3 desired"}},
		{name: "daemonset on no nodes", snap: rcDaemonSet(func(ds *appsv1.DaemonSet) { ds.Status = appsv1.DaemonSetStatus{ObservedGeneration: 1} }),
			want: v1alpha1.ResultPass, msg: []string{"0/0"}},
	})
}

func TestRolloutCompleteVerdict(t *testing.T) {
	for name, tc := range map[string]struct {
		snap *Snapshot
		want string
	}{
		"pending is reconciling": {rcDeploy(func(d *appsv1.Deployment) { d.Status.UpdatedReplicas = 1 }), v1alpha1.ReasonRolloutInProgress},
		"deadline is rollout failed": {rcDeploy(func(d *appsv1.Deployment) {
			d.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Reason: "ProgressDeadlineExceeded"}}
		}), v1alpha1.ReasonRolloutFailed},
	} {
		t.Run(name, func(t *testing.T) {
			p, _ := ParseParams(&rolloutComplete.Meta, Params{}, nil)
			pol := &Policy{Entries: []Entry{{Check: &rolloutComplete, Enforcement: v1alpha1.EnforcementRequired, Params: p}}}
			if got := Evaluate(tc.snap, pol).Verdict().Reason; got != tc.want {
				t.Fatalf("verdict reason = %s, want %s", got, tc.want)
			}
		})
	}
}
