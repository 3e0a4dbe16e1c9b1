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
	"strings"
)

func init() { register(&securityRunAsNonRoot) }

var securityRunAsNonRoot = Check{
	Meta: Meta{
		ID:       "security-run-as-non-root",
		Title:    "Containers run as a non-root user",
		Category: CategorySecurity,
		Description: "Every container, native sidecars and init containers included, runs as a non-root user " +
			"according to its effective securityContext: the container's `runAsNonRoot` and `runAsUser`, each " +
			"falling back to the pod's `spec.securityContext` when the container does not set it. A container " +
			"passes when the effective `runAsNonRoot` is true and the effective `runAsUser` is unset or at " +
			"least 1, or when the effective `runAsUser` is at least 1 and `runAsNonRoot` is not explicitly " +
			"false. `runAsNonRoot: true` with `runAsUser: 0` is reported as a container that will fail to " +
			"start; with `runAsUser` unset the kubelet checks the image's USER at start-up, which this " +
			"check cannot see. On Windows pods (`spec.os.name: windows`, or a `kubernetes.io/os: windows` nodeSelector) " +
			"`runAsUser` does not exist: `runAsNonRoot` must be true and `windowsOptions.runAsUserName` must " +
			"not be `ContainerAdministrator`. Skip when the pod template has no containers.",
		Rationale: "A process running as UID 0 is root on the node as soon as it escapes the container " +
			"through a kernel or runtime bug, and can write to any hostPath or volume it sees. Without " +
			"`runAsNonRoot` or `runAsUser` the image's USER decides, and many images default to root, so a " +
			"base-image change can silently turn a workload into a root workload. `runAsNonRoot: true` makes " +
			"the kubelet refuse to start a container that would run as root.",
		Remediation: "Set `securityContext: {runAsNonRoot: true, runAsUser: 10001}` in the pod spec (inherited by " +
			"every container) or on each container, and build the image with a numeric non-root `USER`. " +
			"Remove container-level `runAsNonRoot: false` and `runAsUser: 0` overrides.",
	},
	Run: runSecurityRunAsNonRoot,
}

// windowsAdminUser is the Windows container user the kubelet treats as root.
const windowsAdminUser = "ContainerAdministrator"

func runSecurityRunAsNonRoot(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	spec := s.Workload.PodSpec()
	_, windows := secWindowsPod(spec)
	var f Findings
	for _, c := range containers {
		e := secEffectiveFor(spec, c.Container)
		var problem string
		if windows {
			problem = runAsNonRootWindowsProblem(e)
		} else {
			problem = runAsNonRootProblem(e)
		}
		if problem != "" {
			f.Add(c.Name, "%s %s", c.Describe(), problem)
		}
	}
	return f.Result("%s as non-root", secAll(len(containers), "container", "runs", "run"))
}

// runAsNonRootProblem says what is wrong with a Linux container's effective settings, or "".
func runAsNonRootProblem(e secEffective) string {
	nonRoot, uid := e.RunAsNonRoot, e.RunAsUser
	switch {
	case nonRoot.Set() && *nonRoot.Value:
		if uid.Set() && *uid.Value < 1 {
			return fmt.Sprintf("will fail to start: runAsNonRoot is true (%s) but runAsUser is %d (%s); "+
				"set securityContext.runAsUser to a non-zero UID", nonRoot.Where(), *uid.Value, uid.Where())
		}
		return ""
	case nonRoot.Set():
		return fmt.Sprintf("has runAsNonRoot: false (%s), which turns off the kubelet's non-root guard; "+
			"set securityContext.runAsNonRoot: true", nonRoot.Where())
	case uid.Set() && *uid.Value >= 1:
		return ""
	case uid.Set():
		return fmt.Sprintf("runs as root: runAsUser is %d (%s); set securityContext.runAsUser to a non-zero UID "+
			"and runAsNonRoot: true", *uid.Value, uid.Where())
	}
	return "may run as root: neither runAsNonRoot nor runAsUser is set, so the image's USER decides; " +
		"set securityContext.runAsNonRoot: true (pod or container)"
}

// runAsNonRootWindowsProblem is runAsNonRootProblem for Windows pods, where runAsUser does not
// exist and the administrator account is ContainerAdministrator.
func runAsNonRootWindowsProblem(e secEffective) string {
	nonRoot, user := e.RunAsNonRoot, e.RunAsUserName
	admin := user.Set() && strings.EqualFold(*user.Value, windowsAdminUser)
	switch {
	case secIsTrue(nonRoot.Value) && admin:
		return fmt.Sprintf("will fail to start: runAsNonRoot is true (%s) but windowsOptions.runAsUserName is %s (%s); "+
			"use a non-administrator user such as ContainerUser", nonRoot.Where(), *user.Value, user.Where())
	case secIsTrue(nonRoot.Value):
		return ""
	case nonRoot.Set():
		return fmt.Sprintf("has runAsNonRoot: false (%s); set securityContext.runAsNonRoot: true", nonRoot.Where())
	}
	return "does not set runAsNonRoot, so the image's user decides; set securityContext.runAsNonRoot: true (pod or container)"
}
