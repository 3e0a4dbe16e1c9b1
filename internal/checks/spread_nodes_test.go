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

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// spreadTSC adds a topology spread constraint on key with a selector.
func spreadTSC(key string, sel *metav1.LabelSelector) func(*Snapshot) {
	return func(s *Snapshot) {
		spec := s.Workload.PodSpec()
		spec.TopologySpreadConstraints = append(spec.TopologySpreadConstraints, corev1.TopologySpreadConstraint{
			MaxSkew: 1, TopologyKey: key, WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: sel})
	}
}

// spreadAnti adds a pod anti-affinity term, required or preferred.
func spreadAnti(required bool, term corev1.PodAffinityTerm) func(*Snapshot) {
	return func(s *Snapshot) {
		spec := s.Workload.PodSpec()
		if spec.Affinity == nil {
			spec.Affinity = &corev1.Affinity{}
		}
		if spec.Affinity.PodAntiAffinity == nil {
			spec.Affinity.PodAntiAffinity = &corev1.PodAntiAffinity{}
		}
		a := spec.Affinity.PodAntiAffinity
		if required {
			a.RequiredDuringSchedulingIgnoredDuringExecution = append(a.RequiredDuringSchedulingIgnoredDuringExecution, term)
		} else {
			a.PreferredDuringSchedulingIgnoredDuringExecution = append(a.PreferredDuringSchedulingIgnoredDuringExecution,
				corev1.WeightedPodAffinityTerm{Weight: 100, PodAffinityTerm: term})
		}
	}
}

// spreadSnap applies spread mods to a snapshot.
func spreadSnap(s *Snapshot, mods ...func(*Snapshot)) *Snapshot {
	for _, m := range mods {
		m(s)
	}
	return s
}

func TestSpreadNodes(t *testing.T) {
	host := "kubernetes.io/hostname"
	web := availMatch("app", "web")
	term := func(key string, sel *metav1.LabelSelector) corev1.PodAffinityTerm {
		return corev1.PodAffinityTerm{TopologyKey: key, LabelSelector: sel}
	}
	inWeb := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"web"}}}}
	bogus := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Near"}}}
	runCases(t, &spreadNodes, []checkCase{
		{name: "topology spread on hostname", snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, web)), want: v1alpha1.ResultPass,
			msg: []string{"spread over nodes by topologySpreadConstraints[0]"}},
		{name: "required anti-affinity", snap: spreadSnap(deploy(ctr("api")), spreadAnti(true, term(host, web))), want: v1alpha1.ResultPass,
			msg: []string{"podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]"}},
		{name: "preferred anti-affinity", snap: spreadSnap(deploy(ctr("api")), spreadAnti(false, term(host, web))), want: v1alpha1.ResultPass,
			msg: []string{"podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]"}},
		{name: "topology spread alone is enough, no anti-affinity needed", snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, inWeb)),
			want: v1alpha1.ResultPass, notMsg: []string{"anti-affinity"}},
		{name: "nothing", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"no topologySpreadConstraint or podAntiAffinity term with topologyKey kubernetes.io/hostname selects the pods (labels {app: web})", "all 2 replicas may share one node"}},
		{name: "zone spread does not spread over nodes", snap: spreadSnap(deploy(ctr("api")), spreadTSC("topology.kubernetes.io/zone", web)),
			want: v1alpha1.ResultFail},
		{name: "constraint selecting other pods does not count", snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, availMatch("app", "db"))),
			want: v1alpha1.ResultFail, msg: []string{"topologySpreadConstraints[0] labelSelector app=db does not match the pod labels {app: web}, so it does not count"}},
		{name: "matchLabels are ANDed", snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, availMatch("app", "web", "tier", "db"))),
			want: v1alpha1.ResultFail, msg: []string{"does not match the pod labels"}},
		{name: "nil selector with matchLabelKeys does not count", snap: spreadSnap(deploy(ctr("api")), func(s *Snapshot) {
			spreadTSC(host, nil)(s)
			s.Workload.PodSpec().TopologySpreadConstraints[0].MatchLabelKeys = []string{"pod-template-hash"}
		}), want: v1alpha1.ResultFail, msg: []string{"topologySpreadConstraints[0] has no labelSelector"}},
		{name: "empty selector does not count", snap: spreadSnap(deploy(ctr("api")), spreadAnti(true, term(host, &metav1.LabelSelector{}))),
			want: v1alpha1.ResultFail, msg: []string{"has no labelSelector"}},
		{name: "invalid selector is ignored", snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, bogus)),
			want: v1alpha1.ResultFail, msg: []string{"invalid labelSelector"}},
		{name: "non-matching constraint noted beside a matching term",
			snap: spreadSnap(deploy(ctr("api")), spreadTSC(host, availMatch("app", "db")), spreadAnti(false, term(host, web))),
			want: v1alpha1.ResultPass, msg: []string{"preferredDuringSchedulingIgnoredDuringExecution[0]", "topologySpreadConstraints[0] labelSelector app=db does not match"}},
		{name: "anti-affinity in another namespace does not count",
			snap: spreadSnap(deploy(ctr("api")), spreadAnti(true, corev1.PodAffinityTerm{TopologyKey: host, LabelSelector: web, Namespaces: []string{"other"}})),
			want: v1alpha1.ResultFail, msg: []string{`lists namespaces "other", not the workload's namespace "shop"`}},
		{name: "anti-affinity listing its own namespace",
			snap: spreadSnap(deploy(ctr("api")), spreadAnti(true, corev1.PodAffinityTerm{TopologyKey: host, LabelSelector: web, Namespaces: []string{"other", "shop"}})),
			want: v1alpha1.ResultPass},
		{name: "anti-affinity with a namespaceSelector",
			snap: spreadSnap(deploy(ctr("api")), spreadAnti(true, corev1.PodAffinityTerm{TopologyKey: host, LabelSelector: web, Namespaces: []string{"other"}, NamespaceSelector: &metav1.LabelSelector{}})),
			want: v1alpha1.ResultPass},

		// Replicas.
		{name: "single replica", snap: availReplicas(deploy(ctr("api")), ptr(int32(1))), want: v1alpha1.ResultSkip,
			msg: []string{"1 effective replica (from spec.replicas): spreading over nodes needs at least 2"}},
		{name: "replicas unset", snap: availReplicas(deploy(ctr("api")), nil), want: v1alpha1.ResultSkip},
		{name: "HPA minReplicas 1 overrides spec.replicas 3",
			snap: availWithHPA(availReplicas(deploy(ctr("api")), ptr(int32(3))), availHPA("web", ptr(int32(1)), 6)), want: v1alpha1.ResultSkip,
			msg: []string{`HorizontalPodAutoscaler "web" minReplicas`}},
		{name: "HPA minReplicas 3 overrides spec.replicas 1",
			snap: availWithHPA(availReplicas(deploy(ctr("api")), ptr(int32(1))), availHPA("web", ptr(int32(3)), 6)), want: v1alpha1.ResultFail,
			msg: []string{"all 3 replicas"}},

		{name: "statefulset", snap: spreadSnap(statefulSet(deploy(ctr("db"))), spreadTSC(host, web)), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip, msg: []string{"DaemonSet"}},
	})
}
