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

func TestImageTagPinned(t *testing.T) {
	runCases(t, &imageTagPinned, []checkCase{
		{name: "version tags", snap: deploy(ctr("api"), ctr("worker", imgIs("docker.io/library/nginx:1.27"))), want: v1alpha1.ResultPass,
			msg: []string{"every image (2) is pinned"}},
		{name: "digest only", snap: deploy(ctr("api", imgIs("registry.example.com/api@"+imgSHA256))), want: v1alpha1.ResultPass},
		{name: "tag and digest", snap: deploy(ctr("api", imgIs("registry.example.com/api:1.2@"+imgSHA256))), want: v1alpha1.ResultPass},
		{name: "latest tag with digest is pinned by the digest", snap: deploy(ctr("api", imgIs("api:latest@"+imgSHA256))), want: v1alpha1.ResultPass},
		{name: "sha512 digest", snap: deploy(ctr("api", imgIs("api@"+imgSHA512))), want: v1alpha1.ResultPass},
		{name: "explicit latest", snap: deploy(ctr("api", imgIs("app:latest"))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" image "app:latest" uses the tag "latest"`}},
		{name: "no tag is implicit latest", snap: deploy(ctr("api", imgIs("app"))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" image "app" has no tag`, `pulls "latest"`}},
		{name: "registry port is not a tag", snap: deploy(ctr("api", imgIs("registry:5000/app"))), want: v1alpha1.ResultFail,
			msg: []string{`image "registry:5000/app" has no tag`, `the colon in "registry:5000" is the registry port`}},
		{name: "registry port and tag", snap: deploy(ctr("api", imgIs("registry:5000/app:1.0"))), want: v1alpha1.ResultPass},
		{name: "localhost registry without tag", snap: deploy(ctr("api", imgIs("localhost/app"))), want: v1alpha1.ResultFail,
			msg: []string{"has no tag"}, notMsg: []string{"registry port"}},
		{name: "tags are case-sensitive", snap: deploy(ctr("api", imgIs("app:Latest"))), want: v1alpha1.ResultPass},
		{name: "empty image", snap: deploy(ctr("api", imgIs(""))), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has no image`}},
		{name: "malformed digest and no tag", snap: deploy(ctr("api", imgIs("app@sha256:abc"))), want: v1alpha1.ResultFail,
			msg: []string{`not a valid image reference`, `digest "sha256:abc" is malformed`}},
		{name: "malformed digest after a good tag", snap: deploy(ctr("api", imgIs("app:1.0@sha256:abc"))), want: v1alpha1.ResultFail,
			msg: []string{`digest "sha256:abc" is malformed`}},
		{name: "empty tag", snap: deploy(ctr("api", imgIs("app:"))), want: v1alpha1.ResultFail, msg: []string{`tag "" is not valid`}},
		{name: "native sidecar on latest", snap: withInit(deploy(ctr("api")), ctr("proxy", asSidecar, imgIs("envoy:latest"))),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy"`}, notMsg: []string{`"api"`}},
		{name: "plain init container is checked", snap: withInit(deploy(ctr("api")), ctr("migrate", imgIs("flyway"))),
			want: v1alpha1.ResultFail, msg: []string{`init container "migrate" image "flyway" has no tag`}},
		{name: "every offender is named", snap: deploy(ctr("a", imgIs("x")), ctr("b", imgIs("y:latest")), ctr("c")), want: v1alpha1.ResultFail,
			msg: []string{`container "a"`, `container "b"`}, notMsg: []string{`container "c"`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", imgIs("postgres")))), want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultPass},
	})
}

func TestImageTagPinnedContainerExemption(t *testing.T) {
	s := withInit(deploy(ctr("api")), ctr("proxy", asSidecar, imgIs("envoy")))
	got := evalCheck(t, &imageTagPinned, s, nil, v1alpha1.Exemption{Checks: []string{"image-tag-pinned"}, Containers: []string{"proxy"}, Reason: "vendor chart"})
	wantPassExempted(t, got, "proxy")
}
