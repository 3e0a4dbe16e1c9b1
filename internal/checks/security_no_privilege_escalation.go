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

func init() { register(&securityNoPrivilegeEscalation) }

var securityNoPrivilegeEscalation = Check{
	Meta: Meta{
		ID:       "security-no-privilege-escalation",
		Title:    "Containers forbid privilege escalation",
		Category: CategorySecurity,
		Description: "Every container, native sidecars and init containers included, sets " +
			"`securityContext.allowPrivilegeEscalation: false`. Unset fails: Kubernetes defaults it to true. " +
			"The field exists only on containers, so nothing is inherited from the pod. Skip when the pod " +
			"template has no containers or the pod runs on Windows (`spec.os.name: windows` or a " +
			"`kubernetes.io/os: windows` nodeSelector), where the field does not exist.",
		Rationale: "allowPrivilegeEscalation controls the kernel's no_new_privs flag. While it is true, a " +
			"setuid binary in the image (su, sudo, ping on some bases) or a file capability lets a " +
			"compromised process gain more privileges than the container started with. Setting it to " +
			"false costs nothing for almost every application.",
		Remediation: "Set `securityContext: {allowPrivilegeEscalation: false}` on every container. A privileged " +
			"container or one adding CAP_SYS_ADMIN always escalates and the API server rejects false for it: " +
			"drop privileged and SYS_ADMIN first.",
	},
	Run: runSecurityNoPrivilegeEscalation,
}

func runSecurityNoPrivilegeEscalation(s *Snapshot, _ Params) Outcome {
	containers, skip := secLinuxContainers(&s.Workload, "allowPrivilegeEscalation")
	if skip != nil {
		return *skip
	}
	var f Findings
	for _, c := range containers {
		e := secEffectiveFor(s.Workload.PodSpec(), c.Container)
		if secIsFalse(e.AllowPrivilegeEscalation) {
			continue
		}
		what := "does not set allowPrivilegeEscalation (defaults to true)"
		if e.AllowPrivilegeEscalation != nil {
			what = "sets allowPrivilegeEscalation: true"
		}
		hint := ""
		switch {
		case secIsTrue(e.Privileged):
			hint = " (privileged: true implies escalation; remove it first)"
		case secAddsCap(e.Capabilities, "SYS_ADMIN"):
			hint = " (adding SYS_ADMIN implies escalation; remove it first)"
		}
		f.Add(c.Name, "%s %s; set securityContext.allowPrivilegeEscalation: false%s", c.Describe(), what, hint)
	}
	return f.Result("%s allowPrivilegeEscalation: false", secAll(len(containers), "container", "sets", "set"))
}
