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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// rsDeploy is a 2-replica Deployment with a strategy.
func rsDeploy(st appsv1.DeploymentStrategy) *Snapshot {
	s := deploy(ctr("api"))
	dep(s).Spec.Strategy = st
	return s
}

// rsClaim sets the replicas of an rsDeploy snapshot and mounts PersistentVolumeClaim "data"
// (read-only when asked; noClaim mounts an emptyDir instead).
func rsClaim(s *Snapshot, replicas int32, readOnly bool, noClaim ...bool) *Snapshot {
	d := dep(s)
	d.Spec.Replicas = ptr(replicas)
	v := corev1.Volume{Name: "data"}
	if len(noClaim) > 0 {
		v.EmptyDir = &corev1.EmptyDirVolumeSource{}
	} else {
		v.PersistentVolumeClaim = &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data", ReadOnly: readOnly}
	}
	d.Spec.Template.Spec.Volumes = append(d.Spec.Template.Spec.Volumes, v)
	return s
}

// rsRolling is a RollingUpdate Deployment strategy; nil leaves a field unset.
func rsRolling(surge, unavailable *intstr.IntOrString) appsv1.DeploymentStrategy {
	return appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
		RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: surge, MaxUnavailable: unavailable}}
}

func rsInt(n int32) *intstr.IntOrString { v := intstr.FromInt32(n); return &v }

func rsStr(s string) *intstr.IntOrString { v := intstr.FromString(s); return &v }

