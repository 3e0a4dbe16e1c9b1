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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestReplicasHPAConflict(t *testing.T) {
	// managed is Deployment "web" with an HPA and the spec.replicas ownership given.
	managed := func(inManifest *bool, managers []FieldManager) *Snapshot {
		s := availWithHPA(deploy(ctr("api")), availHPA("web", ptr(int32(2)), 6))
		s.Workload.ReplicasSetInManifest = inManifest
		s.Workload.ReplicasManagers = managers
		return s
	}
	hpaScale := FieldManager{Manager: "kube-controller-manager", Operation: "Update", Subresource: "scale"}
	kubectl := FieldManager{Manager: "kubectl", Operation: "Apply"}
	helm := FieldManager{Manager: "helm", Operation: "Update"}
	runCases(t, &replicasHPAConflict, []checkCase{
		{name: "no HPA", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip, msg: []string{"no HorizontalPodAutoscaler targets the workload"}},
		{name: "only a wrong-group HPA",
			snap: availWithHPA(deploy(ctr("api")), availHPA("legacy", ptr(int32(2)), 6, availTarget("extensions/v1beta1", "Deployment", "web"))),
			want: v1alpha1.ResultSkip, msg: []string{`"legacy"`}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip},

		// Offline: the manifest.
		{name: "manifest sets spec.replicas", snap: managed(ptr(true), nil), want: v1alpha1.ResultFail,
			msg: []string{`the manifest sets spec.replicas (2) while HorizontalPodAutoscaler "web" manages the replica count`, "remove spec.replicas"}},
		{name: "manifest leaves spec.replicas out", snap: availReplicas(managed(ptr(false), nil), nil), want: v1alpha1.ResultPass,
			msg: []string{`the manifest leaves spec.replicas to HorizontalPodAutoscaler "web"`}},

		// In the cluster: managedFields.
		{name: "only the autoscaler owns spec.replicas", snap: managed(nil, []FieldManager{hpaScale}), want: v1alpha1.ResultPass,
			msg: []string{"only the autoscaler (scale subresource)"}},
		{name: "any scale-subresource writer counts as the autoscaler",
			snap: managed(nil, []FieldManager{{Manager: "keda-operator", Operation: "Update", Subresource: "scale"}}), want: v1alpha1.ResultPass},
		{name: "nobody owns spec.replicas", snap: managed(nil, []FieldManager{}), want: v1alpha1.ResultPass,
			msg: []string{"no field manager owns spec.replicas"}},
		{name: "kubectl apply owns spec.replicas", snap: managed(nil, []FieldManager{kubectl}), want: v1alpha1.ResultFail,
			msg: []string{`spec.replicas is owned by field manager "kubectl" (Apply) besides HorizontalPodAutoscaler "web"`}},
		{name: "autoscaler and helm share spec.replicas", snap: managed(nil, []FieldManager{hpaScale, helm}), want: v1alpha1.ResultFail,
			msg: []string{`"helm" (Update)`}, notMsg: []string{"kube-controller-manager"}},
		{name: "two other managers", snap: managed(nil, []FieldManager{kubectl, helm}), want: v1alpha1.ResultFail,
			msg: []string{`field managers "kubectl" (Apply), "helm" (Update)`}},
		{name: "kube-controller-manager without the scale subresource is not the autoscaler",
			snap: managed(nil, []FieldManager{{Manager: "kube-controller-manager", Operation: "Update"}}), want: v1alpha1.ResultFail},

		{name: "ownership unknown", snap: managed(nil, nil), want: v1alpha1.ResultSkip,
			msg: []string{"undecidable: field ownership of spec.replicas is unknown"}},
		{name: "statefulset", snap: func() *Snapshot {
			s := availWithHPA(statefulSet(deploy(ctr("db"))), availHPA("db", ptr(int32(2)), 4, availTarget("apps/v1", "StatefulSet", "web")))
			s.Workload.ReplicasSetInManifest = ptr(true)
			return s
		}(), want: v1alpha1.ResultFail, msg: []string{`HorizontalPodAutoscaler "db"`}},
	})
}
