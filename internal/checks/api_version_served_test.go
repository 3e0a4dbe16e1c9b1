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

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestAPIVersionServed(t *testing.T) {
	asVersion := func(s *Snapshot, gv string) *Snapshot {
		g, _ := schema.ParseGroupVersion(gv)
		s.Workload.Object.GetObjectKind().SetGroupVersionKind(g.WithKind(s.Workload.Kind()))
		return s
	}
	hpa := func(apiVersion string) autoscalingv2.HorizontalPodAutoscaler {
		return autoscalingv2.HorizontalPodAutoscaler{TypeMeta: metav1.TypeMeta{APIVersion: apiVersion, Kind: "HorizontalPodAutoscaler"},
			ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}, MaxReplicas: 5}}
	}
	withHPA := func(h autoscalingv2.HorizontalPodAutoscaler) *Snapshot {
		s := deploy(ctr("api"))
		s.HPAs = append(s.HPAs, h)
		return s
	}
	withPDB := func(apiVersion string) *Snapshot {
		s := deploy(ctr("api"))
		s.PDBs = append(s.PDBs, policyv1.PodDisruptionBudget{TypeMeta: metav1.TypeMeta{APIVersion: apiVersion}, ObjectMeta: metav1.ObjectMeta{Name: "web"},
			Spec: policyv1.PodDisruptionBudgetSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}})
		return s
	}
	runCases(t, &apiVersionServed, []checkCase{
		{name: "cluster object (no apiVersion) is served", snap: deploy(ctr("api")), want: v1alpha1.ResultPass, msg: []string{"apps/v1, a served version"}},
		{name: "apps/v1", snap: asVersion(deploy(ctr("api")), "apps/v1"), want: v1alpha1.ResultPass},
		{name: "extensions/v1beta1 deployment", snap: asVersion(deploy(ctr("api")), "extensions/v1beta1"), want: v1alpha1.ResultFail,
			msg: []string{"Deployment/web is extensions/v1beta1, which Kubernetes 1.16 stopped serving; use apps/v1"}},
		{name: "apps/v1beta2 daemonset", snap: asVersion(daemonSet(deploy(ctr("agent"))), "apps/v1beta2"), want: v1alpha1.ResultFail,
			msg: []string{"DaemonSet/web is apps/v1beta2", "use apps/v1"}},
		{name: "apps/v1beta1 statefulset", snap: asVersion(statefulSet(deploy(ctr("db"))), "apps/v1beta1"), want: v1alpha1.ResultFail},
		{name: "batch/v1beta1 cronjob", snap: asVersion(cronJob(deploy(ctr("report"))), "batch/v1beta1"), want: v1alpha1.ResultFail,
			msg: []string{"Kubernetes 1.25", "use batch/v1"}},
		{name: "hpa v2", snap: withHPA(hpa("autoscaling/v2")), want: v1alpha1.ResultPass},
		{name: "hpa v1 is still served", snap: withHPA(hpa("autoscaling/v1")), want: v1alpha1.ResultPass},
		{name: "hpa v2beta2", snap: withHPA(hpa("autoscaling/v2beta2")), want: v1alpha1.ResultFail,
			msg: []string{`HorizontalPodAutoscaler "web" is autoscaling/v2beta2, which Kubernetes 1.26 stopped serving; use autoscaling/v2`}},
		{name: "hpa v2beta1", snap: withHPA(hpa("autoscaling/v2beta1")), want: v1alpha1.ResultFail, msg: []string{"1.25"}},
		{name: "pdb v1beta1", snap: withPDB("policy/v1beta1"), want: v1alpha1.ResultFail, msg: []string{`PodDisruptionBudget "web" is policy/v1beta1`, "use policy/v1"}},
		{name: "pdb v1", snap: withPDB("policy/v1"), want: v1alpha1.ResultPass},
	})
}
