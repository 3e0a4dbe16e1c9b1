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

	corev1 "k8s.io/api/core/v1"
)

func init() { register(&imagePullPolicy) }

var imagePullPolicy = Check{
	Meta: Meta{
		ID:       "image-pull-policy",
		Title:    "Images are pulled Always unless pinned by digest",
		Category: CategoryImages,
		Description: "Every container, native sidecar and init container pulls its image with " +
			"`imagePullPolicy: Always`, unless the image is pinned by digest (`@sha256:…`), which is " +
			"immutable, so `IfNotPresent` is fine. An unset policy is evaluated as Kubernetes defaults " +
			"it: `Always` when the tag is `latest` or absent, otherwise `IfNotPresent`. `Never` is a " +
			"violation even for a digest, and so is a container without an image. Skip when the pod " +
			"template has no containers.",
		Rationale: "With `IfNotPresent` a node keeps running whatever it cached under a tag: after the " +
			"tag is re-pushed (a hotfix, a rebuilt base image) old and new nodes run different code " +
			"under the same name, and the image's registry credentials are never re-checked. `Never` " +
			"makes pods fail to start on any node that does not already hold the image.",
		Remediation: "Set `imagePullPolicy: Always` on the container, or pin the image by digest " +
			"(`image: registry.example.com/api:1.4.2@sha256:…`) and keep `IfNotPresent`.",
	},
	Run: runImagePullPolicy,
}

func runImagePullPolicy(s *Snapshot, _ Params) Outcome {
	containers := s.Workload.AllContainers()
	if len(containers) == 0 {
		return Skip("the pod template has no containers")
	}
	var f Findings
	defaulted := 0
	for _, c := range containers {
		if c.Image == "" {
			f.Add(c.Name, "%s has no image; set image", c.Describe())
			continue
		}
		ref := parseImage(c.Image)
		policy, why := effectivePullPolicy(c.ImagePullPolicy, &ref)
		if why != "" {
			defaulted++
		}
		switch {
		case policy == corev1.PullNever:
			f.Add(c.Name, "%s has imagePullPolicy Never, so pods fail on nodes without image %q; set imagePullPolicy: Always",
				c.Describe(), c.Image)
		case ref.pinnedByDigest() || policy == corev1.PullAlways:
		default:
			f.Add(c.Name, "%s image %q has imagePullPolicy %s%s; set imagePullPolicy: Always or pin the image by @sha256: digest",
				c.Describe(), c.Image, policy, why)
		}
	}
	msg := fmt.Sprintf("%s is pulled Always or pinned by digest", everyOne(len(containers), "image"))
	if defaulted > 0 {
		msg += fmt.Sprintf(" (%d without imagePullPolicy, evaluated with the Kubernetes default)", defaulted)
	}
	return f.Result("%s", msg)
}

// effectivePullPolicy is the policy Kubernetes applies: the one set, or when unset Always for the
// tag "latest" (written or implied by a reference with neither tag nor digest) and IfNotPresent
// otherwise. why explains a defaulted policy for messages ("" when the policy was set).
func effectivePullPolicy(set corev1.PullPolicy, ref *imageRef) (policy corev1.PullPolicy, why string) {
	if set != "" {
		return set, ""
	}
	switch {
	case ref.implicitLatest():
		return corev1.PullAlways, " (unset; Kubernetes defaults it to Always for an image without tag)"
	case ref.hasTag && ref.tag == latestTag:
		return corev1.PullAlways, ` (unset; Kubernetes defaults it to Always for the tag "latest")`
	}
	if !ref.hasTag {
		return corev1.PullIfNotPresent, " (unset; Kubernetes defaults it to IfNotPresent for an image with a digest)"
	}
	return corev1.PullIfNotPresent, " (unset; Kubernetes defaults it to IfNotPresent for a tag other than latest)"
}
