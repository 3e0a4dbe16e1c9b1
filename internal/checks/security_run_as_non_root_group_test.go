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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestSecurityRunAsNonRootGroup(t *testing.T) {
	gid := func(v int64) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.RunAsGroup = ptr(v) })
	}
	pod := func(mod func(*corev1.PodSecurityContext)) func(*Snapshot) *Snapshot {
		return func(s *Snapshot) *Snapshot { return secPod(s, mod) }
	}
	podGID := func(v int64) func(*Snapshot) *Snapshot {
		return pod(func(p *corev1.PodSecurityContext) { p.RunAsGroup = ptr(v) })
	}
	fsGroup0 := pod(func(p *corev1.PodSecurityContext) { p.FSGroup = ptr(int64(0)) })
	supp0 := pod(func(p *corev1.PodSecurityContext) { p.SupplementalGroups = []int64{1000, 0} })
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	runCases(t, &securityRunAsNonRootGroup, []checkCase{
		{name: "pod runAsGroup non-zero", snap: podGID(10001)(deploy(ctr("api"), ctr("worker"))), want: pass,
			msg: []string{"none of the 2 containers runs with runAsGroup 0"}, notMsg: []string{"leave"}},
		{name: "container runAsGroup 0", snap: deploy(ctr("api", gid(0))), want: fail,
			msg: []string{`container "api" runs with the root group: runAsGroup is 0, set in the container securityContext`}},
		{name: "pod runAsGroup 0 inherited", snap: podGID(0)(deploy(ctr("api"), ctr("worker"))), want: fail,
			msg: []string{`container "api" runs with the root group`, `container "worker"`, "set in the pod securityContext"}},
		{name: "container overrides pod group 0", snap: podGID(0)(deploy(ctr("api", gid(2000)))), want: pass},
		{name: "container group 0 overrides the pod", snap: podGID(2000)(deploy(ctr("api"), ctr("debug", gid(0)))), want: fail,
			msg: []string{`container "debug"`}, notMsg: []string{`"api"`}},
		{name: "unset passes, counted", snap: deploy(ctr("api")), want: pass,
			msg: []string{"the container does not set runAsGroup, so the image decides its group"}},
		{name: "some unset", snap: deploy(ctr("api", gid(1000)), ctr("worker")), want: pass,
			msg: []string{"none of the 2 containers runs with runAsGroup 0; 1 of 2 leaves the group to the image"}},
		{name: "init container group 0", snap: withInit(podGID(1000)(deploy(ctr("api"))), ctr("chown", gid(0))), want: fail,
			msg: []string{`init container "chown" runs with the root group`}},
		{name: "fsGroup 0 is a note", snap: fsGroup0(podGID(1000)(deploy(ctr("api")))), want: pass,
			msg: []string{"the pod sets fsGroup: 0"}},
		{name: "fsGroup 0 noted beside a violation", snap: fsGroup0(deploy(ctr("api", gid(0)))), want: fail,
			msg: []string{"runAsGroup is 0", "fsGroup: 0"}},
		{name: "supplementalGroups 0 is a note", snap: supp0(podGID(1000)(deploy(ctr("api")))), want: pass,
			msg: []string{"supplementalGroups holds 0"}},
		{name: "windows pod", snap: secWindows(deploy(ctr("api"))), want: skip, msg: []string{"Windows pod"}},
		{name: "no containers", snap: deploy(), want: skip},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", gid(0)))), want: fail},
		{name: "daemonset", snap: daemonSet(podGID(1000)(deploy(ctr("agent")))), want: pass},
	})
}
