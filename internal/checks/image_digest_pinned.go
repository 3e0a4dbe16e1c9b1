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

import "fmt"

func init() { register(&imageDigestPinned) }

var imageDigestPinned = Check{
	Meta: Meta{
		ID:       "image-digest-pinned",
		Title:    "Images are pinned by digest",
		Category: CategoryImages,
		Description: "Every image of every container, native sidecar and init container is pinned by " +
			"`@sha256:` followed by 64 lowercase hex characters; a tag may precede the digest " +
			"(`app:1.4.2@sha256:…`), and the digest is what the runtime pulls. A malformed digest, a " +
			"digest of another algorithm, a container without an image and an otherwise invalid " +
			"reference are violations. Skip when the pod template has no containers.",
		Rationale: "A tag is a mutable pointer: anyone who can push to the repository can change what " +
			"every new pod runs, without any change to the workload. A digest names exact content, " +
			"so every replica, every node and every rollback runs the image that was reviewed and " +
			"scanned, and a compromised registry cannot swap it.",
		Remediation: "Append the image's digest, keeping the tag for readers: " +
			"`image: registry.example.com/api:1.4.2@sha256:<64 hex>`. Get it with " +
			"`crane digest registry.example.com/api:1.4.2` or `docker buildx imagetools inspect`, " +
			"or let your CI or a tool such as Renovate write it.",
	},
	Run: runImageDigestPinned,
}

func runImageDigestPinned(s *Snapshot, _ Params) Outcome {
	f, n := imageFindings(s, imageDigestProblem)
	if n == 0 {
		return Skip("the pod template has no containers")
	}
	return f.Result("%s is pinned by sha256 digest", everyOne(n, "image"))
}

// imageDigestProblem says why a container's image is not pinned by a sha256 digest, or "".
func imageDigestProblem(c Container) string {
	if c.Image == "" {
		return c.Describe() + " has no image; set image to a reference pinned by @sha256: digest"
	}
	ref := parseImage(c.Image)
	switch {
	case !ref.hasDigest:
		return fmt.Sprintf("%s image %q is not pinned by digest; append @sha256:<digest>", c.Describe(), c.Image)
	case !ref.digestWellFormed():
		return fmt.Sprintf("%s image %q has a malformed digest %q; want @sha256: followed by 64 lowercase hex characters",
			c.Describe(), c.Image, ref.digest)
	case !ref.pinnedBySHA256():
		return fmt.Sprintf("%s image %q is pinned by a %s digest; pin it by its sha256 digest", c.Describe(), c.Image, ref.digestAlgorithm())
	case !ref.valid():
		return fmt.Sprintf("%s image %q is not a valid image reference: %s", c.Describe(), c.Image, ref.problem)
	}
	return ""
}
