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

func init() { register(&securityReadOnlyRootFS) }

var securityReadOnlyRootFS = Check{
	Meta: Meta{
		ID:       "security-read-only-root-fs",
		Title:    "Containers have a read-only root filesystem",
		Category: CategorySecurity,
		Description: "Every container, native sidecars and init containers included, sets " +
			"`securityContext.readOnlyRootFilesystem: true`. Unset fails: the root filesystem is writable by " +
			"default. The field exists only on containers, so nothing is inherited from the pod. Skip when " +
			"the pod template has no containers or the pod runs on Windows (`spec.os.name: windows` or a " +
			"`kubernetes.io/os: windows` nodeSelector), which does not support it.",
		Rationale: "A writable root filesystem lets an attacker drop tools or modify binaries and " +
			"configuration inside the container, and lets an application quietly depend on local state that " +
			"vanishes on restart. Writes to the container layer also count against the node's disk and are " +
			"slower than a volume. A read-only root makes every writable path explicit.",
		Remediation: "Set `securityContext: {readOnlyRootFilesystem: true}` on every container and mount an " +
			"`emptyDir` volume at each path the application writes to (e.g. `/tmp`, a cache directory).",
	},
	Run: runSecurityReadOnlyRootFS,
}

func runSecurityReadOnlyRootFS(s *Snapshot, _ Params) Outcome {
	containers, skip := secLinuxContainers(&s.Workload, "readOnlyRootFilesystem")
	if skip != nil {
		return *skip
	}
	var f Findings
	for _, c := range containers {
		e := secEffectiveFor(s.Workload.PodSpec(), c.Container)
		switch {
		case secIsTrue(e.ReadOnlyRootFilesystem):
		case e.ReadOnlyRootFilesystem != nil:
			f.Add(c.Name, "%s sets readOnlyRootFilesystem: false; set securityContext.readOnlyRootFilesystem: true "+
				"and mount an emptyDir where it writes", c.Describe())
		default:
			f.Add(c.Name, "%s has a writable root filesystem; set securityContext.readOnlyRootFilesystem: true "+
				"and mount an emptyDir where it writes", c.Describe())
		}
	}
	return f.Result("%s a read-only root filesystem", secAll(len(containers), "container", "has", "have"))
}
