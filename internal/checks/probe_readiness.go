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

func init() { register(&probeReadiness) }

var probeReadiness = Check{
	Meta: Meta{
		ID:       "probe-readiness",
		Title:    "Containers have a readiness probe",
		Category: CategoryHealth,
		Requires: []Capability{CapLongRunning},
		Description: "Every container, native sidecars included, declares a `readinessProbe`. " +
			"Plain init containers run to completion before the pod starts and are not checked.",
		Rationale: "Without a readiness probe a pod receives traffic the moment its process starts, " +
			"before it can serve, and keeps receiving it while it is overloaded or shutting down. " +
			"Rolling updates also count such pods as available at once, so a broken release " +
			"replaces a working one without the Deployment ever noticing.",
		Remediation: "Add a `readinessProbe` (httpGet, tcpSocket, grpc or exec) to every container that " +
			"checks the container can serve requests, e.g. an HTTP `/readyz` endpoint.",
	},
	Run: runProbeReadiness,
}

func runProbeReadiness(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.Containers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	var f Findings
	for _, c := range containers {
		if c.ReadinessProbe == nil {
			f.Add(c.Name, "%s has no readinessProbe", c.Describe())
		}
	}
	return f.Result("%s has a readinessProbe", everyOne(len(containers), "container"))
}
