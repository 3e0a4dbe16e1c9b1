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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestSpreadZones(t *testing.T) {
	zone := "topology.kubernetes.io/zone"
	web := availMatch("app", "web")
	runCases(t, &spreadZones, []checkCase{
		{name: "topology spread on zone", snap: spreadSnap(deploy(ctr("api")), spreadTSC(zone, web)), want: v1alpha1.ResultPass,
			msg: []string{"spread over zones by topologySpreadConstraints[0]"}, notMsg: []string{"deprecated"}},
		{name: "preferred anti-affinity on zone",
			snap: spreadSnap(deploy(ctr("api")), spreadAnti(false, corev1.PodAffinityTerm{TopologyKey: zone, LabelSelector: web})), want: v1alpha1.ResultPass},
		{name: "hostname spread does not spread over zones", snap: spreadSnap(deploy(ctr("api")), spreadTSC("kubernetes.io/hostname", web)),
			want: v1alpha1.ResultFail, msg: []string{"topologyKey topology.kubernetes.io/zone", "one zone"}},
		{name: "deprecated zone label counts with a note",
			snap: spreadSnap(deploy(ctr("api")), spreadTSC("failure-domain.beta.kubernetes.io/zone", web)), want: v1alpha1.ResultPass,
			msg: []string{"uses the deprecated node label failure-domain.beta.kubernetes.io/zone", "use topology.kubernetes.io/zone"}},
		{name: "selector not matching the pods", snap: spreadSnap(deploy(ctr("api")), spreadTSC(zone, availMatch("app", "api"))),
			want: v1alpha1.ResultFail, msg: []string{"does not match the pod labels {app: web}"}},
		{name: "single replica", snap: availReplicas(deploy(ctr("api")), ptr(int32(1))), want: v1alpha1.ResultSkip, msg: []string{"needs at least 2"}},
		{name: "HPA minReplicas 2", snap: availWithHPA(availReplicas(deploy(ctr("api")), nil), availHPA("web", ptr(int32(2)), 6)),
			want: v1alpha1.ResultFail},
		{name: "statefulset", snap: spreadSnap(statefulSet(deploy(ctr("db"))), spreadTSC(zone, web)), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultSkip},
	})
}
