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

func TestImageTagMutable(t *testing.T) {
	img := func(image string) func(*corev1.Container) { return func(c *corev1.Container) { c.Image = image } }
	one := func(image string) *Snapshot { return deploy(ctr("api", img(image))) }
	pass, fail, skip := v1alpha1.ResultPass, v1alpha1.ResultFail, v1alpha1.ResultSkip
	const digest = "@sha256:0000000000000000000000000000000000000000000000000000000000000000"
	cases := []checkCase{
		{name: "bare major", snap: one("redis:7"), want: fail,
			msg: []string{`container "api" image "redis:7" uses tag "7": 7 is a bare major version`, "use a full version tag"}},
		{name: "v major", snap: one("ghcr.io/acme/api:v2"), want: fail, msg: []string{"bare major version"}},
		{name: "alpine", snap: one("node:alpine"), want: fail, msg: []string{"a bare variant or distribution name"}},
		{name: "major and variant", snap: one("node:20-alpine"), want: fail, msg: []string{"20 is a bare major version"}},
		{name: "stable", snap: one("nginx:stable"), want: fail, msg: []string{`"stable" is a channel tag`}},
		{name: "stable slim", snap: one("nginx:stable-alpine-slim"), want: fail, msg: []string{`"stable"`}},
		{name: "main", snap: one("ghcr.io/acme/api:main"), want: fail},
		{name: "master", snap: one("acme/api:master"), want: fail},
		{name: "head", snap: one("acme/api:HEAD"), want: fail, msg: []string{`"head"`}},
		{name: "edge", snap: one("alpine:edge"), want: fail},
		{name: "latest_release", snap: one("acme/api:latest_release"), want: fail},
		{name: "nightly", snap: one("acme/api:nightly"), want: fail},
		{name: "distribution codename", snap: one("debian:bookworm-slim"), want: fail},
		{name: "full version", snap: one("redis:7.2.4"), want: pass, msg: []string{"no image uses a tag that is mutable by convention"}},
		{name: "minor version", snap: one("postgres:16.2"), want: pass},
		{name: "full version with variant", snap: one("node:20.12.2-alpine3.19"), want: pass},
		{name: "major with a versioned variant", snap: one("node:20-alpine3.19"), want: pass},
		{name: "date tag", snap: one("acme/api:2026-05-01"), want: pass},
		{name: "commit tag", snap: one("acme/api:sha-1a2b3c4"), want: pass},
		{name: "word that merely contains a channel", snap: one("acme/api:mainframe-1.0.0"), want: pass},
		{name: "digest", snap: one("redis:7" + digest), want: pass},
		{name: "latest is image-tag-pinned's", snap: one("redis:latest"), want: pass, msg: []string{"1 image has no tag or latest, which image-tag-pinned reports"}},
		{name: "no tag is image-tag-pinned's", snap: one("redis"), want: pass, msg: []string{"image-tag-pinned"}},
		{name: "allowed", snap: one("redis:7"), params: map[string]string{"allow": "7"}, want: pass},
		{name: "init container and sidecar", snap: withInit(deploy(ctr("api")), ctr("migrate", img("flyway/flyway:10")), ctr("proxy", asSidecar, img("envoyproxy/envoy:dev"))),
			want: fail, msg: []string{`init container "migrate"`, `sidecar "proxy"`}, notMsg: []string{`container "api"`}},
		{name: "no containers", snap: deploy(), want: skip},
		{name: "daemonset", snap: daemonSet(one("fluent/fluent-bit:3")), want: fail},
	}
	runCases(t, &imageTagMutable, cases)
}
