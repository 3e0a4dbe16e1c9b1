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

func TestImagePullPolicy(t *testing.T) {
	always, ifNotPresent, never := imgPull(corev1.PullAlways), imgPull(corev1.PullIfNotPresent), imgPull(corev1.PullNever)
	digest := imgIs("registry.example.com/api@" + imgSHA256)
	runCases(t, &imagePullPolicy, []checkCase{
		{name: "tag with Always", snap: deploy(ctr("api", always)), want: v1alpha1.ResultPass, msg: []string{"the image is pulled"}, notMsg: []string{"unset"}},
		{name: "tag with IfNotPresent", snap: deploy(ctr("api", ifNotPresent)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" image "registry.example.com/api:1.0.0" has imagePullPolicy IfNotPresent;`, "imagePullPolicy: Always"}},
		{name: "tag with unset policy defaults to IfNotPresent", snap: deploy(ctr("api")), want: v1alpha1.ResultFail,
			msg: []string{"IfNotPresent (unset; Kubernetes defaults it to IfNotPresent for a tag other than latest)"}},
		{name: "digest with IfNotPresent passes", snap: deploy(ctr("api", digest, ifNotPresent)), want: v1alpha1.ResultPass},
		{name: "digest with unset policy passes", snap: deploy(ctr("api", digest)), want: v1alpha1.ResultPass, msg: []string{"1 without imagePullPolicy, evaluated with the Kubernetes default"}},
		{name: "tag and digest with IfNotPresent passes", snap: deploy(ctr("api", imgIs("api:1.2@"+imgSHA256), ifNotPresent)), want: v1alpha1.ResultPass},
		{name: "digest with Always passes", snap: deploy(ctr("api", digest, always)), want: v1alpha1.ResultPass},
		{name: "malformed digest is not a pin", snap: deploy(ctr("api", imgIs("api@sha256:abc"), ifNotPresent)), want: v1alpha1.ResultFail,
			msg: []string{"IfNotPresent"}},
		{name: "malformed digest unset policy", snap: deploy(ctr("api", imgIs("api@sha256:abc"))), want: v1alpha1.ResultFail,
			msg: []string{"defaults it to IfNotPresent for an image with a digest"}},
		{name: "latest with unset policy defaults to Always", snap: deploy(ctr("api", imgIs("api:latest"))), want: v1alpha1.ResultPass,
			msg: []string{"1 without imagePullPolicy, evaluated with the Kubernetes default"}},
		{name: "no tag with unset policy defaults to Always", snap: deploy(ctr("api", imgIs("registry:5000/api"))), want: v1alpha1.ResultPass},
		{name: "latest with IfNotPresent", snap: deploy(ctr("api", imgIs("api:latest"), ifNotPresent)), want: v1alpha1.ResultFail},
		{name: "Never fails even with a digest", snap: deploy(ctr("api", digest, never)), want: v1alpha1.ResultFail,
			msg: []string{`container "api" has imagePullPolicy Never`}},
		{name: "empty image", snap: deploy(ctr("api", imgIs(""), always)), want: v1alpha1.ResultFail, msg: []string{`container "api" has no image`}},
		{name: "native sidecar", snap: withInit(deploy(ctr("api", always)), ctr("proxy", asSidecar, ifNotPresent)), want: v1alpha1.ResultFail,
			msg: []string{`sidecar "proxy"`}, notMsg: []string{`container "api"`}},
		{name: "plain init container", snap: withInit(deploy(ctr("api", always)), ctr("migrate")), want: v1alpha1.ResultFail,
			msg: []string{`init container "migrate"`, "unset"}},
		{name: "no containers", snap: deploy(), want: v1alpha1.ResultSkip, msg: []string{"no containers"}},
		{name: "statefulset", snap: statefulSet(deploy(ctr("db", digest))), want: v1alpha1.ResultPass},
		{name: "daemonset", snap: daemonSet(deploy(ctr("agent", ifNotPresent))), want: v1alpha1.ResultFail},
	})
}
