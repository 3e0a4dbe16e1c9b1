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

package customcheck_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

// TestCRDRefusesBuiltinIDs: the CRD's x-kubernetes-validations rule on spec.customChecks[]
// lists exactly the built-in check ids (update the XValidation marker on CustomCheck in
// api/v1alpha1 when the catalogue changes, then `make manifests`).
func TestCRDRefusesBuiltinIDs(t *testing.T) {
	root, err := testenv.Root()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "config", "crd", "bases", "readiness.prodready.io_readinessprofiles.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.Unmarshal(raw, &crd); err != nil {
		t.Fatal(err)
	}
	item := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["customChecks"].Items.Schema
	var rule string
	for _, v := range item.XValidations {
		if strings.HasPrefix(v.Rule, "!(self.id in [") {
			rule = v.Rule
		}
	}
	m := regexp.MustCompile(`^!\(self\.id in \[([^\]]*)\]\)$`).FindStringSubmatch(rule)
	if m == nil {
		t.Fatalf("no built-in id rule on spec.customChecks[] in the ReadinessProfile CRD (found %q)", rule)
	}
	var listed []string
	for _, q := range strings.Split(m[1], ",") {
		listed = append(listed, strings.Trim(strings.TrimSpace(q), "'"))
	}
	want := checks.IDs()
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("the CRD rule lists %v,\nthe catalogue is %v", listed, want)
	}
}
