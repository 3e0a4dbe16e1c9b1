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

	"github.com/prodready/prodready/api/v1alpha1"
)

func TestResourcesEphemeralStorage(t *testing.T) {
	req, lim := resReq("ephemeral-storage", "1Gi"), resLim("ephemeral-storage", "2Gi")
	runCases(t, &resourcesEphemeralStorage, []checkCase{
		{name: "request and limit", snap: deploy(ctr("api", req, lim)), want: v1alpha1.ResultPass,
			msg: []string{"the container requests and limits ephemeral-storage"}},
		{name: "neither", snap: deploy(ctr("api", resReq("cpu", "1"), resLim("memory", "1Gi"))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no ephemeral-storage request or limit; set resources.requests.ephemeral-storage and resources.limits.ephemeral-storage`}},
		{name: "request only", snap: deploy(ctr("api", req)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no ephemeral-storage limit; set resources.limits.ephemeral-storage`}, notMsg: []string{"no ephemeral-storage request"}},
		{name: "limit only: the request defaults to it", snap: deploy(ctr("api", lim)), want: v1alpha1.ResultPass},
		{name: "zero limit", snap: deploy(ctr("api", req, resLim("ephemeral-storage", "0"))), want: v1alpha1.ResultFail,
			msg: []string{"a zero ephemeral-storage limit (0)"}, notMsg: []string{"zero ephemeral-storage request"}},
		{name: "zero request", snap: deploy(ctr("api", resReq("ephemeral-storage", "0"), lim)), want: v1alpha1.ResultFail,
			msg: []string{"a zero ephemeral-storage request"}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", req, lim)), ctr("proxy", asSidecar, req)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy" has no ephemeral-storage limit`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", req, lim)), ctr("migrate")), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate"`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db"))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", req, lim))), want: v1alpha1.ResultPass},
	})
}
