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

// Helpers shared by the probe checks (probe-liveness-distinct, probe-ports-exist): how a probe's
// port resolves against its container's declared ports, as the kubelet resolves it. Service
// target ports resolve differently (by protocol too, no numeric names): see matchContainerPort.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// portUnset reports whether an IntOrString port is empty: 0 or "".
func portUnset(port intstr.IntOrString) bool {
	if port.Type == intstr.String {
		return port.StrVal == ""
	}
	return port.IntVal == 0
}

// validPortNumber reports whether n is a TCP/UDP port number (1–65535).
func validPortNumber(n int64) bool { return n >= 1 && n <= 65535 }

// numericPortString returns the number held by a string port made only of digits ("8080").
// The API server rejects such values for probes and Service targetPorts (a name must contain a
// letter), but the kubelet falls back to reading them as numbers, so the helpers do too.
func numericPortString(s string) (int32, bool) {
	if s == "" {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || !validPortNumber(n) {
		return 0, false
	}
	return int32(n), true
}

// containerDeclaresPort reports whether a container declares a probe port in its `ports` list:
// a named port (string) must equal some ports[].name, a numbered port some ports[].containerPort
// (declaresTarget). A string made only of digits that names no port is compared as a number, as
// the kubelet does. The protocol is not compared. A nil container, or an unset port (0 or ""),
// declares nothing.
func containerDeclaresPort(c *corev1.Container, port intstr.IntOrString) bool {
	if c == nil || portUnset(port) {
		return false
	}
	for i := range c.Ports {
		if declaresTarget(&c.Ports[i], port) {
			return true
		}
	}
	if port.Type != intstr.String {
		return false
	}
	n, ok := numericPortString(port.StrVal)
	return ok && containerDeclaresPort(c, intstr.FromInt32(n))
}

// containerPortNumber resolves a port to its number: a name through the container's ports, a
// number as is (declared or not). ok is false when the port is unset, out of range, or a name
// the container does not declare.
func containerPortNumber(c *corev1.Container, port intstr.IntOrString) (int32, bool) {
	if portUnset(port) {
		return 0, false
	}
	if port.Type != intstr.String {
		return port.IntVal, validPortNumber(int64(port.IntVal))
	}
	if c != nil {
		for i := range c.Ports {
			if declaresTarget(&c.Ports[i], port) {
				return c.Ports[i].ContainerPort, true
			}
		}
	}
	return numericPortString(port.StrVal)
}

// containerProbe is one probe of a container with the field that holds it.
type containerProbe struct {
	// Field is readinessProbe, livenessProbe or startupProbe.
	Field string
	Probe *corev1.Probe
}

// containerProbes lists a container's probes that are set, in the order readiness, liveness,
// startup.
func containerProbes(c *corev1.Container) []containerProbe {
	var out []containerProbe
	for _, p := range []containerProbe{
		{Field: "readinessProbe", Probe: c.ReadinessProbe},
		{Field: "livenessProbe", Probe: c.LivenessProbe},
		{Field: "startupProbe", Probe: c.StartupProbe},
	} {
		if p.Probe != nil {
			out = append(out, p)
		}
	}
	return out
}

// sameProbeHandler reports whether two probes of a container perform the same action, ignoring
// timings (initialDelaySeconds, periodSeconds, thresholds…). Defaults are applied before comparing
// (scheme HTTP, path "/", gRPC service ""), a named port is compared by the number it resolves
// to in the container, and HTTP headers are compared regardless of order and name case. A probe
// with no handler is never the same as another.
func sameProbeHandler(c *corev1.Container, a, b *corev1.Probe) bool {
	ka, kb := probeHandlerKey(c, a), probeHandlerKey(c, b)
	return ka != "" && ka == kb
}

// probeHandlerKey is a canonical text of a probe's handler, "" when it has none.
func probeHandlerKey(c *corev1.Container, p *corev1.Probe) string {
	if p == nil {
		return ""
	}
	var parts []string
	h := &p.ProbeHandler
	if h.Exec != nil {
		parts = append(parts, "exec "+strings.Join(quoteAll(h.Exec.Command), " "))
	}
	if g := h.HTTPGet; g != nil {
		scheme := string(g.Scheme)
		if scheme == "" {
			scheme = string(corev1.URISchemeHTTP)
		}
		path := g.Path
		if path == "" {
			path = "/"
		}
		proto := corev1.HTTPProtocolHTTP1
		if g.Protocol != nil && *g.Protocol != "" {
			proto = *g.Protocol
		}
		headers := make([]string, len(g.HTTPHeaders))
		for i, hd := range g.HTTPHeaders {
			headers[i] = strconv.Quote(strings.ToLower(hd.Name)) + ":" + strconv.Quote(hd.Value)
		}
		sort.Strings(headers)
		parts = append(parts, fmt.Sprintf("httpGet %s %q %s %q %s [%s]", strings.ToUpper(scheme), g.Host,
			probePortKey(c, g.Port), path, proto, strings.Join(headers, ",")))
	}
	if t := h.TCPSocket; t != nil {
		parts = append(parts, fmt.Sprintf("tcpSocket %q %s", t.Host, probePortKey(c, t.Port)))
	}
	if g := h.GRPC; g != nil {
		service := ""
		if g.Service != nil {
			service = *g.Service
		}
		mode := corev1.GRPCProbeModePlaintext
		if g.Mode != nil && *g.Mode != "" {
			mode = *g.Mode
		}
		parts = append(parts, fmt.Sprintf("grpc %d %q %s", g.Port, service, mode))
	}
	return strings.Join(parts, "|")
}

// probePortKey is the resolved number of a port, or its name when it does not resolve.
func probePortKey(c *corev1.Container, port intstr.IntOrString) string {
	if n, ok := containerPortNumber(c, port); ok {
		return strconv.Itoa(int(n))
	}
	return "name:" + port.String()
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}

// describeProbeHandler names a probe's handler for messages without repeating anything that
// could be a credential: no HTTP headers, no query string, no exec arguments.
func describeProbeHandler(p *corev1.Probe) string {
	h := &p.ProbeHandler
	switch {
	case h.HTTPGet != nil:
		path, _, _ := strings.Cut(h.HTTPGet.Path, "?")
		if path == "" {
			path = "/"
		}
		return fmt.Sprintf("httpGet %s on port %s", path, h.HTTPGet.Port.String())
	case h.TCPSocket != nil:
		return fmt.Sprintf("tcpSocket on port %s", h.TCPSocket.Port.String())
	case h.GRPC != nil:
		return fmt.Sprintf("grpc on port %d", h.GRPC.Port)
	case h.Exec != nil && len(h.Exec.Command) > 0:
		return fmt.Sprintf("exec %q", h.Exec.Command[0])
	case h.Exec != nil:
		return "exec"
	}
	return "no handler"
}
