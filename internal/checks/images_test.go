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
	"testing"

	corev1 "k8s.io/api/core/v1"
)

const (
	imgSHA256 = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	imgSHA512 = "sha512:" + imgSHA256Hex + imgSHA256Hex
	// imgSHA256Hex is the hex part of imgSHA256.
	imgSHA256Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func TestParseImage(t *testing.T) {
	cases := []struct {
		image      string
		registry   string
		path       string
		tag        string
		hasTag     bool
		digest     string
		repository string
		pinned     bool   // pinnedByDigest
		sha256     bool   // pinnedBySHA256
		problem    string // substring of the problem; "" means valid
	}{
		{image: "nginx", path: "nginx", repository: "docker.io/library/nginx"},
		{image: "nginx:1.27", path: "nginx", tag: "1.27", hasTag: true, repository: "docker.io/library/nginx"},
		{image: "library/nginx", path: "library/nginx", repository: "docker.io/library/nginx"},
		{image: "acme/app:v2", path: "acme/app", tag: "v2", hasTag: true, repository: "docker.io/acme/app"},
		{image: "docker.io/library/nginx:1.27", registry: "docker.io", path: "library/nginx", tag: "1.27", hasTag: true, repository: "docker.io/library/nginx"},
		{image: "docker.io/nginx", registry: "docker.io", path: "nginx", repository: "docker.io/library/nginx"},
		{image: "index.docker.io/library/nginx", registry: "index.docker.io", path: "library/nginx", repository: "docker.io/library/nginx"},
		{image: "registry:5000/app", registry: "registry:5000", path: "app", repository: "registry:5000/app"},
		{image: "registry:5000/app:1.0", registry: "registry:5000", path: "app", tag: "1.0", hasTag: true, repository: "registry:5000/app"},
		{image: "localhost/app:dev", registry: "localhost", path: "app", tag: "dev", hasTag: true, repository: "localhost/app"},
		{image: "localhost:5000/team/app", registry: "localhost:5000", path: "team/app", repository: "localhost:5000/team/app"},
		{image: "Registry.Example.com/app:1", registry: "Registry.Example.com", path: "app", tag: "1", hasTag: true, repository: "registry.example.com/app"},
		{image: "ghcr.io/acme/tools/cli:1.0", registry: "ghcr.io", path: "acme/tools/cli", tag: "1.0", hasTag: true, repository: "ghcr.io/acme/tools/cli"},
		{image: "app@" + imgSHA256, path: "app", digest: imgSHA256, repository: "docker.io/library/app", pinned: true, sha256: true},
		{image: "app:1.2@" + imgSHA256, path: "app", tag: "1.2", hasTag: true, digest: imgSHA256, repository: "docker.io/library/app", pinned: true, sha256: true},
		{image: "registry:5000/app@" + imgSHA256, registry: "registry:5000", path: "app", digest: imgSHA256, repository: "registry:5000/app", pinned: true, sha256: true},
		{image: "app@" + imgSHA512, path: "app", digest: imgSHA512, repository: "docker.io/library/app", pinned: true},
		{image: "app:latest", path: "app", tag: "latest", hasTag: true, repository: "docker.io/library/app"},
		{image: "app:Latest", path: "app", tag: "Latest", hasTag: true, repository: "docker.io/library/app"},
		// Invalid references.
		{image: "", repository: "docker.io/library/", problem: "empty"},
		{image: "app@sha256:abc", path: "app", digest: "sha256:abc", repository: "docker.io/library/app", problem: `digest "sha256:abc" is malformed`},
		{image: "app@sha256:" + strings.ToUpper(imgSHA256Hex), path: "app", digest: "sha256:" + strings.ToUpper(imgSHA256Hex), repository: "docker.io/library/app", problem: "malformed"},
		{image: "app@md5:0123456789abcdef0123456789abcdef", path: "app", digest: "md5:0123456789abcdef0123456789abcdef", repository: "docker.io/library/app", problem: "malformed"},
		{image: "app:", path: "app", hasTag: true, repository: "docker.io/library/app", problem: `tag "" is not valid`},
		{image: "App:1.0", path: "App", tag: "1.0", hasTag: true, repository: "docker.io/library/App", problem: `component "App"`},
		{image: "app :1.0", path: "app ", tag: "1.0", hasTag: true, repository: "docker.io/library/app ", problem: "whitespace"},
		{image: "ghcr.io/", registry: "ghcr.io", repository: "ghcr.io/", problem: "no repository name"},
		{image: "ghcr.io//app", registry: "ghcr.io", path: "/app", repository: "ghcr.io//app", problem: `component ""`},
	}
	for _, tc := range cases {
		t.Run(tc.image, func(t *testing.T) {
			r := parseImage(tc.image)
			if r.registry != tc.registry || r.path != tc.path || r.tag != tc.tag || r.hasTag != tc.hasTag || r.digest != tc.digest {
				t.Errorf("parts = registry %q path %q tag %q (hasTag %v) digest %q; want %q %q %q (%v) %q",
					r.registry, r.path, r.tag, r.hasTag, r.digest, tc.registry, tc.path, tc.tag, tc.hasTag, tc.digest)
			}
			if got := r.repository(); got != tc.repository {
				t.Errorf("repository() = %q, want %q", got, tc.repository)
			}
			if got := r.pinnedByDigest(); got != tc.pinned {
				t.Errorf("pinnedByDigest() = %v, want %v", got, tc.pinned)
			}
			if got := r.pinnedBySHA256(); got != tc.sha256 {
				t.Errorf("pinnedBySHA256() = %v, want %v", got, tc.sha256)
			}
			switch {
			case tc.problem == "" && !r.valid():
				t.Errorf("problem = %q, want a valid reference", r.problem)
			case tc.problem != "" && !strings.Contains(r.problem, tc.problem):
				t.Errorf("problem = %q, want it to contain %q", r.problem, tc.problem)
			}
		})
	}
}

func TestImplicitLatest(t *testing.T) {
	for image, want := range map[string]bool{
		"app":                   true,
		"registry:5000/app":     true,
		"app:1.0":               false,
		"app@" + imgSHA256:      false,
		"app:latest":            false, // explicit, not implicit
		"localhost:5000/a/b:v1": false,
	} {
		r := parseImage(image)
		if got := r.implicitLatest(); got != want {
			t.Errorf("%s: implicitLatest() = %v, want %v", image, got, want)
		}
	}
}

// imgIs sets a container's image.
func imgIs(image string) func(*corev1.Container) {
	return func(c *corev1.Container) { c.Image = image }
}

// imgPull sets a container's imagePullPolicy.
func imgPull(p corev1.PullPolicy) func(*corev1.Container) {
	return func(c *corev1.Container) { c.ImagePullPolicy = p }
}
