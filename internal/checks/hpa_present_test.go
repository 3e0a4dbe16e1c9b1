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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestHPAPresent(t *testing.T) {
	runCases(t, &hpaPresent, []checkCase{
		{name: "keda scaled object counts", snap: func() *Snapshot {
			s := deploy(ctr("worker"))
			s.ScaledObjects = []ScaledObject{{Name: "worker", Target: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}}}
			return s
		}(), want: v1alpha1.ResultPass, msg: []string{`KEDA ScaledObject "worker" scales Deployment/web`}},
		{name: "hpa targeting a rollout", snap: func() *Snapshot {
			s := rollout(deploy(ctr("api")))
			s.HPAs = append(s.HPAs, autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "argoproj.io/v1alpha1", Kind: "Rollout", Name: "web"}, MaxReplicas: 4}})
			return s
		}(), want: v1alpha1.ResultPass},
		{name: "hpa naming a rollout with the apps group does not count", snap: func() *Snapshot {
			s := rollout(deploy(ctr("api")))
			s.HPAs = append(s.HPAs, autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Rollout", Name: "web"}, MaxReplicas: 4}})
			return s
		}(), want: v1alpha1.ResultFail},
		{name: "HPA targets the deployment", snap: availWithHPA(deploy(ctr("api")), availHPA("web", ptr(int32(2)), 6)), want: v1alpha1.ResultPass,
			msg: []string{`HorizontalPodAutoscaler "web" targets Deployment/web`}},
		{name: "no HPA", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"no HorizontalPodAutoscaler targets Deployment/web", "apiVersion apps/v1, kind Deployment, name web"}},
		{name: "HPA with the extensions group does not count",
			snap: availWithHPA(deploy(ctr("api")), availHPA("web-legacy", ptr(int32(2)), 6, availTarget("extensions/v1beta1", "Deployment", "web"))),
			want: v1alpha1.ResultFail, msg: []string{"no HorizontalPodAutoscaler targets", `"web-legacy"`, `"extensions/v1beta1"`, "does not count"}},
		{name: "HPA with a core apiVersion does not count",
			snap: availWithHPA(deploy(ctr("api")), availHPA("web-v1", ptr(int32(2)), 6, availTarget("v1", "Deployment", "web"))),
			want: v1alpha1.ResultFail, msg: []string{`"web-v1"`}},
		{name: "older apps version still counts",
			snap: availWithHPA(deploy(ctr("api")), availHPA("web", ptr(int32(2)), 6, availTarget("apps/v1beta2", "Deployment", "web"))),
			want: v1alpha1.ResultPass},
		{name: "wrong-group HPA noted beside a valid one",
			snap: availWithHPA(deploy(ctr("api")), availHPA("web", ptr(int32(2)), 6), availHPA("old", ptr(int32(2)), 6, availTarget("extensions/v1beta1", "Deployment", "web"))),
			want: v1alpha1.ResultPass, msg: []string{`HorizontalPodAutoscaler "web" targets`, `"old" names Deployment/web`}},
		{name: "HPA for another workload", snap: availWithHPA(deploy(ctr("api")), availHPA("api", ptr(int32(2)), 6, availTarget("apps/v1", "Deployment", "api"))),
			want: v1alpha1.ResultFail, notMsg: []string{`"api" names`}},
		{name: "HPA naming the wrong kind", snap: availWithHPA(statefulSet(deploy(ctr("db"))), availHPA("web", ptr(int32(2)), 6)),
			want: v1alpha1.ResultFail, msg: []string{"StatefulSet/web"}},
		{name: "statefulset", snap: availWithHPA(statefulSet(deploy(ctr("db"))), availHPA("db", ptr(int32(2)), 6, availTarget("apps/v1", "StatefulSet", "web"))),
			want: v1alpha1.ResultPass, msg: []string{"StatefulSet/web"}},
		{name: "two HPAs", snap: availWithHPA(deploy(ctr("api")), availHPA("a", ptr(int32(2)), 6), availHPA("b", ptr(int32(2)), 6)),
			want: v1alpha1.ResultPass, msg: []string{`HorizontalPodAutoscalers "a", "b" target`}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip, msg: []string{"DaemonSet"}},
	})
}
