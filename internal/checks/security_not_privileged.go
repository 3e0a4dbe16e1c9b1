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

func init() { register(&securityNotPrivileged) }

var securityNotPrivileged = Check{
	Meta: Meta{
		ID:       "security-not-privileged",
		Title:    "No container is privileged",
		Category: CategorySecurity,
		Description: "No container, native sidecars and init containers included, sets " +
			"`securityContext.privileged: true`, and none runs as a Windows HostProcess container " +
			"(`windowsOptions.hostProcess: true` on the container, or inherited from the pod " +
			"securityContext), the Windows equivalent. Skip when the pod template has no containers.",
		Rationale: "A privileged container has every capability, sees every device of the node and is not " +
			"confined by seccomp or AppArmor: it is root on the node, and anyone who compromises it owns " +
			"the node and every other pod on it. Plain application workloads never need it.",
		Remediation: "Remove `privileged: true` and grant only the specific capability the container needs " +
			"(`securityContext.capabilities.add`), or move node-level work to a dedicated, exempted " +
			"DaemonSet. Remove `windowsOptions.hostProcess: true` from pod and containers.",
	},
	Run: runSecurityNotPrivileged,
}

func runSecurityNotPrivileged(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	var f Findings
	for _, c := range containers {
		e := secEffectiveFor(s.Workload.PodSpec(), c.Container)
		if secIsTrue(e.Privileged) {
			f.Add(c.Name, "%s is privileged; remove securityContext.privileged: true", c.Describe())
		}
		if secIsTrue(e.HostProcess.Value) {
			f.Add(c.Name, "%s is a Windows HostProcess container (windowsOptions.hostProcess: true in %s); remove it",
				c.Describe(), e.HostProcess.Where())
		}
	}
	if len(containers) == 1 {
		return f.Result("the container is not privileged")
	}
	return f.Result("none of the %d containers is privileged", len(containers))
}
