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

func TestImageDigestPinned(t *testing.T) {
	runCases(t, &imageDigestPinned, []checkCase{
		{name: "digest only", snap: deploy(ctr("api", imgIs("registry.example.com/api@"+imgSHA256))), want: v1alpha1.ResultPass,
			msg: []string{"the image is pinned"}},
		{name: "tag and digest", snap: deploy(ctr("api", imgIs("registry.example.com/api:1.4.2@"+imgSHA256))), want: v1alpha1.ResultPass},
		{name: "registry port and digest", snap: deploy(ctr("api", imgIs("registry:5000/api@"+imgSHA256))), want: v1alpha1.ResultPass},
		{name: "tag only", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{`container "api" image "registry.example.com/api:1.0.0" is not pinned by digest`}},
		{name: "no tag no digest", snap: deploy(ctr("api", imgIs("nginx"))), want: v1alpha1.ResultFail, msg: []string{"not pinned by digest"}},
		{name: "short digest", snap: deploy(ctr("api", imgIs("api@sha256:abc123"))), want: v1alpha1.ResultFail,
			msg: []string{`malformed digest "sha256:abc123"`, "64 lowercase hex"}},
		{name: "uppercase hex", snap: deploy(ctr("api", imgIs("api@sha256:"+upperHex(imgSHA256Hex)))), want: v1alpha1.ResultFail,
			msg: []string{"malformed digest"}},
		{name: "65 hex characters", snap: deploy(ctr("api", imgIs("api@"+imgSHA256+"0"))), want: v1alpha1.ResultFail, msg: []string{"malformed digest"}},
		{name: "unknown algorithm", snap: deploy(ctr("api", imgIs("api@md5:0123456789abcdef0123456789abcdef"))), want: v1alpha1.ResultFail,
			msg: []string{`malformed digest "md5:`}},
		{name: "sha512 is not sha256", snap: deploy(ctr("api", imgIs("api@"+imgSHA512))), want: v1alpha1.ResultFail,
			msg: []string{"pinned by a sha512 digest"}},
		{name: "digest with an invalid tag", snap: deploy(ctr("api", imgIs("api:-bad@"+imgSHA256))), want: v1alpha1.ResultFail,
			msg: []string{"not a valid image reference", `tag "-bad"`}},
		{name: "empty image", snap: deploy(ctr("api", imgIs(""))), want: v1alpha1.ResultFail, msg: []string{`container "api" has no image`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", imgIs("api@"+imgSHA256))), ctr("proxy", asSidecar)),
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy"`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", imgIs("api@"+imgSHA256))), ctr("migrate")),
			want: v1alpha1.ResultFail, msg: []string{`init container "migrate"`}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", imgIs("postgres:16@"+imgSHA256)))), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), want: v1alpha1.ResultFail},
	})
}

// upperHex uppercases the letters of a hex string.
func upperHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
