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
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestProbeStartup(t *testing.T) {
	liveAfter := func(delay int32) func(*corev1.Container) {
		p := pbHTTP("/livez", intstr.FromString("http"))
		p.InitialDelaySeconds = delay
		return pbLive(p)
	}
	startup := pbStart(pbHTTP("/livez", intstr.FromString("http")))
	runCases(t, &probeStartup, []checkCase{
		{name: "long delay without startup probe", snap: deploy(ctr("api", liveAfter(60))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has livenessProbe.initialDelaySeconds 60 (>= 30) and no startupProbe`, "failureThreshold×periodSeconds"}},
		{name: "long delay with a startup probe", snap: deploy(ctr("api", liveAfter(60), startup)), want: v1alpha1.ResultPass},
		{name: "delay at the threshold", snap: deploy(ctr("api", liveAfter(30))), want: v1alpha1.ResultFail, msg: []string{"initialDelaySeconds 30"}},
		{name: "delay below the threshold", snap: deploy(ctr("api", liveAfter(29))), want: v1alpha1.ResultPass, msg: []string{"30s or more"}},
		{name: "no delay", snap: deploy(ctr("api", liveAfter(0))), want: v1alpha1.ResultPass},
		{name: "param raises the threshold", snap: deploy(ctr("api", liveAfter(60))), params: map[string]string{"initialDelaySeconds": "120"},
			want: v1alpha1.ResultPass, msg: []string{"120s"}},
		{name: "param lowers the threshold", snap: deploy(ctr("api", liveAfter(15))), params: map[string]string{"initialDelaySeconds": "10"},
			want: v1alpha1.ResultFail, msg: []string{"initialDelaySeconds 15 (>= 10)"}},
		{name: "only the slow container is reported", snap: deploy(ctr("api", liveAfter(5)), ctr("indexer", liveAfter(90))), want: v1alpha1.ResultFail,
			msg: []string{`container "indexer"`}, notMsg: []string{`container "api"`}},
		{name: "container without liveness is ignored", snap: deploy(ctr("api", liveAfter(5)), ctr("worker")), want: v1alpha1.ResultPass},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", liveAfter(5))), ctr("proxy", asSidecar, liveAfter(45))), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy"`}},
		{name: "no liveness probe anywhere", snap: deploy(ctr("api", pbReady(pbHTTP("/readyz", intstr.FromInt32(8080))))), want: v1alpha1.ResultSkip,
			msg: []string{"no container has a livenessProbe"}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", liveAfter(120)))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", liveAfter(10)))), want: v1alpha1.ResultPass},
	})
}

func TestProbeStartupParamBounds(t *testing.T) {
	if _, errs := ParseParams(&probeStartup.Meta, Params{}, map[string]string{"initialDelaySeconds": "0"}); len(errs) == 0 {
		t.Errorf("initialDelaySeconds 0 accepted, want an error (min 1)")
	}
}
