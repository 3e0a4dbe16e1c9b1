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

// Helpers shared by the network, rollout and observability checks: how a Service port reaches
// a container, and which monitors apply to the workload's namespace.

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// portProtocol is a port's protocol with the API default (TCP) applied.
func portProtocol(p corev1.Protocol) corev1.Protocol {
	if p == "" {
		return corev1.ProtocolTCP
	}
	return p
}

// serviceTargetPort is a Service port's targetPort with the API default applied: unset (0 or
// "") means the same number as port.
func serviceTargetPort(sp *corev1.ServicePort) intstr.IntOrString {
	t := sp.TargetPort
	if (t.Type == intstr.Int && t.IntVal == 0) || (t.Type == intstr.String && t.StrVal == "") {
		return intstr.FromInt32(sp.Port)
	}
	return t
}

// describeServicePort names a Service port for messages: `port "http" (80/TCP)` or `port 80/TCP`.
func describeServicePort(sp *corev1.ServicePort) string {
	if sp.Name != "" {
		return fmt.Sprintf("port %q (%d/%s)", sp.Name, sp.Port, portProtocol(sp.Protocol))
	}
	return fmt.Sprintf("port %d/%s", sp.Port, portProtocol(sp.Protocol))
}

// declaredPortMatch is how a target port resolved against one container's ports.
type declaredPortMatch int

const (
	portNotDeclared declaredPortMatch = iota
	// portOtherProtocol: the number or name is declared, but with another protocol.
	portOtherProtocol
	portDeclared
)

// declaresTarget reports whether a declared container port is the one a target port names: a
// name must equal the port's name (an unnamed port matches no name), a number its
// containerPort. The protocol is not compared.
func declaresTarget(p *corev1.ContainerPort, target intstr.IntOrString) bool {
	if target.Type == intstr.String {
		return p.Name != "" && p.Name == target.StrVal
	}
	return p.ContainerPort == target.IntVal
}

// matchContainerPort resolves a Service target port (number or name) against a container's
// declared ports as the endpoints controller does: a name must match a port's name and a
// number its containerPort, and in both cases the protocol (unset = TCP) must be the same.
func matchContainerPort(c *corev1.Container, target intstr.IntOrString, proto corev1.Protocol) declaredPortMatch {
	best := portNotDeclared
	proto = portProtocol(proto)
	for i := range c.Ports {
		p := &c.Ports[i]
		if !declaresTarget(p, target) {
			continue
		}
		if portProtocol(p.Protocol) == proto {
			return portDeclared
		}
		best = portOtherProtocol
	}
	return best
}

// serviceTargetsContainer reports whether any port of a Service reaches a declared port of a
// container.
func serviceTargetsContainer(svc *corev1.Service, c *corev1.Container) bool {
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		if matchContainerPort(c, serviceTargetPort(sp), sp.Protocol) == portDeclared {
			return true
		}
	}
	return false
}

// labelSetText renders a label set as {a: b, c: d} in key order, {} when empty: the one
// rendering of label sets in every message.
func labelSetText(set map[string]string) string {
	keys := sortedKeys(set)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + set[k]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// netDescribeTarget renders a target port for messages: `port 8080` or `port "http"`.
func netDescribeTarget(t intstr.IntOrString) string {
	if t.Type == intstr.String {
		return fmt.Sprintf("port %q", t.StrVal)
	}
	return fmt.Sprintf("port %d", t.IntVal)
}
