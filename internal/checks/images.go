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
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Image references, shared by the image checks. A reference is
//
//	[registry/]path[:tag][@algorithm:hex]
//
// as the container runtime reads it (the grammar of distribution/reference): the first path
// component is a registry host only when it contains "." or ":" or is "localhost", and a ":" is
// a tag separator only after the last "/" (so "registry:5000/app" has no tag).

const (
	dockerHub       = "docker.io"
	dockerHubLegacy = "index.docker.io"
	// latestTag is the tag a runtime pulls when a reference has neither tag nor digest.
	latestTag = "latest"
)

var (
	imagePathComponent = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$`)
	imageTagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	imageDigestHex     = regexp.MustCompile(`^[a-f0-9]+$`)
	// imageDigestLengths are the digest algorithms runtimes verify, with their hex lengths.
	imageDigestLengths = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}
)

// imageFindings records what problem says about each container, native sidecar and init
// container (problem returns "" for an image that is fine), and returns how many containers
// the pod template has.
func imageFindings(s *Snapshot, problem func(Container) string) (f Findings, containers int) {
	all := s.Workload.AllContainers()
	for _, c := range all {
		if msg := problem(c); msg != "" {
			f.Add(c.Name, "%s", msg)
		}
	}
	return f, len(all)
}

// imageRef is a parsed image reference. Parsing is lenient: every part is filled in as written
// even when the reference is invalid, and problem says what is wrong with it.
type imageRef struct {
	// raw is the reference as written.
	raw string
	// registry is the host[:port] as written, or "" when the reference names none (Docker Hub).
	registry string
	// path is the repository path as written, without registry, tag or digest.
	path string
	// tag is the tag, valid only when hasTag.
	tag    string
	hasTag bool
	// digest is "algorithm:hex" as written, valid only when hasDigest.
	digest    string
	hasDigest bool
	// problem is why the reference is invalid (the kubelet refuses it with InvalidImageName),
	// or "" when it is valid.
	problem string
}

// parseImage splits an image reference into its parts.
func parseImage(image string) imageRef {
	ref := imageRef{raw: image}
	rest := image
	if i := strings.IndexByte(rest, '@'); i >= 0 {
		ref.digest, ref.hasDigest = rest[i+1:], true
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && i > strings.LastIndexByte(rest, '/') {
		ref.tag, ref.hasTag = rest[i+1:], true
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 && isRegistryHost(rest[:i]) {
		ref.registry = rest[:i]
		rest = rest[i+1:]
	}
	ref.path = rest
	ref.problem = ref.validate()
	return ref
}

// isRegistryHost reports whether the first component of a reference names a registry.
func isRegistryHost(component string) bool {
	return strings.ContainsAny(component, ".:") || component == "localhost"
}

// validate returns what makes the reference invalid, or "".
func (r *imageRef) validate() string {
	switch {
	case r.raw == "":
		return "the image is empty"
	case strings.IndexFunc(r.raw, unicode.IsSpace) >= 0:
		return "it contains whitespace"
	case r.path == "":
		return "it has no repository name"
	}
	for _, c := range strings.Split(r.path, "/") {
		if !imagePathComponent.MatchString(c) {
			return fmt.Sprintf("repository component %q is not valid (lowercase letters, digits and separators . _ -)", c)
		}
	}
	if r.hasTag && !imageTagPattern.MatchString(r.tag) {
		return fmt.Sprintf("tag %q is not valid", r.tag)
	}
	if r.hasDigest && !r.digestWellFormed() {
		return fmt.Sprintf("digest %q is malformed (want sha256: followed by 64 lowercase hex characters)", r.digest)
	}
	return ""
}

// valid reports whether the reference is well formed.
func (r *imageRef) valid() bool { return r.problem == "" }

// digestAlgorithm is the digest's algorithm ("sha256"), or "" without a digest.
func (r *imageRef) digestAlgorithm() string {
	if !r.hasDigest {
		return ""
	}
	algo, _, _ := strings.Cut(r.digest, ":")
	return algo
}

// digestWellFormed reports whether the digest is a known algorithm followed by the right number
// of lowercase hex characters.
func (r *imageRef) digestWellFormed() bool {
	algo, hex, ok := strings.Cut(r.digest, ":")
	n, known := imageDigestLengths[algo]
	return ok && known && len(hex) == n && imageDigestHex.MatchString(hex)
}

// pinnedByDigest reports whether the reference carries a well-formed digest, so that what it
// names can never change.
func (r *imageRef) pinnedByDigest() bool { return r.hasDigest && r.digestWellFormed() }

// pinnedBySHA256 reports whether the reference carries a well-formed sha256 digest.
func (r *imageRef) pinnedBySHA256() bool {
	return r.pinnedByDigest() && r.digestAlgorithm() == "sha256"
}

// implicitLatest reports whether a runtime resolves the reference to the "latest" tag: it has
// neither tag nor digest.
func (r *imageRef) implicitLatest() bool { return !r.hasTag && !r.hasDigest }

// host is the normalised registry host: lowercase, Docker Hub when none is written, and
// index.docker.io folded into docker.io.
func (r *imageRef) host() string {
	return normalizeRegistryHost(r.registry)
}

// normalizeRegistryHost lowercases a registry host and folds Docker Hub's names into docker.io.
func normalizeRegistryHost(h string) string {
	h = strings.ToLower(h)
	if h == "" || h == dockerHubLegacy {
		return dockerHub
	}
	return h
}

// repository is the fully qualified repository: host/path, with Docker Hub's implicit
// "library/" for official images ("nginx" is docker.io/library/nginx).
func (r *imageRef) repository() string {
	h := r.host()
	if h == dockerHub && !strings.Contains(r.path, "/") {
		return h + "/library/" + r.path
	}
	return h + "/" + r.path
}
