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

func init() { register(&spreadZones) }

var spreadZones = Check{
	Meta: Meta{
		ID:       "spread-zones",
		Title:    "Pods are spread across zones",
		Category: CategoryAvailability,
		Description: "The pod template has a `topologySpreadConstraints` entry or a pod anti-affinity term " +
			"(required or preferred) with `topologyKey: topology.kubernetes.io/zone` whose `labelSelector` matches the " +
			"pod template's own labels. Either one is enough. A constraint or term whose selector does " +
			"not match the pods, or that has no selector, does not count and is named in the message. " +
			"The deprecated key `failure-domain.beta.kubernetes.io/zone` counts, with a note. " +
			"Skip for DaemonSets and below 2 effective replicas.",
		Rationale: "Replicas in a single availability zone all go down with it: zone outages, network " +
			"partitions and zonal maintenance are rare but take out every pod at once. Spreading over " +
			"zones keeps part of the workload serving while the zone recovers.",
		Remediation: "Add a topology spread constraint over zones, e.g. " +
			"`topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, " +
			"whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}]`, or a " +
			"preferred podAntiAffinity term with that topologyKey and a selector matching the pod labels.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"HorizontalPodAutoscaler"},
	},
	Run: runSpreadZones,
}

func runSpreadZones(s *Snapshot, _ Params) Outcome {
	return s.spreadOutcome("zone", topologyZone, topologyZoneDeprecated)
}
