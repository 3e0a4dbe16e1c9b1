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

func init() { register(&probeStartup) }

var probeStartup = Check{
	Meta: Meta{
		ID:       "probe-startup",
		Title:    "Slow starters use a startup probe",
		Category: CategoryHealth,
		Requires: []Capability{CapLongRunning},
		Description: "Every container (native sidecars included) whose `livenessProbe.initialDelaySeconds` is at " +
			"least param `initialDelaySeconds` also has a `startupProbe`. Containers with a short or no initial " +
			"delay pass. Skip when no container has a liveness probe.",
		Rationale: "A long liveness initialDelaySeconds is a guess at the worst start-up time: when a start is slower " +
			"(cold cache, slow node, migration) the kubelet kills the container mid-start and it never comes up, and " +
			"when it is faster, a container that hangs early goes undetected for the whole delay. A startupProbe " +
			"holds liveness off only until the container has actually started, then hands over at once.",
		Remediation: "Add a `startupProbe` on the same endpoint whose `failureThreshold` × `periodSeconds` covers the " +
			"slowest start-up, and drop the long delay from the liveness probe, e.g. " +
			"`startupProbe: {httpGet: {path: /livez, port: http}, periodSeconds: 5, failureThreshold: 60}`.",
		Params: []ParamSpec{{
			Name:        "initialDelaySeconds",
			Type:        ParamInt,
			Default:     "30",
			Description: "a livenessProbe.initialDelaySeconds at or above this marks a slow starter that needs a startupProbe",
			Min:         Int64(1),
		}},
	},
	Run: runProbeStartup,
}

func runProbeStartup(s *Snapshot, p Params) Outcome {
	limit := p.Int("initialDelaySeconds")
	var f Findings
	probed := 0
	for _, c := range s.Workload.Containers() {
		if c.LivenessProbe == nil {
			continue
		}
		probed++
		delay := int64(c.LivenessProbe.InitialDelaySeconds)
		if delay >= limit && c.StartupProbe == nil {
			f.Add(c.Name, "%s has livenessProbe.initialDelaySeconds %d (>= %d) and no startupProbe; use a startupProbe "+
				"with failureThreshold×periodSeconds covering the start-up time", c.Describe(), delay, limit)
		}
	}
	if probed == 0 {
		return Skip("no container has a livenessProbe")
	}
	return f.Result("no container delays its livenessProbe by %ds or more without a startupProbe", limit)
}
