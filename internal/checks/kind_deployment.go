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
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// KindDeployment is an apps/v1 Deployment.
const KindDeployment = "Deployment"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindDeployment, Group: appsv1.GroupName, Version: "v1", Resource: "deployments",
		Capabilities: []Capability{CapReplicas, CapLongRunning},
		Removed: []RemovedVersion{
			{GroupVersion: "extensions/v1beta1", RemovedIn: "1.16"},
			{GroupVersion: "apps/v1beta1", RemovedIn: "1.16"},
			{GroupVersion: "apps/v1beta2", RemovedIn: "1.16"},
		},
		New:                func() Object { return &appsv1.Deployment{} },
		NewList:            func() runtime.Object { return &appsv1.DeploymentList{} },
		Template:           func(o Object) *corev1.PodTemplateSpec { return &typedAs[*appsv1.Deployment](o).Spec.Template },
		Selector:           func(o Object) *metav1.LabelSelector { return typedAs[*appsv1.Deployment](o).Spec.Selector },
		Replicas:           func(o Object) *int32 { return typedAs[*appsv1.Deployment](o).Spec.Replicas },
		ObservedGeneration: func(o Object) int64 { return typedAs[*appsv1.Deployment](o).Status.ObservedGeneration },
		Controller:         "the deployment controller",
		Rollout:            func(w *Workload) Outcome { return deploymentRollout(typedAs[*appsv1.Deployment](w.Object)) },
		Strategy: func(s *Snapshot) Outcome {
			return deploymentStrategy(s, &typedAs[*appsv1.Deployment](s.Workload.Object).Spec.Strategy)
		},
	})
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

// singleReplicaClaim returns the first PersistentVolumeClaim the pod template mounts when the
// workload runs one effective replica: such a workload cannot roll its volume over to a new pod
// while the old one holds it.
func singleReplicaClaim(s *Snapshot) (string, bool) {
	if n, _, ok := s.EffectiveReplicas(); !ok || n != 1 {
		return "", false
	}
	for _, v := range s.Workload.PodSpec().Volumes {
		if v.PersistentVolumeClaim != nil && !v.PersistentVolumeClaim.ReadOnly {
			return v.PersistentVolumeClaim.ClaimName, true
		}
	}
	return "", false
}

func deploymentStrategy(s *Snapshot, st *appsv1.DeploymentStrategy) Outcome {
	switch st.Type {
	case appsv1.RecreateDeploymentStrategyType:
		if claim, ok := singleReplicaClaim(s); ok {
			return Skip("spec.strategy.type is Recreate with 1 effective replica mounting PersistentVolumeClaim %q: "+
				"a ReadWriteOnce volume, the usual access mode, cannot be attached to a second pod on another node, "+
				"so a rolling update would stall and Recreate is the right strategy here", claim)
		}
		return Violation("spec.strategy.type is Recreate: every pod is stopped before the new ones start, " +
			"so each release is downtime; use RollingUpdate")
	case "", appsv1.RollingUpdateDeploymentStrategyType:
	default:
		return Violation("spec.strategy.type %q is not a known strategy; use RollingUpdate", st.Type)
	}
	surge, unavailable := defaultSurgeUnavailable, defaultSurgeUnavailable
	if ru := st.RollingUpdate; ru != nil {
		if ru.MaxSurge != nil {
			surge = *ru.MaxSurge
		}
		if ru.MaxUnavailable != nil {
			unavailable = *ru.MaxUnavailable
		}
	}
	replicas, source, _ := s.EffectiveReplicas()
	var f Findings
	checkSurgeUnavailable(&f, "spec.strategy.rollingUpdate", surge, unavailable)
	if f.Len() == 0 {
		// The deployment controller rounds maxUnavailable down.
		n, _, _ := scaledIntOrPercent(unavailable, replicas, false)
		if replicas > 0 && n >= replicas {
			f.AddWorkload("spec.strategy.rollingUpdate.maxUnavailable %s lets all %d pods (effective replicas, from %s) be unavailable at once; set it below %d",
				unavailable.String(), replicas, source, replicas)
		}
	}
	return f.Result("RollingUpdate with maxSurge %s and maxUnavailable %s at %d effective %s",
		surge.String(), unavailable.String(), replicas, plural(int(replicas), "replica"))
}
