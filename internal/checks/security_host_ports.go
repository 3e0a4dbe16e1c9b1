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
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&securityHostPorts) }

var securityHostPorts = Check{
	Meta: Meta{
		ID:       "security-host-ports",
		Title:    "Containers bind no host ports",
		Category: CategorySecurity,
		Description: "No container, native sidecars and init containers included, declares a port with a " +
			"non-zero `hostPort`. With `spec.hostNetwork: true` every declared container port is a host " +
			"port (Kubernetes defaults `hostPort` to `containerPort`), so each is reported too, whether or " +
			"not the manifest spells `hostPort` out. Skip when the pod template has no containers.",
		Rationale: "A hostPort opens the port on the node's own address, outside Services and usually " +
			"outside NetworkPolicies, exposing the container to anything that can reach the node. Only one " +
			"pod per node can hold a given host port, so replicas beyond the node count stay Pending and " +
			"rolling updates can deadlock.",
		Remediation: "Remove `hostPort` from `ports[]` (and `hostNetwork` from the pod) and expose the container " +
			"through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress/Gateway.",
	},
	Run: runSecurityHostPorts,
}

func runSecurityHostPorts(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	hostNetwork := s.Workload.PodSpec().HostNetwork
	var f Findings
	for _, c := range containers {
		for _, port := range c.Ports {
			switch {
			case hostNetwork:
				f.Add(c.Name, "%s port %s is bound on the node because the pod sets hostNetwork: true; "+
					"remove spec.hostNetwork and expose it through a Service", c.Describe(), hostPortName(port))
			case port.HostPort != 0:
				f.Add(c.Name, "%s port %s sets hostPort %d; remove ports[].hostPort and expose it through a Service",
					c.Describe(), hostPortName(port), port.HostPort)
			}
		}
	}
	return f.Result("no container binds a host port")
}

// hostPortName names a container port for messages: `"http" (8080/TCP)` or `8080/TCP`.
func hostPortName(p corev1.ContainerPort) string {
	number := fmt.Sprintf("%d/%s", p.ContainerPort, portProtocol(p.Protocol))
	if p.Name != "" {
		return fmt.Sprintf("%q (%s)", p.Name, number)
	}
	return number
}
