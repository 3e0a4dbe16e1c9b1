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

func init() { register(&spreadNodes) }

var spreadNodes = Check{
	Meta: Meta{
		ID:       "spread-nodes",
		Title:    "Pods are spread across nodes",
		Category: CategoryAvailability,
		Description: "The pod template has a `topologySpreadConstraints` entry or a pod anti-affinity term " +
			"(required or preferred) with `topologyKey: kubernetes.io/hostname` whose `labelSelector` matches the " +
			"pod template's own labels. Either one is enough. A constraint or term whose selector does " +
			"not match the pods, or that has no selector, does not count and is named in the message. " +
			"Skip for DaemonSets and below 2 effective replicas.",
		Rationale: "Without a spread rule the scheduler may place every replica on the same node: the " +
			"replicas then give no protection against the most common failure, a node going down or " +
			"being drained, and a single kernel panic or spot reclaim takes the whole workload out.",
		Remediation: "Add a topology spread constraint over nodes, e.g. " +
			"`topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, " +
			"whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}]`, or a " +
			"preferred podAntiAffinity term with that topologyKey and a selector matching the pod labels.",
		Requires: []Capability{CapReplicas},
		Needs:    []string{"HorizontalPodAutoscaler"},
	},
	Run: runSpreadNodes,
}

func runSpreadNodes(s *Snapshot, _ Params) Outcome {
	return s.spreadOutcome("node", topologyHostname, "")
}
