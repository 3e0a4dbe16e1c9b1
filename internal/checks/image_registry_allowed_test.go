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

func TestImageRegistryAllowed(t *testing.T) {
	allow := func(list string) map[string]string { return map[string]string{"registries": list} }
	acme := allow("registry.example.com,ghcr.io/acme")
	runCases(t, &imageRegistryAllowed, []checkCase{
		{name: "unset param", snap: deploy(ctr("api")), want: v1alpha1.ResultSkip,
			msg: []string{"no allowed registries configured; set param registries"}},
		{name: "host entry", snap: deploy(ctr("api")), params: acme, want: v1alpha1.ResultPass,
			msg: []string{"the image comes from an allowed registry", "registry.example.com, ghcr.io/acme"}},
		{name: "prefix entry", snap: deploy(ctr("api", imgIs("ghcr.io/acme/api:1.0"))), params: acme, want: v1alpha1.ResultPass},
		{name: "prefix entry deeper path", snap: deploy(ctr("api", imgIs("ghcr.io/acme/tools/cli@"+imgSHA256))), params: acme, want: v1alpha1.ResultPass},
		{name: "prefix matches whole segments only", snap: deploy(ctr("api", imgIs("ghcr.io/acme-evil/x:1.0"))), params: acme, want: v1alpha1.ResultFail,
			msg: []string{`container "api" image "ghcr.io/acme-evil/x:1.0" comes from ghcr.io/acme-evil/x`}},
		{name: "host entry does not allow a look-alike host", snap: deploy(ctr("api", imgIs("registry.example.com.evil.io/api:1"))), params: acme,
			want: v1alpha1.ResultFail},
		{name: "entry equal to the repository", snap: deploy(ctr("api", imgIs("ghcr.io/acme/api:1"))), params: allow("ghcr.io/acme/api"), want: v1alpha1.ResultPass},
		{name: "other registry", snap: deploy(ctr("api", imgIs("quay.io/acme/api:1"))), params: acme, want: v1alpha1.ResultFail,
			msg: []string{"comes from quay.io/acme/api"}},
		{name: "docker hub implicit", snap: deploy(ctr("api", imgIs("nginx:1.27"))), params: acme, want: v1alpha1.ResultFail,
			msg: []string{`image "nginx:1.27" comes from docker.io/library/nginx`}},
		{name: "docker.io entry covers implicit hub", snap: deploy(ctr("api", imgIs("nginx:1.27")), ctr("b", imgIs("library/redis:7"))),
			params: allow("docker.io"), want: v1alpha1.ResultPass},
		{name: "docker.io/library entry", snap: deploy(ctr("api", imgIs("nginx:1.27"))), params: allow("docker.io/library"), want: v1alpha1.ResultPass},
		{name: "docker.io/library entry excludes user repos", snap: deploy(ctr("api", imgIs("someone/nginx:1.27"))), params: allow("docker.io/library"),
			want: v1alpha1.ResultFail, msg: []string{"docker.io/someone/nginx"}},
		{name: "index.docker.io image is docker.io", snap: deploy(ctr("api", imgIs("index.docker.io/library/nginx:1.27"))), params: allow("docker.io"),
			want: v1alpha1.ResultPass},
		{name: "index.docker.io entry is docker.io", snap: deploy(ctr("api", imgIs("nginx:1.27"))), params: allow("index.docker.io"), want: v1alpha1.ResultPass},
		{name: "first component without dot is a hub path", snap: deploy(ctr("api", imgIs("registry/app:1"))), params: allow("registry"),
			want: v1alpha1.ResultFail, msg: []string{"docker.io/registry/app"}},
		{name: "registry port", snap: deploy(ctr("api", imgIs("registry:5000/app:1"))), params: allow("registry:5000"), want: v1alpha1.ResultPass},
		{name: "port is part of the host", snap: deploy(ctr("api", imgIs("registry.example.com:5000/app:1"))), params: acme, want: v1alpha1.ResultFail},
		{name: "localhost", snap: deploy(ctr("api", imgIs("localhost/app:1"))), params: allow("localhost"), want: v1alpha1.ResultPass},
		{name: "hosts compare case-insensitively", snap: deploy(ctr("api", imgIs("Registry.Example.com/app:1"))), params: allow("REGISTRY.example.com"),
			want: v1alpha1.ResultPass},
		{name: "entry with scheme and trailing slash", snap: deploy(ctr("api", imgIs("ghcr.io/acme/api:1"))), params: allow(" https://ghcr.io/acme/ "),
			want: v1alpha1.ResultPass},
		{name: "empty image", snap: deploy(ctr("api", imgIs(""))), params: acme, want: v1alpha1.ResultFail, msg: []string{`container "api" has no image`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api")), ctr("proxy", asSidecar, imgIs("envoyproxy/envoy:v1.31"))), params: acme,
			want: v1alpha1.ResultFail, msg: []string{`sidecar "proxy"`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api")), ctr("migrate", imgIs("busybox:1.36"))), params: acme,
			want: v1alpha1.ResultFail, msg: []string{`init container "migrate"`}},
		{name: "no containers", snap: deploy(), params: acme, want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", imgIs("postgres:16")))), params: acme, want: v1alpha1.ResultFail},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent"))), params: acme, want: v1alpha1.ResultPass},
	})
}
