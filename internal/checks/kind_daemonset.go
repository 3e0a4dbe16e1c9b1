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
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// KindDaemonSet is an apps/v1 DaemonSet: one pod per eligible node, no replica count.
const KindDaemonSet = "DaemonSet"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindDaemonSet, Group: appsv1.GroupName, Version: "v1", Resource: "daemonsets",
		Capabilities: []Capability{CapLongRunning},
		Removed: []RemovedVersion{
			{GroupVersion: "extensions/v1beta1", RemovedIn: "1.16"},
			{GroupVersion: "apps/v1beta2", RemovedIn: "1.16"},
		},
		New:                func() Object { return &appsv1.DaemonSet{} },
		NewList:            func() runtime.Object { return &appsv1.DaemonSetList{} },
		Template:           func(o Object) *corev1.PodTemplateSpec { return &typedAs[*appsv1.DaemonSet](o).Spec.Template },
		Selector:           func(o Object) *metav1.LabelSelector { return typedAs[*appsv1.DaemonSet](o).Spec.Selector },
		ObservedGeneration: func(o Object) int64 { return typedAs[*appsv1.DaemonSet](o).Status.ObservedGeneration },
		Controller:         "the daemonset controller",
		Rollout:            func(w *Workload) Outcome { return daemonSetRollout(typedAs[*appsv1.DaemonSet](w.Object)) },
		Strategy: func(s *Snapshot) Outcome {
			return daemonSetStrategy(&typedAs[*appsv1.DaemonSet](s.Workload.Object).Spec.UpdateStrategy)
		},
	})
}

func daemonSetRollout(ds *appsv1.DaemonSet) Outcome {
	st := &ds.Status
	gen := ds.Generation
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
func daemonSetStrategy(st *appsv1.DaemonSetUpdateStrategy) Outcome {
	switch st.Type {
	case "", appsv1.RollingUpdateDaemonSetStrategyType:
	case appsv1.OnDeleteDaemonSetStrategyType:
		return Violation("spec.updateStrategy.type is OnDelete: releases never roll out by themselves, old pods run " +
			"until deleted by hand; use RollingUpdate")
	default:
		return Violation("spec.updateStrategy.type %q is not a known strategy; use RollingUpdate", st.Type)
	}
	// DaemonSet defaults: maxUnavailable 1, maxSurge 0.
	surge, unavailable := intstr.FromInt32(0), intstr.FromInt32(1)
	if ru := st.RollingUpdate; ru != nil {
		if ru.MaxSurge != nil {
			surge = *ru.MaxSurge
		}
		if ru.MaxUnavailable != nil {
			unavailable = *ru.MaxUnavailable
		}
	}
	var f Findings
	checkSurgeUnavailable(&f, "spec.updateStrategy.rollingUpdate", surge, unavailable)
	return f.Result("RollingUpdate with maxSurge %s and maxUnavailable %s", surge.String(), unavailable.String())
}
