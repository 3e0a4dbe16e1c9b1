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

import corev1 "k8s.io/api/core/v1"

func init() { register(&probeLivenessDistinct) }

var probeLivenessDistinct = Check{
	Meta: Meta{
		ID:       "probe-liveness-distinct",
		Title:    "Liveness probes differ from readiness probes",
		Category: CategoryHealth,
		Requires: []Capability{CapLongRunning},
		Description: "For every container (native sidecars included) that has both a `livenessProbe` and a " +
			"`readinessProbe`, the two probes do not run the same action: not the same exec command, not the " +
			"same httpGet (scheme, host, port, path and headers), not the same tcpSocket port, not the same grpc " +
			"port and service. Only the handler is compared: probes that differ only in timings " +
			"(initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold) are still the same probe. " +
			"Defaults are applied first (path `/`, scheme HTTP) and a named port is compared by the number it " +
			"names. Containers missing either probe are left to probe-liveness and probe-readiness; Skip when no " +
			"container has both.",
		Rationale: "Readiness answers \"can I take traffic now?\" and liveness \"is the process wedged beyond " +
			"repair?\". When both hit the same endpoint, a pod that is merely busy or whose database is slow fails " +
			"liveness too and is restarted, which moves its load onto the remaining pods, which then fail in turn: " +
			"an overload becomes a restart storm. Liveness should check only that the process is alive (e.g. " +
			"`/livez`), while readiness checks that its dependencies are usable.",
		Remediation: "Point the `livenessProbe` at a cheap endpoint that only proves the process responds, e.g. " +
			"`livenessProbe: {httpGet: {path: /livez, port: http}}` next to " +
			"`readinessProbe: {httpGet: {path: /readyz, port: http}}`; keep dependency checks in the readiness " +
			"endpoint only.",
	},
	Run: runProbeLivenessDistinct,
}

func runProbeLivenessDistinct(s *Snapshot, _ Params) Outcome {
	var f Findings
	compared := 0
	for _, c := range s.Workload.Containers() {
		if c.LivenessProbe == nil || c.ReadinessProbe == nil {
			continue
		}
		compared++
		if sameProbeHandler(c.Container, c.LivenessProbe, c.ReadinessProbe) {
			f.Add(c.Name, "%s livenessProbe runs the same %s as its readinessProbe; make liveness check only that "+
				"the process is alive, %s", c.Describe(), describeProbeHandler(c.LivenessProbe), livenessHint(c.LivenessProbe))
		}
	}
	if compared == 0 {
		return Skip("no container has both a liveness and a readiness probe")
	}
	if compared == 1 {
		return f.Result("the container's liveness and readiness probes differ")
	}
	return f.Result("the liveness and readiness probes of all %d containers differ", compared)
}

// livenessHint suggests a liveness probe of the same kind as the one found: an HTTP path only
// for httpGet probes.
func livenessHint(p *corev1.Probe) string {
	h := &p.ProbeHandler
	switch {
	case h.HTTPGet != nil:
		return "e.g. httpGet path /livez"
	case h.GRPC != nil:
		return "e.g. a grpc probe with service set to a liveness-only health service name"
	case h.Exec != nil:
		return "e.g. an exec command that checks only the process, not its dependencies"
	case h.TCPSocket != nil:
		return "e.g. a tcpSocket probe on the listening port while readiness checks dependencies over httpGet"
	}
	return "with a cheaper check than readiness"
}
