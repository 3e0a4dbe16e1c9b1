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
	"strings"

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&securityCapabilities) }

var securityCapabilities = Check{
	Meta: Meta{
		ID:       "security-capabilities",
		Title:    "Containers drop all capabilities",
		Category: CategorySecurity,
		Description: "Every container, native sidecars and init containers included, lists `ALL` in " +
			"`securityContext.capabilities.drop` and adds only capabilities named by param `allowed` in " +
			"`capabilities.add`. Names are compared as container runtimes do: case-insensitively and with or " +
			"without the `CAP_` prefix. Capabilities exist only on containers, so nothing is inherited from " +
			"the pod. Skip when the pod template has no containers or the pod runs on Windows " +
			"(`spec.os.name: windows` or a `kubernetes.io/os: windows` nodeSelector).",
		Rationale: "Container runtimes grant a default set of about 14 capabilities, including NET_RAW (packet " +
			"spoofing), CHOWN, SETUID and DAC_OVERRIDE, that almost no application needs and that an attacker " +
			"uses to escalate or attack the node's network. Dropping ALL and adding back the one or two a " +
			"process really needs keeps the kernel attack surface small and documents the need.",
		Remediation: "Set `securityContext: {capabilities: {drop: [\"ALL\"]}}` on every container; add back only what " +
			"is needed, e.g. `add: [\"NET_BIND_SERVICE\"]` to bind ports below 1024 (better: listen on a high " +
			"port). To allow another capability, list it in param `allowed`.",
		Params: []ParamSpec{{
			Name:    "allowed",
			Type:    ParamList,
			Default: "NET_BIND_SERVICE",
			Description: "Capabilities a container may add (with or without `CAP_`, any case); " +
				"`none` allows no capability at all.",
		}},
	},
	Run: runSecurityCapabilities,
}

func runSecurityCapabilities(s *Snapshot, p Params) Outcome {
	containers, skip := secLinuxContainers(&s.Workload, "capabilities")
	if skip != nil {
		return *skip
	}
	allowed := map[string]bool{}
	var allowedNames []string
	for _, a := range p.List("allowed") {
		name := secCapName(a)
		if name == "NONE" || allowed[name] {
			continue
		}
		allowed[name] = true
		allowedNames = append(allowedNames, name)
	}
	allowedText := "no capability may be added"
	if len(allowedNames) > 0 {
		allowedText = "allowed: " + strings.Join(allowedNames, ", ")
	}
	var f Findings
	for _, c := range containers {
		caps := secEffectiveFor(s.Workload.PodSpec(), c.Container).Capabilities
		if !capsDropAll(caps) {
			f.Add(c.Name, `%s does not drop ALL capabilities; set securityContext.capabilities.drop: ["ALL"]`, c.Describe())
		}
		if extra := capsExtra(caps, allowed); len(extra) > 0 {
			f.Add(c.Name, "%s adds %s %s (%s); remove %s from securityContext.capabilities.add",
				c.Describe(), byCount(len(extra), "capability", "capabilities"), quoteList(extra), allowedText,
				byCount(len(extra), "it", "them"))
		}
	}
	return f.Result("%s ALL capabilities and adds none beyond those allowed (%s)",
		secAll(len(containers), "container", "drops", "drop"), allowedText)
}

// capsDropAll reports whether capabilities.drop contains ALL.
func capsDropAll(caps *corev1.Capabilities) bool {
	if caps == nil {
		return false
	}
	for _, d := range caps.Drop {
		if secCapName(string(d)) == "ALL" {
			return true
		}
	}
	return false
}

// capsExtra lists the added capabilities that are not allowed, as written, without duplicates.
func capsExtra(caps *corev1.Capabilities, allowed map[string]bool) []string {
	if caps == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range caps.Add {
		name := secCapName(string(a))
		if allowed[name] || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, string(a))
	}
	return out
}
