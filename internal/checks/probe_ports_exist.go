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
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func init() { register(&probePortsExist) }

var probePortsExist = Check{
	Meta: Meta{
		ID:       "probe-ports-exist",
		Title:    "Probe ports are declared by their containers",
		Category: CategoryHealth,
		Requires: []Capability{CapLongRunning},
		Description: "Every httpGet, tcpSocket and grpc port of a readiness, liveness or startup probe of a container " +
			"(native sidecars included) is declared in that container's `ports`: a named port by `name`, a " +
			"numbered one by `containerPort`, with protocol TCP (unset means TCP: the kubelet's httpGet, " +
			"tcpSocket and grpc probes connect over TCP, so a port declared only for UDP or SCTP fails). A port that is unset (0 or empty) or outside 1–65535 is a violation. " +
			"A numbered httpGet or tcpSocket port of a probe that sets `host` targets another host and need not " +
			"be declared; a named one must still resolve. exec probes are not checked. Skip when no container " +
			"has an httpGet, tcpSocket or grpc probe.",
		Rationale: "A probe on a port name the container does not declare can never succeed: the kubelet cannot " +
			"resolve it, so the pod never becomes ready or is restarted in a loop. A numbered port that is not " +
			"declared usually means the probe and the server drifted apart (the app moved to another port), and " +
			"it hides the port from Services, network policies and readers of the manifest.",
		Remediation: "Declare the port the probe uses in the container's `ports`, e.g. " +
			"`ports: [{name: http, containerPort: 8080}]` with `readinessProbe: {httpGet: {path: /readyz, port: http}}`, " +
			"or fix the probe's port to one the container declares.",
	},
	Run: runProbePortsExist,
}

func runProbePortsExist(s *Snapshot, _ Params) Outcome {
	var f Findings
	checked := 0
	for _, c := range s.Workload.Containers() {
		for _, p := range containerProbes(c.Container) {
			h := &p.Probe.ProbeHandler
			if h.HTTPGet != nil {
				checked++
				checkProbePort(&f, c, p.Field+".httpGet.port", h.HTTPGet.Port, h.HTTPGet.Host != "")
			}
			if h.TCPSocket != nil {
				checked++
				checkProbePort(&f, c, p.Field+".tcpSocket.port", h.TCPSocket.Port, h.TCPSocket.Host != "")
			}
			if h.GRPC != nil {
				checked++
				checkProbePort(&f, c, p.Field+".grpc.port", intstr.FromInt32(h.GRPC.Port), false)
			}
		}
	}
	if checked == 0 {
		return Skip("no container has an httpGet, tcpSocket or grpc probe")
	}
	if checked == 1 {
		return f.Result("the probe port is declared by its container")
	}
	return f.Result("all %d probe ports are declared by their containers", checked)
}

// checkProbePort records a violation when a probe's port is invalid or not declared by the
// container. otherHost is set when the probe targets a host other than the pod.
func checkProbePort(f *Findings, c Container, field string, port intstr.IntOrString, otherHost bool) {
	switch {
	case portUnset(port):
		f.Add(c.Name, "%s %s is not set; set it to a port the container listens on", c.Describe(), field)
	case port.Type == intstr.String && !containerDeclaresPort(c.Container, port):
		f.Add(c.Name, "%s %s %q names no port of the container, so the probe can never succeed; "+
			"add it to ports (name: %s) or use the port number", c.Describe(), field, port.StrVal, port.StrVal)
	case port.Type == intstr.String:
		notTCP(f, c, field, port)
	case !validPortNumber(int64(port.IntVal)):
		f.Add(c.Name, "%s %s %d is not a valid port (1-65535)", c.Describe(), field, port.IntVal)
	case otherHost:
		// The probe targets another host: the container need not declare the port.
	case !containerDeclaresPort(c.Container, port):
		f.Add(c.Name, "%s %s %d is not declared by the container; declare it in ports (containerPort: %d)",
			c.Describe(), field, port.IntVal, port.IntVal)
	default:
		notTCP(f, c, field, port)
	}
}

// notTCP records a violation when the container declares a probe's port only for a protocol
// other than TCP.
func notTCP(f *Findings, c Container, field string, port intstr.IntOrString) {
	if proto, ok := probePortNotTCP(c.Container, port); ok {
		f.Add(c.Name, "%s %s %s is declared with protocol %s, but the probe connects over TCP; "+
			"probe a TCP port, or declare the port for TCP too", c.Describe(), field, port.String(), proto)
	}
}

// probePortNotTCP reports the protocol of a probe port the container declares only for another
// protocol than TCP (httpGet, tcpSocket and grpc probes connect over TCP; unset means TCP).
func probePortNotTCP(c *corev1.Container, port intstr.IntOrString) (corev1.Protocol, bool) {
	var other corev1.Protocol
	for _, try := range []intstr.IntOrString{port, numericPort(port)} {
		if portUnset(try) {
			continue
		}
		for i := range c.Ports {
			if !declaresTarget(&c.Ports[i], try) {
				continue
			}
			if proto := portProtocol(c.Ports[i].Protocol); proto == corev1.ProtocolTCP {
				return "", false
			} else if other == "" {
				other = proto
			}
		}
		if other != "" {
			return other, true
		}
	}
	return "", false
}

// numericPort is a string port made only of digits as a number (the kubelet's fallback), else
// an unset port.
func numericPort(port intstr.IntOrString) intstr.IntOrString {
	if port.Type == intstr.String {
		if n, ok := numericPortString(port.StrVal); ok {
			return intstr.FromInt32(n)
		}
	}
	return intstr.IntOrString{}
}
