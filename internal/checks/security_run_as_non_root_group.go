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
	"fmt"
	"slices"
)

func init() { register(&securityRunAsNonRootGroup) }

var securityRunAsNonRootGroup = Check{
	Meta: Meta{
		ID:       "security-run-as-non-root-group",
		Title:    "Containers do not run with the root group",
		Category: CategorySecurity,
		Description: "No container, native sidecars and init containers included, runs with primary group 0: " +
			"its effective `runAsGroup` (the container's, falling back to the pod's " +
			"`spec.securityContext`) is not 0. An unset `runAsGroup` leaves the group to the image and " +
			"passes; the message counts such containers. A pod `fsGroup` of 0 or a 0 in " +
			"`supplementalGroups` is not a violation but is noted in the message whatever the result. " +
			"Skip when the pod template has no containers or the pod runs on Windows, where " +
			"`runAsGroup` does not exist. This is a separate check from `security-run-as-non-root` so " +
			"that images built for arbitrary UIDs with group 0 (the OpenShift convention) can keep " +
			"the user check Required and this one Advisory.",
		Rationale: "Group 0 owns much of a container image's and the node's filesystem: a process in the " +
			"root group can read and write every file that is group-readable or group-writable by root, " +
			"on its image and on any hostPath or volume it escapes to, even when its UID is not 0. " +
			"`fsGroup: 0` makes every volume of the pod owned by the root group.",
		Remediation: "Set `securityContext: {runAsGroup: 10001}` (a non-zero GID) in the pod spec or on the " +
			"container, and a non-zero `fsGroup`. Remove container-level `runAsGroup: 0` overrides and 0 " +
			"from `supplementalGroups`.",
	},
	Run: runSecurityRunAsNonRootGroup,
}

func runSecurityRunAsNonRootGroup(s *Snapshot, _ Params) Outcome {
	containers, skip := secLinuxContainers(&s.Workload, "runAsGroup")
	if skip != nil {
		return *skip
	}
	spec := s.Workload.PodSpec()
	var f Findings
	if pod := spec.SecurityContext; pod != nil {
		if pod.FSGroup != nil && *pod.FSGroup == 0 {
			f.Note("the pod sets fsGroup: 0, so its volumes are owned by the root group; set a non-zero spec.securityContext.fsGroup")
		}
		if slices.Contains(pod.SupplementalGroups, 0) {
			f.Note("the pod's spec.securityContext.supplementalGroups holds 0, the root group; remove it")
		}
	}
	unset := 0
	for _, c := range containers {
		gid := secEffectiveFor(spec, c.Container).RunAsGroup
		switch {
		case !gid.Set():
			unset++
		case *gid.Value == 0:
			f.Add(c.Name, "%s runs with the root group: runAsGroup is 0, set in %s; set securityContext.runAsGroup to a non-zero GID",
				c.Describe(), gid.Where())
		}
	}
	pass := "the container does not run with runAsGroup 0"
	if len(containers) > 1 {
		pass = fmt.Sprintf("none of the %d containers runs with runAsGroup 0", len(containers))
	}
	if unset > 0 {
		pass += fmt.Sprintf("; %d of %d leave%s the group to the image", unset, len(containers), byCount(unset, "s", ""))
		if len(containers) == 1 {
			pass = "the container does not set runAsGroup, so the image decides its group"
		}
	}
	return f.Result("%s", pass)
}
