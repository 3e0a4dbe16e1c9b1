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

func init() { register(&resourcesEphemeralStorage) }

var resourcesEphemeralStorage = Check{
	Meta: Meta{
		ID:       "resources-ephemeral-storage",
		Title:    "Containers request and limit ephemeral storage",
		Category: CategoryResources,
		Description: "Every container, native sidecar and init container sets a non-zero " +
			"`ephemeral-storage` request and limit. A request left unset next to a limit counts as " +
			"the limit, because the API server copies the limit into the pod's request. " +
			"Skip when the pod template has no containers.",
		Rationale: "Container logs, writable layers and emptyDir volumes share the node's disk. Without a " +
			"request the scheduler ignores a pod's disk needs and overcommits the node; without a " +
			"limit one pod filling the disk triggers node-pressure eviction of its neighbours. With " +
			"a limit the kubelet evicts only the pod that exceeds it.",
		Remediation: "Set both on every container: " +
			"`resources: {requests: {ephemeral-storage: 1Gi}, limits: {ephemeral-storage: 2Gi}}`.",
	},
	Run: runResourcesEphemeralStorage,
}

func runResourcesEphemeralStorage(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	const name = corev1.ResourceEphemeralStorage
	var f Findings
	for _, c := range containers {
		req, _, reqOK := resRequest(c.Container, name)
		lim, limOK := c.Resources.Limits[name]
		if !reqOK && !limOK {
			f.Add(c.Name, "%s has no ephemeral-storage request or limit; set resources.requests.ephemeral-storage and resources.limits.ephemeral-storage",
				c.Describe())
			continue
		}
		var problems resProblems
		problems.check(req, reqOK, name, "request")
		problems.check(lim, limOK, name, "limit")
		problems.report(&f, c)
	}
	return f.Result("%s requests and limits ephemeral-storage", everyOne(len(containers), "container"))
}
