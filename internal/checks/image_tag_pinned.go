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
	"strings"
)

func init() { register(&imageTagPinned) }

var imageTagPinned = Check{
	Meta: Meta{
		ID:       "image-tag-pinned",
		Title:    "Images have an explicit tag other than latest",
		Category: CategoryImages,
		Description: "Every image of every container, native sidecar and init container has an explicit tag " +
			"that is not `latest`, or a digest (`@sha256:…`). A reference without a tag pulls `latest`; " +
			"the colon in `registry:5000/app` belongs to the registry port, so that image has no tag. " +
			"Tags are case-sensitive: only `latest` itself is flagged. A container without an image, and an " +
			"image that is not a valid reference (such as a malformed digest), are violations. " +
			"Skip when the pod template has no containers.",
		Rationale: "`latest` (or no tag) names whatever was pushed last, so two pods of the same " +
			"ReplicaSet can run different code, a node restart silently upgrades a workload, and a " +
			"rollback to the previous revision brings back the new image. A version tag makes " +
			"each rollout an explicit change you can review and revert.",
		Remediation: "Set `image` to a versioned tag or a digest, e.g. " +
			"`image: registry.example.com/api:1.4.2` or `image: registry.example.com/api@sha256:…`; " +
			"for a registry with a port write the tag after the repository: `registry:5000/app:1.4.2`.",
	},
	Run: runImageTagPinned,
}

func runImageTagPinned(s *Snapshot, _ Params) Outcome {
	f, n := imageFindings(s, imageTagProblem)
	if n == 0 {
		return Skip("the pod template has no containers")
	}
	return f.Result("%s is pinned by a version tag or a digest", everyOne(n, "image"))
}

// imageTagProblem says why a container's image is not pinned by tag or digest, or "".
func imageTagProblem(c Container) string {
	if c.Image == "" {
		return c.Describe() + " has no image; set image to a versioned reference"
	}
	ref := parseImage(c.Image)
	switch {
	case !ref.valid():
		return fmt.Sprintf("%s image %q is not a valid image reference: %s", c.Describe(), c.Image, ref.problem)
	case ref.pinnedByDigest():
		return ""
	case ref.implicitLatest():
		port := ""
		if strings.Contains(ref.registry, ":") {
			port = fmt.Sprintf(" (the colon in %q is the registry port)", ref.registry)
		}
		return fmt.Sprintf("%s image %q has no tag, so Kubernetes pulls %q%s; add a version tag or an @sha256: digest",
			c.Describe(), c.Image, latestTag, port)
	case ref.tag == latestTag:
		return fmt.Sprintf("%s image %q uses the tag %q; use a version tag or an @sha256: digest", c.Describe(), c.Image, latestTag)
	}
	return ""
}
