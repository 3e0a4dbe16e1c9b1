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

// hostPortsPort adds a port to a container.
func hostPortsPort(name string, containerPort, hostPort int32, proto corev1.Protocol) func(*corev1.Container) {
	return func(c *corev1.Container) {
		c.Ports = append(c.Ports, corev1.ContainerPort{Name: name, ContainerPort: containerPort, HostPort: hostPort, Protocol: proto})
	}
}

func TestSecurityHostPorts(t *testing.T) {
	hostNetwork := func(s *Snapshot) *Snapshot { return secSpec(s, func(p *corev1.PodSpec) { p.HostNetwork = true }) }
	runCases(t, &securityHostPorts, []checkCase{
		{name: "no ports", snap: deploy(ctr("api")), want: v1alpha1.ResultPass, msg: []string{"no container binds a host port"}},
		{name: "container ports only", snap: deploy(ctr("api", hostPortsPort("http", 8080, 0, ""))), want: v1alpha1.ResultPass},
		{name: "hostPort set", snap: deploy(ctr("api", hostPortsPort("http", 8080, 80, ""), hostPortsPort("", 9090, 0, ""))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" port "http" (8080/TCP) sets hostPort 80`, "remove ports[].hostPort"}, notMsg: []string{"9090"}},
		{name: "unnamed UDP port", snap: deploy(ctr("dns", hostPortsPort("", 53, 53, corev1.ProtocolUDP))), want: v1alpha1.ResultFail,
			msg: []string{"port 53/UDP sets hostPort 53"}},
		{name: "hostNetwork makes every port a host port", snap: hostNetwork(deploy(ctr("agent", hostPortsPort("metrics", 9100, 0, "")))), want: v1alpha1.ResultFail,
			msg: []string{`container "agent" port "metrics" (9100/TCP) is bound on the node because the pod sets hostNetwork: true`}},
		{name: "hostNetwork without ports", snap: hostNetwork(deploy(ctr("agent"))), want: v1alpha1.ResultPass},
		{name: "plain init container", snap: withInit(deploy(ctr("api")), ctr("probe", hostPortsPort("", 8081, 8081, ""))), want: v1alpha1.ResultFail,
			msg: []string{`init container "probe" port 8081/TCP`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api")), ctr("proxy", asSidecar, hostPortsPort("admin", 15000, 15000, ""))), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" port "admin" (15000/TCP)`}, notMsg: []string{`container "api"`}},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", hostPortsPort("", 9100, 9100, "")))), want: v1alpha1.ResultFail},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", hostPortsPort("pg", 5432, 0, "")))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}
