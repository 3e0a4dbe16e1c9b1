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
	"slices"
	"strings"
)

func init() { register(&imageTagMutable) }

var imageTagMutable = Check{
	Meta: Meta{
		ID:       "image-tag-mutable",
		Title:    "Image tags are not mutable by convention",
		Category: CategoryImages,
		Description: "No image of a container, native sidecar or init container uses a tag that is moved " +
			"to new builds by convention: a channel or branch name (`stable`, `main`, `master`, `head`, " +
			"`edge`, `nightly`, `dev`, `canary`, `lts`, `release`, `latest_release`…), a bare variant or " +
			"distribution name (`alpine`, `slim`, `bookworm`, `jammy`…), a bare major version (`redis:7`, " +
			"`v2`), or a combination of these (`7-alpine`, `stable-slim`). Tags are split into words on " +
			"`-` and `_`; a tag with a full version, a minor version, a date or a commit in it " +
			"(`7.2.4`, `16.2`, `7-alpine3.19`, `2026-05-01`, `sha-1a2b3c`) passes, and so does a digest. " +
			"An image without a tag or with `latest` is left to image-tag-pinned. Param `allow` lists " +
			"tags to accept. Skip when the pod template has no containers.",
		Rationale: "A tag such as `redis:7` or `node:alpine` is re-pushed with every release of the line it " +
			"tracks, so the same manifest runs different code on different nodes and after every " +
			"restart, rollbacks do not restore the previous image, and a vulnerability scan of the tag " +
			"is out of date the next day.",
		Remediation: "Use a full version tag (`redis:7.2.4`, `node:20.12.2-alpine3.19`) or a digest " +
			"(`@sha256:…`), and let a bot (Renovate, Dependabot) propose updates.",
		Params: []ParamSpec{{
			Name:        "allow",
			Type:        ParamList,
			Description: "Tags (exact, case-sensitive) that are accepted although they look mutable.",
		}},
	},
	Run: runImageTagMutable,
}

// mutableTagWords are channel and branch names that registries move to new builds.
var mutableTagWords = map[string]bool{
	"latest": true, "stable": true, "main": true, "master": true, "head": true, "edge": true,
	"nightly": true, "dev": true, "develop": true, "development": true, "canary": true,
	"unstable": true, "testing": true, "current": true, "lts": true, "release": true,
	"mainline": true, "trunk": true, "snapshot": true, "rolling": true, "next": true,
	"preview": true, "beta": true, "alpha": true, "rc": true, "experimental": true,
	"insider": true, "prod": true, "production": true, "staging": true, "live": true,
}

// variantTagWords are image variants and base distributions, mutable when they stand alone or
// beside a bare major version.
var variantTagWords = map[string]bool{
	"alpine": true, "slim": true, "bookworm": true, "bullseye": true, "buster": true,
	"trixie": true, "jammy": true, "focal": true, "noble": true, "bionic": true, "debian": true,
	"ubuntu": true, "distroless": true, "musl": true, "jdk": true, "jre": true, "full": true,
	"windowsservercore": true, "nanoserver": true, "ubi": true, "minimal": true, "fpm": true,
	"apache": true, "cli": true, "perl": true,
}

var bareMajor = regexp.MustCompile(`^[vV]?\d+$`)

// mutableTag says why a tag is mutable by convention, or "" when it is not.
func mutableTag(tag string) string {
	words := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	if len(words) == 0 {
		return ""
	}
	var channel, major string
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case mutableTagWords[lw]:
			channel = lw
		case variantTagWords[lw]:
		case i == 0 && bareMajor.MatchString(w):
			major = w
		default:
			return ""
		}
	}
	switch {
	case channel != "":
		return fmt.Sprintf("%q is a channel tag that moves to every new build", channel)
	case major != "":
		return fmt.Sprintf("%s is a bare major version, re-pushed with every release of that line", major)
	}
	return "a bare variant or distribution name, re-pushed with every release"
}

func runImageTagMutable(s *Snapshot, p Params) Outcome {
	allow := p.List("allow")
	leftToPinned := 0
	f, n := imageFindings(s, func(c Container) string {
		ref := parseImage(c.Image)
		switch {
		case c.Image == "" || !ref.valid() || ref.pinnedByDigest():
			return ""
		case ref.implicitLatest() || ref.tag == latestTag:
			leftToPinned++
			return ""
		case slices.Contains(allow, ref.tag):
			return ""
		}
		if why := mutableTag(ref.tag); why != "" {
			return fmt.Sprintf("%s image %q uses tag %q: %s; use a full version tag or an @sha256: digest", c.Describe(), c.Image, ref.tag, why)
		}
		return ""
	})
	if n == 0 {
		return Skip("the pod template has no containers")
	}
	if leftToPinned > 0 {
		f.Note("%d %s no tag or latest, which image-tag-pinned reports", leftToPinned, byCount(leftToPinned, "image has", "images have"))
	}
	return f.Result("no image uses a tag that is mutable by convention")
}
