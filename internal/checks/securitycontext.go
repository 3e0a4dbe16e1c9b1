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

	corev1 "k8s.io/api/core/v1"
)

// secLevel says which securityContext an effective setting comes from.
type secLevel int

const (
	secFromNone      secLevel = iota // neither the container nor the pod sets it
	secFromContainer                 // the container's securityContext
	secFromPod                       // inherited from the pod's securityContext
)

// secSetting is the effective value of a securityContext field and where it was set.
type secSetting[T any] struct {
	// Value is nil when neither level sets the field.
	Value *T
	// Level is where Value comes from.
	Level secLevel
}

// secInherit is the container's value when set, else the pod's: the rule the kubelet applies to
// every field both securityContexts have.
func secInherit[T any](container, pod *T) secSetting[T] {
	switch {
	case container != nil:
		return secSetting[T]{Value: container, Level: secFromContainer}
	case pod != nil:
		return secSetting[T]{Value: pod, Level: secFromPod}
	}
	return secSetting[T]{}
}

// Set reports whether either level sets the field.
func (s secSetting[T]) Set() bool { return s.Value != nil }

// Where describes the source for messages: "the container securityContext" or "the pod
// securityContext" (empty when unset).
func (s secSetting[T]) Where() string {
	switch s.Level {
	case secFromContainer:
		return "the container securityContext"
	case secFromPod:
		return "the pod securityContext"
	}
	return ""
}

// secEffective is the security settings a container runs with. Fields both securityContexts
// have are resolved with the container's value winning; fields only a container can set are
// copied from it (nil when unset).
type secEffective struct {
	RunAsNonRoot    secSetting[bool]
	RunAsUser       secSetting[int64]
	RunAsGroup      secSetting[int64]
	SeccompProfile  secSetting[corev1.SeccompProfile]
	AppArmorProfile secSetting[corev1.AppArmorProfile]
	SELinuxOptions  secSetting[corev1.SELinuxOptions]
	// HostProcess and RunAsUserName come from windowsOptions, which the kubelet merges field by
	// field.
	HostProcess   secSetting[bool]
	RunAsUserName secSetting[string]

	// Container-only fields.
	Privileged               *bool
	AllowPrivilegeEscalation *bool
	ReadOnlyRootFilesystem   *bool
	Capabilities             *corev1.Capabilities
	ProcMount                *corev1.ProcMountType
}

// secEffectiveFor resolves a container's effective security settings within its pod spec. Nil
// securityContexts at either level are fine.
func secEffectiveFor(spec *corev1.PodSpec, c *corev1.Container) secEffective {
	pod := spec.SecurityContext
	if pod == nil {
		pod = &corev1.PodSecurityContext{}
	}
	ctr := c.SecurityContext
	if ctr == nil {
		ctr = &corev1.SecurityContext{}
	}
	podWin, ctrWin := pod.WindowsOptions, ctr.WindowsOptions
	if podWin == nil {
		podWin = &corev1.WindowsSecurityContextOptions{}
	}
	if ctrWin == nil {
		ctrWin = &corev1.WindowsSecurityContextOptions{}
	}
	return secEffective{
		RunAsNonRoot:             secInherit(ctr.RunAsNonRoot, pod.RunAsNonRoot),
		RunAsUser:                secInherit(ctr.RunAsUser, pod.RunAsUser),
		RunAsGroup:               secInherit(ctr.RunAsGroup, pod.RunAsGroup),
		SeccompProfile:           secInherit(ctr.SeccompProfile, pod.SeccompProfile),
		AppArmorProfile:          secInherit(ctr.AppArmorProfile, pod.AppArmorProfile),
		SELinuxOptions:           secInherit(ctr.SELinuxOptions, pod.SELinuxOptions),
		HostProcess:              secInherit(ctrWin.HostProcess, podWin.HostProcess),
		RunAsUserName:            secInherit(ctrWin.RunAsUserName, podWin.RunAsUserName),
		Privileged:               ctr.Privileged,
		AllowPrivilegeEscalation: ctr.AllowPrivilegeEscalation,
		ReadOnlyRootFilesystem:   ctr.ReadOnlyRootFilesystem,
		Capabilities:             ctr.Capabilities,
		ProcMount:                ctr.ProcMount,
	}
}

// secWindowsPod reports whether the pod runs on Windows nodes, where the Linux-only
// securityContext fields (privilege escalation, capabilities, seccomp, read-only root
// filesystem, runAsUser) are rejected by the API server or ignored by the kubelet. The reason
// names the field that says so.
func secWindowsPod(spec *corev1.PodSpec) (reason string, ok bool) {
	if spec.OS != nil && spec.OS.Name == corev1.Windows {
		return "spec.os.name is windows", true
	}
	if spec.NodeSelector[corev1.LabelOSStable] == string(corev1.Windows) {
		return fmt.Sprintf("nodeSelector %s is windows", corev1.LabelOSStable), true
	}
	return "", false
}

// secLinuxContainers returns the containers a Linux-only container check covers (every
// container, init containers included), or a Skip outcome when there are none or the pod runs
// on Windows.
func secLinuxContainers(w *Workload, field string) ([]Container, *Outcome) {
	containers := w.AllContainers()
	if len(containers) == 0 {
		out := Skip("the pod template has no containers")
		return nil, &out
	}
	if reason, ok := secWindowsPod(w.PodSpec()); ok {
		out := Skip("Windows pod (%s): securityContext.%s does not apply", reason, field)
		return nil, &out
	}
	return containers, nil
}

// secIsTrue reports whether an optional bool is set and true.
func secIsTrue(b *bool) bool { return b != nil && *b }

// secIsFalse reports whether an optional bool is set and false.
func secIsFalse(b *bool) bool { return b != nil && !*b }

// secCapName normalises a Linux capability name as container runtimes do: upper case, without
// the CAP_ prefix ("cap_net_raw" and "NET_RAW" are the same capability).
func secCapName(name string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(name)), "CAP_")
}

// secAddsCap reports whether a container's capabilities.add contains a capability (compared
// with secCapName).
func secAddsCap(caps *corev1.Capabilities, name string) bool {
	if caps == nil {
		return false
	}
	want := secCapName(name)
	for _, c := range caps.Add {
		if secCapName(string(c)) == want {
			return true
		}
	}
	return false
}

// secAll names n things for pass messages ("the container", "all 3 containers") with the verb
// agreeing ("runs" or "run").
func secAll(n int, noun, verbOne, verbMany string) string {
	if n == 1 {
		return fmt.Sprintf("the %s %s", noun, verbOne)
	}
	return fmt.Sprintf("all %d %ss %s", n, noun, verbMany)
}
