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

package controller

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

// Every registered workload kind must be accepted by the CRD's targetRef (kind and apiVersion
// enums and the kind/apiVersion rule) and by the ReadinessPolicy CRD's spec.kinds, readable and label-patchable by the manager's role, and
// matched by the promotion label webhook: adding a kind file without its markers fails here.
func TestRegisteredKindsAreWiredEverywhere(t *testing.T) {
	root, err := testenv.Root()
	if err != nil {
		t.Fatal(err)
	}
	read := func(rel string, into any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(b, into); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
	}
	var crd apiextensionsv1.CustomResourceDefinition
	read("config/crd/bases/readiness.prodready.io_productionreadinesses.yaml", &crd)
	ref := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["targetRef"]
	enum := func(p apiextensionsv1.JSONSchemaProps) []string {
		var out []string
		for _, e := range p.Enum {
			out = append(out, strings.Trim(string(e.Raw), `"`))
		}
		return out
	}
	var rules []string
	for _, v := range ref.XValidations {
		rules = append(rules, v.Rule)
	}
	var policyCRD apiextensionsv1.CustomResourceDefinition
	read("config/crd/bases/readiness.prodready.io_readinesspolicies.yaml", &policyCRD)
	policyKinds := enum(*policyCRD.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["kinds"].Items.Schema)
	var role rbacv1.ClusterRole
	read("config/rbac/role.yaml", &role)
	var hooks admissionregistrationv1.ValidatingWebhookConfiguration
	read("config/webhook/manifests.yaml", &hooks)

	for _, k := range checks.Kinds() {
		if !slices.Contains(enum(ref.Properties["kind"]), k.Kind) {
			t.Errorf("%s: missing from the CRD's spec.targetRef.kind enum", k.Kind)
		}
		if !slices.Contains(policyKinds, k.Kind) {
			t.Errorf("%s: missing from the ReadinessPolicy CRD's spec.kinds enum", k.Kind)
		}
		if !slices.Contains(enum(ref.Properties["apiVersion"]), k.APIVersion()) {
			t.Errorf("%s: %s missing from the CRD's spec.targetRef.apiVersion enum", k.Kind, k.APIVersion())
		}
		if !strings.Contains(strings.Join(rules, " "), "'"+k.Kind+"'") || !strings.Contains(strings.Join(rules, " "), "'"+k.APIVersion()+"'") {
			t.Errorf("%s: the targetRef kind/apiVersion rule does not name it with %s", k.Kind, k.APIVersion())
		}
		verbs := map[string]bool{}
		for _, r := range role.Rules {
			if slices.Contains(r.APIGroups, k.Group) && slices.Contains(r.Resources, k.Resource) {
				for _, v := range r.Verbs {
					verbs[v] = true
				}
			}
		}
		for _, v := range []string{"get", "list", "watch", "patch"} {
			if !verbs[v] {
				t.Errorf("%s: the manager role lacks %s on %s.%s", k.Kind, v, k.Resource, k.Group)
			}
		}
		matched := false
		for _, h := range hooks.Webhooks {
			if !strings.HasPrefix(h.Name, "vpromotionlabel") {
				continue
			}
			for _, r := range h.Rules {
				if slices.Contains(r.APIGroups, k.Group) && slices.Contains(r.APIVersions, k.Version) && slices.Contains(r.Resources, k.Resource) {
					matched = true
				}
			}
		}
		if !matched {
			t.Errorf("%s: the promotion label webhook does not match %s/%s %s", k.Kind, k.Group, k.Version, k.Resource)
		}
	}
}
