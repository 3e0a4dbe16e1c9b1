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
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// Builders shared by the security-* table tests.

// secCtr edits a container's securityContext, creating it when nil.
func secCtr(mod func(*corev1.SecurityContext)) func(*corev1.Container) {
	return func(c *corev1.Container) {
		if c.SecurityContext == nil {
			c.SecurityContext = &corev1.SecurityContext{}
		}
		mod(c.SecurityContext)
	}
}

// secPod edits a snapshot's pod securityContext, creating it when nil.
func secPod(s *Snapshot, mod func(*corev1.PodSecurityContext)) *Snapshot {
	spec := s.Workload.PodSpec()
	if spec.SecurityContext == nil {
		spec.SecurityContext = &corev1.PodSecurityContext{}
	}
	mod(spec.SecurityContext)
	return s
}

// secSpec edits a snapshot's pod spec.
func secSpec(s *Snapshot, mod func(*corev1.PodSpec)) *Snapshot {
	mod(s.Workload.PodSpec())
	return s
}

// secWindows makes the pod a Windows pod (spec.os.name: windows).
func secWindows(s *Snapshot) *Snapshot {
	return secSpec(s, func(p *corev1.PodSpec) { p.OS = &corev1.PodOS{Name: corev1.Windows} })
}

func TestSecEffectiveFor(t *testing.T) {
	podCtx := &corev1.PodSecurityContext{
		RunAsNonRoot:   ptr(true),
		RunAsUser:      ptr(int64(1000)),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
		WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr("ContainerUser"), HostProcess: ptr(false)},
	}
	t.Run("nil contexts", func(t *testing.T) {
		e := secEffectiveFor(&corev1.PodSpec{}, &corev1.Container{})
		if e.RunAsNonRoot.Set() || e.RunAsUser.Set() || e.SeccompProfile.Set() || e.HostProcess.Set() || e.Privileged != nil {
			t.Fatalf("expected nothing set, got %+v", e)
		}
		if e.RunAsUser.Where() != "" {
			t.Errorf("Where() of an unset field = %q", e.RunAsUser.Where())
		}
	})
	t.Run("inherited from pod", func(t *testing.T) {
		e := secEffectiveFor(&corev1.PodSpec{SecurityContext: podCtx}, &corev1.Container{})
		if !secIsTrue(e.RunAsNonRoot.Value) || e.RunAsNonRoot.Level != secFromPod || *e.RunAsUser.Value != 1000 {
			t.Fatalf("pod values not inherited: %+v", e)
		}
		if e.SeccompProfile.Where() != "the pod securityContext" {
			t.Errorf("Where() = %q", e.SeccompProfile.Where())
		}
	})
	t.Run("container overrides pod field by field", func(t *testing.T) {
		c := &corev1.Container{SecurityContext: &corev1.SecurityContext{
			RunAsNonRoot:   ptr(false),
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined},
			WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)},
			Privileged:     ptr(true),
		}}
		e := secEffectiveFor(&corev1.PodSpec{SecurityContext: podCtx}, c)
		if !secIsFalse(e.RunAsNonRoot.Value) || e.RunAsNonRoot.Level != secFromContainer {
			t.Errorf("runAsNonRoot = %+v, want container false", e.RunAsNonRoot)
		}
		if *e.RunAsUser.Value != 1000 || e.RunAsUser.Level != secFromPod {
			t.Errorf("runAsUser = %+v, want inherited 1000", e.RunAsUser)
		}
		if e.SeccompProfile.Value.Type != corev1.SeccompProfileTypeUnconfined || e.SeccompProfile.Where() != "the container securityContext" {
			t.Errorf("seccomp = %+v, want container Unconfined", e.SeccompProfile)
		}
		if !secIsTrue(e.HostProcess.Value) || *e.RunAsUserName.Value != "ContainerUser" || e.RunAsUserName.Level != secFromPod {
			t.Errorf("windowsOptions not merged field by field: %+v %+v", e.HostProcess, e.RunAsUserName)
		}
		if !secIsTrue(e.Privileged) {
			t.Errorf("privileged not copied")
		}
	})
	t.Run("windows detection", func(t *testing.T) {
		if _, ok := secWindowsPod(&corev1.PodSpec{}); ok {
			t.Errorf("empty spec detected as windows")
		}
		if r, ok := secWindowsPod(&corev1.PodSpec{OS: &corev1.PodOS{Name: corev1.Windows}}); !ok || r == "" {
			t.Errorf("spec.os.name windows not detected")
		}
		if _, ok := secWindowsPod(&corev1.PodSpec{NodeSelector: map[string]string{"kubernetes.io/os": "windows"}}); !ok {
			t.Errorf("nodeSelector windows not detected")
		}
		if _, ok := secWindowsPod(&corev1.PodSpec{OS: &corev1.PodOS{Name: corev1.Linux}}); ok {
			t.Errorf("linux detected as windows")
		}
	})
}