func TestRolloutStrategy(t *testing.T) {
	replicas := func(n int32, s *Snapshot) *Snapshot { dep(s).Spec.Replicas = &n; return s }
	withHPA := func(min int32, s *Snapshot) *Snapshot {
		s.HPAs = append(s.HPAs, autoscalingv2.HorizontalPodAutoscaler{
			ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
			Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"},
				MinReplicas:    &min, MaxReplicas: 10,
			}})
		return s
	}
	sts := func(st appsv1.StatefulSetUpdateStrategy) *Snapshot {
		s := statefulSet(deploy(ctr("db")))
		sts(s).Spec.UpdateStrategy = st
		return s
	}
	ds := func(st appsv1.DaemonSetUpdateStrategy) *Snapshot {
		s := daemonSet(deploy(ctr("agent")))
		ds(s).Spec.UpdateStrategy = st
		return s
	}
	dsRolling := func(surge, unavailable *intstr.IntOrString) appsv1.DaemonSetUpdateStrategy {
		return appsv1.DaemonSetUpdateStrategy{Type: appsv1.RollingUpdateDaemonSetStrategyType,
			RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxSurge: surge, MaxUnavailable: unavailable}}
	}
	runCases(t, &rolloutStrategy, []checkCase{
		// Deployment.
		{name: "unset strategy defaults to rolling 25%", snap: rsDeploy(appsv1.DeploymentStrategy{}), want: v1alpha1.ResultPass,
			msg: []string{"RollingUpdate with maxSurge 25% and maxUnavailable 25% at 2 effective replicas"}},
		{name: "rolling without rollingUpdate", snap: rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType}), want: v1alpha1.ResultPass},
		{name: "recreate", snap: rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}), want: v1alpha1.ResultFail,
			msg: []string{"spec.strategy.type is Recreate", "downtime"}},
		{name: "recreate at one replica with a volume claim is right", snap: rsClaim(rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}), 1, false),
			want: v1alpha1.ResultSkip, msg: []string{`Recreate with 1 effective replica mounting PersistentVolumeClaim "data"`, "Recreate is the right strategy"}},
		{name: "recreate at two replicas with a volume claim", snap: rsClaim(rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}), 2, false),
			want: v1alpha1.ResultFail, msg: []string{"downtime"}},
		{name: "recreate at one replica with a read-only claim", snap: rsClaim(rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}), 1, true),
			want: v1alpha1.ResultFail},
		{name: "recreate at one replica without a claim", snap: rsClaim(rsDeploy(appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}), 1, false, true),
			want: v1alpha1.ResultFail},
		{name: "unknown type", snap: rsDeploy(appsv1.DeploymentStrategy{Type: "BlueGreen"}), want: v1alpha1.ResultFail, msg: []string{`"BlueGreen"`}},
		{name: "surge 1 unavailable 0", snap: rsDeploy(rsRolling(rsInt(1), rsInt(0))), want: v1alpha1.ResultPass, msg: []string{"maxSurge 1 and maxUnavailable 0"}},
		{name: "both zero", snap: rsDeploy(rsRolling(rsInt(0), rsInt(0))), want: v1alpha1.ResultFail, msg: []string{"maxSurge and maxUnavailable are both 0"}},
		{name: "both zero percent", snap: rsDeploy(rsRolling(rsStr("0%"), rsInt(0))), want: v1alpha1.ResultFail, msg: []string{"both 0"}},
		{name: "surge zero, unavailable default", snap: rsDeploy(rsRolling(rsInt(0), nil)), want: v1alpha1.ResultPass},
		{name: "unavailable 100%", snap: rsDeploy(rsRolling(nil, rsStr("100%"))), want: v1alpha1.ResultFail,
			msg: []string{"maxUnavailable is 100%", "every pod"}},
		{name: "unavailable 150%", snap: rsDeploy(rsRolling(nil, rsStr("150%"))), want: v1alpha1.ResultFail},
		{name: "unavailable 99% of 2 rounds down to 1", snap: rsDeploy(rsRolling(nil, rsStr("99%"))), want: v1alpha1.ResultPass},
		{name: "unavailable int equals replicas", snap: rsDeploy(rsRolling(nil, rsInt(2))), want: v1alpha1.ResultFail,
			msg: []string{"maxUnavailable 2 lets all 2 pods", "spec.replicas", "below 2"}},
		{name: "unavailable int above replicas", snap: replicas(3, rsDeploy(rsRolling(nil, rsInt(5)))), want: v1alpha1.ResultFail, msg: []string{"all 3 pods"}},
		{name: "unavailable int below replicas", snap: replicas(3, rsDeploy(rsRolling(nil, rsInt(2)))), want: v1alpha1.ResultPass},
		{name: "single replica with unavailable 1", snap: replicas(1, rsDeploy(rsRolling(rsInt(0), rsInt(1)))), want: v1alpha1.ResultFail,
			msg: []string{"all 1 pods"}},
		{name: "single replica with defaults", snap: replicas(1, rsDeploy(appsv1.DeploymentStrategy{})), want: v1alpha1.ResultPass,
			msg: []string{"1 effective replica"}},
		{name: "HPA minReplicas is the effective count", snap: withHPA(5, rsDeploy(rsRolling(nil, rsInt(2)))), want: v1alpha1.ResultPass,
			msg: []string{"5 effective replicas"}},
		{name: "HPA minReplicas low", snap: withHPA(2, replicas(6, rsDeploy(rsRolling(nil, rsInt(2))))), want: v1alpha1.ResultFail,
			msg: []string{"HorizontalPodAutoscaler \"web\" minReplicas"}},
		{name: "scaled to zero", snap: replicas(0, rsDeploy(rsRolling(nil, rsInt(1)))), want: v1alpha1.ResultPass},
		{name: "invalid percentage", snap: rsDeploy(rsRolling(nil, rsStr("lots"))), want: v1alpha1.ResultFail, msg: []string{`"lots" is not a number or a percentage`}},
		{name: "invalid surge", snap: rsDeploy(rsRolling(rsStr("25"), nil)), want: v1alpha1.ResultFail, msg: []string{"maxSurge \"25\""}},

		// StatefulSet.
		{name: "statefulset unset", snap: sts(appsv1.StatefulSetUpdateStrategy{}), want: v1alpha1.ResultPass, msg: []string{"RollingUpdate"}},
		{name: "statefulset rolling with partition", snap: sts(appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType,
			RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(1))}}), want: v1alpha1.ResultPass},
		{name: "statefulset OnDelete", snap: sts(appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}), want: v1alpha1.ResultFail,
			msg: []string{"spec.updateStrategy.type is OnDelete", "never roll out"}},

		// DaemonSet.
		{name: "daemonset unset", snap: ds(appsv1.DaemonSetUpdateStrategy{}), want: v1alpha1.ResultPass, msg: []string{"maxSurge 0 and maxUnavailable 1"}},
		{name: "daemonset OnDelete", snap: ds(appsv1.DaemonSetUpdateStrategy{Type: appsv1.OnDeleteDaemonSetStrategyType}), want: v1alpha1.ResultFail,
			msg: []string{"OnDelete"}},
		{name: "daemonset 100% unavailable", snap: ds(dsRolling(nil, rsStr("100%"))), want: v1alpha1.ResultFail,
			msg: []string{"spec.updateStrategy.rollingUpdate.maxUnavailable is 100%"}},
		{name: "daemonset 10% unavailable", snap: ds(dsRolling(nil, rsStr("10%"))), want: v1alpha1.ResultPass},
		{name: "daemonset surge instead of unavailable", snap: ds(dsRolling(rsInt(1), rsInt(0))), want: v1alpha1.ResultPass},
		{name: "daemonset both zero", snap: ds(dsRolling(rsInt(0), rsInt(0))), want: v1alpha1.ResultFail, msg: []string{"both 0"}},
	})
}
