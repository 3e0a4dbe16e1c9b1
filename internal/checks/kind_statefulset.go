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
)

// KindStatefulSet is an apps/v1 StatefulSet.
const KindStatefulSet = "StatefulSet"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindStatefulSet, Group: appsv1.GroupName, Version: "v1", Resource: "statefulsets",
		Capabilities: []Capability{CapReplicas, CapLongRunning},
		Removed: []RemovedVersion{
			{GroupVersion: "apps/v1beta1", RemovedIn: "1.16"},
			{GroupVersion: "apps/v1beta2", RemovedIn: "1.16"},
		},
		New:                func() Object { return &appsv1.StatefulSet{} },
		NewList:            func() runtime.Object { return &appsv1.StatefulSetList{} },
		Template:           func(o Object) *corev1.PodTemplateSpec { return &typedAs[*appsv1.StatefulSet](o).Spec.Template },
		Selector:           func(o Object) *metav1.LabelSelector { return typedAs[*appsv1.StatefulSet](o).Spec.Selector },
		Replicas:           func(o Object) *int32 { return typedAs[*appsv1.StatefulSet](o).Spec.Replicas },
		ObservedGeneration: func(o Object) int64 { return typedAs[*appsv1.StatefulSet](o).Status.ObservedGeneration },
		Controller:         "the statefulset controller",
		ServiceNames: func(o Object) []string {
			if name := typedAs[*appsv1.StatefulSet](o).Spec.ServiceName; name != "" {
				return []string{name}
			}
			return nil
		},
		Rollout: func(w *Workload) Outcome { return statefulSetRollout(typedAs[*appsv1.StatefulSet](w.Object)) },
		Strategy: func(s *Snapshot) Outcome {
			return statefulSetStrategy(&typedAs[*appsv1.StatefulSet](s.Workload.Object).Spec.UpdateStrategy)
		},
	})
}

func statefulSetRollout(ss *appsv1.StatefulSet) Outcome {
	st := &ss.Status
	gen := ss.Generation
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

func statefulSetStrategy(st *appsv1.StatefulSetUpdateStrategy) Outcome {
	switch st.Type {
	case "", appsv1.RollingUpdateStatefulSetStrategyType:
		return Pass("updateStrategy RollingUpdate")
	case appsv1.OnDeleteStatefulSetStrategyType:
		return Violation("spec.updateStrategy.type is OnDelete: releases never roll out by themselves, old pods run " +
			"until deleted by hand; use RollingUpdate")
	}
	return Violation("spec.updateStrategy.type %q is not a known strategy; use RollingUpdate", st.Type)
}

// statefulSetOf returns the workload's StatefulSet, nil for other kinds.
func statefulSetOf(w *Workload) *appsv1.StatefulSet { return typedAs[*appsv1.StatefulSet](w.Object) }
