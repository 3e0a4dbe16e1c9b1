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
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&securitySeccomp) }

var securitySeccomp = Check{
	Meta: Meta{
		ID:       "security-seccomp",
		Title:    "Containers run with a seccomp profile",
		Category: CategorySecurity,
		Description: "Every container, native sidecars and init containers included, has an effective " +
			"`seccompProfile` of type `RuntimeDefault` or `Localhost` (with `localhostProfile` set): the " +
			"container's `securityContext.seccompProfile`, or the pod's `spec.securityContext.seccompProfile` " +
			"when the container sets none. A container-level `Unconfined` overrides a pod-level profile and " +
			"fails. The deprecated `seccomp.security.alpha.kubernetes.io` annotations are not read. Skip when " +
			"the pod template has no containers or the pod runs on Windows (`spec.os.name: windows` or a " +
			"`kubernetes.io/os: windows` nodeSelector), which has no seccomp.",
		Rationale: "Without a profile the kubelet runs containers Unconfined unless every node was started " +
			"with `--seccomp-default`, so the container can call any of the kernel's ~400 system calls, " +
			"including the rarely used ones behind most container-escape CVEs. The runtime's default " +
			"profile blocks those while allowing everything ordinary applications do.",
		Remediation: "Set `securityContext: {seccompProfile: {type: RuntimeDefault}}` in the pod spec (inherited by " +
			"every container) and remove container-level `type: Unconfined` overrides. For a custom " +
			"profile use `type: Localhost` with `localhostProfile` naming a file under the kubelet's " +
			"seccomp directory.",
	},
	Run: runSecuritySeccomp,
}

// seccompAnnotationPrefixes are the deprecated alpha seccomp annotations.
var seccompAnnotationPrefixes = []string{"seccomp.security.alpha.kubernetes.io/", "container.seccomp.security.alpha.kubernetes.io/"}

func runSecuritySeccomp(s *Snapshot, _ Params) Outcome {
	containers, skip := secLinuxContainers(&s.Workload, "seccompProfile")
	if skip != nil {
		return *skip
	}
	spec := s.Workload.PodSpec()
	var f Findings
	for _, c := range containers {
		if problem := seccompProblem(spec, c.Container); problem != "" {
			f.Add(c.Name, "%s %s", c.Describe(), problem)
		}
	}
	if f.Len() > 0 {
		if keys := seccompAnnotations(s.Workload.Template().Annotations); len(keys) > 0 {
			f.Note("ignored the deprecated seccomp %s %s; use securityContext.seccompProfile",
				plural(len(keys), "annotation"), quoteList(keys))
		}
	}
	return f.Result("%s with a RuntimeDefault or Localhost seccomp profile", secAll(len(containers), "container", "runs", "run"))
}

// seccompProblem says what is wrong with a container's effective seccomp profile, or "".
func seccompProblem(spec *corev1.PodSpec, c *corev1.Container) string {
	p := secEffectiveFor(spec, c).SeccompProfile
	if !p.Set() {
		return "has no seccompProfile and runs Unconfined; set securityContext.seccompProfile.type: RuntimeDefault (pod or container)"
	}
	switch p.Value.Type {
	case corev1.SeccompProfileTypeRuntimeDefault:
		return ""
	case corev1.SeccompProfileTypeLocalhost:
		if p.Value.LocalhostProfile == nil || strings.TrimSpace(*p.Value.LocalhostProfile) == "" {
			return fmt.Sprintf("has seccompProfile type Localhost without localhostProfile (%s); "+
				"set seccompProfile.localhostProfile or use type RuntimeDefault", p.Where())
		}
		return ""
	case corev1.SeccompProfileTypeUnconfined:
		override := ""
		if p.Level == secFromContainer && spec.SecurityContext != nil && spec.SecurityContext.SeccompProfile != nil &&
			spec.SecurityContext.SeccompProfile.Type != corev1.SeccompProfileTypeUnconfined {
			override = fmt.Sprintf(", overriding the pod's %s", spec.SecurityContext.SeccompProfile.Type)
		}
		return fmt.Sprintf("has seccompProfile type Unconfined (%s%s); set seccompProfile.type: RuntimeDefault", p.Where(), override)
	}
	return fmt.Sprintf("has unknown seccompProfile type %q (%s); set seccompProfile.type: RuntimeDefault", p.Value.Type, p.Where())
}

// seccompAnnotations lists the deprecated seccomp annotations present, sorted.
func seccompAnnotations(annotations map[string]string) []string {
	var keys []string
	for k := range annotations {
		for _, prefix := range seccompAnnotationPrefixes {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k)
				break
			}
		}
	}
	sort.Strings(keys)
	return keys
}
