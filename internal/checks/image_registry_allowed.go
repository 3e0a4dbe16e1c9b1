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

import "strings"

func init() { register(&imageRegistryAllowed) }

var imageRegistryAllowed = Check{
	Meta: Meta{
		ID:       "image-registry-allowed",
		Title:    "Images come from allowed registries",
		Category: CategoryImages,
		Description: "Every image of every container, native sidecar and init container comes from one of " +
			"the entries of param `registries`. An entry is a registry host (`registry.example.com`, " +
			"`localhost:5000`) or a host and path prefix (`ghcr.io/acme`), matched on whole path " +
			"segments: `ghcr.io/acme` allows `ghcr.io/acme/api` but not `ghcr.io/acme-evil/api`. Hosts " +
			"compare case-insensitively and a port is part of the host. An image without a registry " +
			"host is on Docker Hub (`nginx` is `docker.io/library/nginx`), and `index.docker.io` is " +
			"`docker.io`; the first path component is a registry host only when it contains `.` or `:` " +
			"or is `localhost`. A container without an image is a violation. Skip when `registries` is " +
			"not set (the check is Disabled in every built-in profile) or the pod template has no containers.",
		Rationale: "Pulling from arbitrary registries bypasses the scanning, signing and retention your " +
			"organisation applies to its own, exposes workloads to typo-squatted or hijacked public " +
			"images, and ties rollouts to the availability and rate limits of a third party. An " +
			"allow-list makes every image's origin an explicit, reviewed decision.",
		Remediation: "Mirror or rebuild the image into an allowed registry and reference it there, e.g. " +
			"`image: registry.example.com/mirror/nginx:1.27`, or add its registry to the policy: " +
			"`spec.checks: [{id: image-registry-allowed, params: {registries: \"registry.example.com,ghcr.io/acme\"}}]`.",
		Params: []ParamSpec{{
			Name: "registries",
			Type: ParamList,
			Description: "Comma-separated allowed registry hosts or host/path prefixes " +
				"(e.g. `registry.example.com,ghcr.io/acme,docker.io/library`). No default: unset means Skip.",
		}},
	},
	Run: runImageRegistryAllowed,
}

func runImageRegistryAllowed(s *Snapshot, p Params) Outcome {
	raw := p.List("registries")
	if len(raw) == 0 {
		return Skip("no allowed registries configured; set param registries")
	}
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	allowed := make([]string, len(raw))
	for i, e := range raw {
		allowed[i] = normalizeRegistryEntry(e)
	}
	var f Findings
	for _, c := range containers {
		if c.Image == "" {
			f.Add(c.Name, "%s has no image; set image to a reference from an allowed registry", c.Describe())
			continue
		}
		ref := parseImage(c.Image)
		repo := ref.repository()
		if !registryAllows(allowed, repo) {
			f.Add(c.Name, "%s image %q comes from %s, which no allowed registry (%s) covers; use an image from an allowed registry",
				c.Describe(), c.Image, repo, strings.Join(allowed, ", "))
		}
	}
	return f.Result("%s comes from an allowed registry (%s)", everyOne(len(containers), "image"), strings.Join(allowed, ", "))
}

// normalizeRegistryEntry turns an allowed-registry entry into the form of imageRef.repository:
// no scheme or trailing slash, the host lowercase and Docker Hub's names folded into docker.io.
func normalizeRegistryEntry(entry string) string {
	e := strings.TrimSpace(entry)
	for _, scheme := range []string{"https://", "http://"} {
		if len(e) >= len(scheme) && strings.EqualFold(e[:len(scheme)], scheme) {
			e = e[len(scheme):]
		}
	}
	e = strings.Trim(e, "/")
	host, path, _ := strings.Cut(e, "/")
	host = normalizeRegistryHost(host)
	if path == "" {
		return host
	}
	return host + "/" + path
}

// registryAllows reports whether a fully qualified repository is an entry or lies below one on a
// path-segment boundary.
func registryAllows(entries []string, repo string) bool {
	for _, e := range entries {
		if repo == e || strings.HasPrefix(repo, e+"/") {
			return true
		}
	}
	return false
}
