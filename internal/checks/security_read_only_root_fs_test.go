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

func TestSecurityReadOnlyRootFS(t *testing.T) {
	ro := func(v bool) func(*corev1.Container) {
		return secCtr(func(sc *corev1.SecurityContext) { sc.ReadOnlyRootFilesystem = ptr(v) })
	}
	runCases(t, &securityReadOnlyRootFS, []checkCase{
		{name: "every container read-only", snap: deploy(ctr("api", ro(true)), ctr("worker", ro(true))), want: v1alpha1.ResultPass,
			msg: []string{"all 2 containers have a read-only root filesystem"}},
		{name: "unset", snap: deploy(ctr("api", ro(true)), ctr("worker")), want: v1alpha1.ResultFail,
			msg:    []string{`container "worker" has a writable root filesystem`, "securityContext.readOnlyRootFilesystem: true", "emptyDir"},
			notMsg: []string{`"api"`}},
		{name: "explicit false", snap: deploy(ctr("api", ro(false))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" sets readOnlyRootFilesystem: false`}},
		{name: "pod securityContext cannot set it", snap: secPod(deploy(ctr("api")), func(p *corev1.PodSecurityContext) { p.RunAsNonRoot = ptr(true) }),
			want: v1alpha1.ResultFail},
		{name: "plain init container", snap: withInit(deploy(ctr("api", ro(true))), ctr("migrate")), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate"`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", ro(true))), ctr("proxy", asSidecar)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy"`}},
		{name: "all kinds read-only", snap: withInit(deploy(ctr("api", ro(true))), ctr("migrate", ro(true)), ctr("proxy", asSidecar, ro(true))),
			want: v1alpha1.ResultPass, msg: []string{"all 3 containers"}},
		{name: "windows pod", snap: secWindows(deploy(ctr("api"))), want: v1alpha1.ResultSkip, msg: []string{"Windows pod"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", ro(true)))), want: v1alpha1.ResultPass},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
	})
}
