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

// Probe builders shared by the probe-* tests (prefix pb to avoid collisions).

// pbHTTP is an httpGet probe on a path and port (int or string).
func pbHTTP(path string, port intstr.IntOrString) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: port}}}
}

// pbTCP is a tcpSocket probe.
func pbTCP(port intstr.IntOrString) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: port}}}
}

// pbGRPC is a grpc probe.
func pbGRPC(port int32) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: port}}}
}

// pbExec is an exec probe.
func pbExec(cmd ...string) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: cmd}}}
}

func pbLive(p *corev1.Probe) func(*corev1.Container) {
	return func(c *corev1.Container) { c.LivenessProbe = p }
}

func pbReady(p *corev1.Probe) func(*corev1.Container) {
	return func(c *corev1.Container) { c.ReadinessProbe = p }
}

func pbStart(p *corev1.Probe) func(*corev1.Container) {
	return func(c *corev1.Container) { c.StartupProbe = p }
}

// pbPort declares a container port; an empty name declares an unnamed one.
func pbPort(name string, n int32) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Ports = append(c.Ports, corev1.ContainerPort{Name: name, ContainerPort: n})
	}
}

func TestProbeLiveness(t *testing.T) {
	live := pbLive(pbHTTP("/livez", intstr.FromInt32(8080)))
	runCases(t, &probeLiveness, []checkCase{
		{name: "every container has one", snap: deploy(ctr("api", live), ctr("worker", live)), want: v1alpha1.ResultPass,
			msg: []string{"all 2 containers have a livenessProbe"}},
		{name: "one container lacks it", snap: deploy(ctr("api", live), ctr("worker")), want: v1alpha1.ResultFail,
			msg: []string{`container "worker" has no livenessProbe`}, notMsg: []string{`"api"`}},
		{name: "native sidecar lacks it", snap: withInit(deploy(ctr("api", live)), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" has no livenessProbe`}},
		{name: "native sidecar has one", snap: withInit(deploy(ctr("api", live)), ctr("proxy", asSidecar, live)), want: v1alpha1.ResultPass},
		{name: "plain init container is not checked", snap: withInit(deploy(ctr("api", live)), ctr("migrate")), want: v1alpha1.ResultPass},
		{name: "readiness alone is not enough", snap: deploy(ctr("api", pbReady(pbHTTP("/readyz", intstr.FromInt32(8080))))),
			want: v1alpha1.ResultFail, msg: []string{`container "api"`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail, msg: []string{`container "db"`}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", live))), want: v1alpha1.ResultPass},
	})
}

func TestProbeLivenessContainerExemption(t *testing.T) {
	live := pbLive(pbExec("/bin/healthy"))
	s := withInit(deploy(ctr("api", live)), ctr("proxy", asSidecar))
	got := evalCheck(t, &probeLiveness, s, nil, v1alpha1.Exemption{Checks: []string{"probe-liveness"}, Containers: []string{"proxy"}, Reason: "mesh sidecar"})
	wantPassExempted(t, got, "proxy")
}
