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

func init() { register(&probeLiveness) }

var probeLiveness = Check{
	Meta: Meta{
		ID:       "probe-liveness",
		Title:    "Containers have a liveness probe",
		Category: CategoryHealth,
		Requires: []Capability{CapLongRunning},
		Description: "Every container, native sidecars included, declares a `livenessProbe`. " +
			"Plain init containers run to completion before the pod starts and are not checked. " +
			"Skip when the pod template has no containers.",
		Rationale: "A process that deadlocks, leaks into a wedged state or loses its event loop keeps running: " +
			"without a liveness probe the kubelet never restarts it. A readiness probe only takes the pod " +
			"out of its Services, so capacity silently shrinks pod by pod until an operator notices.",
		Remediation: "Add a `livenessProbe` to every container that checks only that the process itself is alive, " +
			"not its dependencies, with a tolerant `failureThreshold`, e.g. " +
			"`livenessProbe: {httpGet: {path: /livez, port: http}, periodSeconds: 10, failureThreshold: 3}`.",
	},
	Run: runProbeLiveness,
}

func runProbeLiveness(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.Containers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	var f Findings
	for _, c := range containers {
		if c.LivenessProbe == nil {
			f.Add(c.Name, "%s has no livenessProbe", c.Describe())
		}
	}
	return f.Result("all %d %s have a livenessProbe", len(containers), plural(len(containers), "container"))
}
