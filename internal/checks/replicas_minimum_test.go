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
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Builders shared by the availability and scaling checks' tests (replicas-minimum, pdb-*,
// hpa-*, replicas-hpa-conflict, spread-*). Prefixed "avail" to keep clear of other tests.

// availReplicas sets spec.replicas (nil unsets it) on a Deployment or StatefulSet snapshot.
func availReplicas(s *Snapshot, n *int32) *Snapshot {
	switch o := s.Workload.Object.(type) {
	case *appsv1.Deployment:
		o.Spec.Replicas = n
	case *appsv1.StatefulSet:
		o.Spec.Replicas = n
	}
	return s
}

// availPodLabels replaces the pod template labels.
func availPodLabels(s *Snapshot, l map[string]string) *Snapshot {
	s.Workload.Template().Labels = l
	return s
}

// availHPA is an autoscaling/v2 HPA targeting apps/v1 Deployment "web" with no metrics; mods
// adjust it.
func availHPA(name string, minReplicas *int32, maxReplicas int32, mods ...func(*autoscalingv2.HorizontalPodAutoscaler)) autoscalingv2.HorizontalPodAutoscaler {
	h := autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"},
			MinReplicas:    minReplicas,
			MaxReplicas:    maxReplicas,
		},
	}
	for _, m := range mods {
		m(&h)
	}
	return h
}

// availTarget changes an HPA's scaleTargetRef.
func availTarget(apiVersion, kind, name string) func(*autoscalingv2.HorizontalPodAutoscaler) {
	return func(h *autoscalingv2.HorizontalPodAutoscaler) {
		h.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{APIVersion: apiVersion, Kind: kind, Name: name}
	}
}

// availWithHPA adds HPAs to a snapshot.
func availWithHPA(s *Snapshot, hpas ...autoscalingv2.HorizontalPodAutoscaler) *Snapshot {
	s.HPAs = append(s.HPAs, hpas...)
	return s
}

// availRequests sets resource requests on a container ("cpu", "100m", "memory", "128Mi"...).
func availRequests(kv ...string) func(*corev1.Container) {
	return func(c *corev1.Container) {
		if c.Resources.Requests == nil {
			c.Resources.Requests = corev1.ResourceList{}
		}
		for i := 0; i+1 < len(kv); i += 2 {
			c.Resources.Requests[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
		}
	}
}

func TestReplicasMinimum(t *testing.T) {
	extensionsHPA := availHPA("web-legacy", ptr(int32(1)), 5, availTarget("extensions/v1beta1", "Deployment", "web"))
	keda := func(minCount *int32) *Snapshot {
		s := deploy(ctr("worker"))
		s.ScaledObjects = []ScaledObject{{Name: "worker", MinReplicaCount: minCount,
			Target: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}}}
		return s
	}
	runCases(t, &replicasMinimum, []checkCase{
		{name: "keda scale to zero", snap: keda(nil), want: v1alpha1.ResultFail,
			msg: []string{"KEDA ScaledObject \"worker\" minReplicaCount, unset so 0: KEDA scales the workload to zero when idle", "spec.minReplicaCount of ScaledObject \"worker\""}},
		{name: "keda minimum 3", snap: keda(ptr(int32(3))), want: v1alpha1.ResultPass, msg: []string{"3 effective replicas (from KEDA ScaledObject"}},
		{name: "rollout replicas", snap: rollout(deploy(ctr("api"))), want: v1alpha1.ResultPass, msg: []string{"2 effective replicas"}},
		{name: "two replicas", snap: deploy(ctr("api")), want: v1alpha1.ResultPass,
			msg: []string{"2 effective replicas (from spec.replicas)", "minimum 2"}},
		{name: "one replica", snap: availReplicas(deploy(ctr("api")), ptr(int32(1))), want: v1alpha1.ResultFail,
			msg: []string{"effective replicas 1 (from spec.replicas) is below the minimum 2", "set spec.replicas to at least 2"}},
		{name: "zero replicas", snap: availReplicas(deploy(ctr("api")), ptr(int32(0))), want: v1alpha1.ResultFail,
			msg: []string{"effective replicas 0"}},
		{name: "replicas unset counts as 1", snap: availReplicas(deploy(ctr("api")), nil), want: v1alpha1.ResultFail,
			msg: []string{"spec.replicas, unset so 1"}},
		{name: "HPA minReplicas wins over a low spec.replicas",
			snap: availWithHPA(availReplicas(deploy(ctr("api")), ptr(int32(1))), availHPA("web", ptr(int32(3)), 10)), want: v1alpha1.ResultPass,
			msg: []string{`3 effective replicas (from HorizontalPodAutoscaler "web" minReplicas)`}},
		{name: "HPA minReplicas unset is 1 whatever spec.replicas says",
			snap: availWithHPA(availReplicas(deploy(ctr("api")), ptr(int32(5))), availHPA("web", nil, 10)), want: v1alpha1.ResultFail,
			msg: []string{"minReplicas, unset so 1", `raise spec.minReplicas of HorizontalPodAutoscaler "web" to at least 2`, "spec.replicas 5 is overridden"}},
		{name: "HPA with a wrong API group does not count",
			snap: availWithHPA(availReplicas(deploy(ctr("api")), ptr(int32(3))), extensionsHPA), want: v1alpha1.ResultPass,
			msg: []string{"from spec.replicas"}},
		{name: "param min raised", snap: deploy(ctr("api")), params: map[string]string{"min": "3"}, want: v1alpha1.ResultFail,
			msg: []string{"below the minimum 3", "at least 3"}},
		{name: "param min 1 accepts a single replica", snap: availReplicas(deploy(ctr("api")), ptr(int32(1))),
			params: map[string]string{"min": "1"}, want: v1alpha1.ResultPass},
		{name: "statefulset with one replica", snap: availReplicas(statefulSet(deploy(ctr("db"))), ptr(int32(1))), want: v1alpha1.ResultFail},
		{name: "statefulset with an HPA",
			snap: availWithHPA(statefulSet(deploy(ctr("db"))), availHPA("db", ptr(int32(1)), 4, availTarget("apps/v1", "StatefulSet", "web"))),
			want: v1alpha1.ResultFail, msg: []string{`HorizontalPodAutoscaler "db" minReplicas`}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip, msg: []string{"DaemonSet"}},
	})
}
