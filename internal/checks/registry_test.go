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

package checks_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var categories = map[checks.Category]bool{
	checks.CategoryRollout: true, checks.CategoryHealth: true, checks.CategoryResources: true,
	checks.CategoryImages: true, checks.CategorySecrets: true, checks.CategoryAvailability: true,
	checks.CategoryScaling: true, checks.CategorySecurity: true, checks.CategoryNetwork: true,
	checks.CategoryConfig: true, checks.CategoryObservability: true, checks.CategoryHygiene: true,
}

// TestRegistry is the catalogue's meta-test: a check without docs, a table test or a pass and a
// fail fixture fails CI, as does a profile entry without a check or a check outside the profiles.
func TestRegistry(t *testing.T) {
	all := checks.All()
	if len(all) == 0 {
		t.Fatal("no checks registered")
	}
	seen := map[string]bool{}
	for _, c := range all {
		t.Run(c.ID, func(t *testing.T) {
			if seen[c.ID] {
				t.Fatalf("duplicate id")
			}
			seen[c.ID] = true
			if !kebab.MatchString(c.ID) || len(c.ID) > 63 {
				t.Errorf("id %q is not kebab-case of at most 63 characters", c.ID)
			}
			for field, v := range map[string]string{"Title": c.Title, "Description": c.Description, "Rationale": c.Rationale, "Remediation": c.Remediation} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("Meta.%s is empty", field)
				}
			}
			if !categories[c.Category] {
				t.Errorf("unknown category %q", c.Category)
			}
			for _, k := range c.Kinds {
				if _, ok := checks.LookupKind(k); !ok {
					t.Errorf("unknown kind %q", k)
				}
			}
			for _, p := range c.Params {
				if p.Name == "" || p.Description == "" || p.Type == "" {
					t.Errorf("param %+v lacks a name, type or description", p)
				}
			}
			pass, _ := filepath.Glob(filepath.Join("testdata", c.ID, "pass-*.yaml"))
			fail, _ := filepath.Glob(filepath.Join("testdata", c.ID, "fail-*.yaml"))
			if len(pass) == 0 || len(fail) == 0 {
				t.Errorf("testdata/%s needs at least one pass-*.yaml and one fail-*.yaml fixture (have %d pass, %d fail)", c.ID, len(pass), len(fail))
			}
			test := strings.ReplaceAll(c.ID, "-", "_") + "_test.go"
			if _, err := os.Stat(test); err != nil {
				t.Errorf("check has no table test %s", test)
			}
			src := strings.ReplaceAll(c.ID, "-", "_") + ".go"
			if _, err := os.Stat(src); err != nil {
				t.Errorf("check does not live in its own file %s", src)
			}
			doc := filepath.Join("..", "..", "docs", "checks", c.ID+".md")
			if _, err := os.Stat(doc); err != nil {
				t.Errorf("check has no generated doc page %s (make docs)", doc)
			}
		})
	}
	// Every profile lists exactly the registered checks.
	for _, id := range checks.IDs() {
		for _, p := range checks.BuiltinProfiles {
			e := checks.BuiltinEnforcement(p, id)
			if e != v1alpha1.EnforcementRequired && e != v1alpha1.EnforcementAdvisory && e != v1alpha1.EnforcementDisabled {
				t.Errorf("profile %s: check %s has enforcement %q", p, id, e)
			}
		}
	}
	for _, id := range checks.CatalogueIDs() {
		if _, ok := checks.Lookup(id); !ok {
			t.Errorf("profile table lists %q but no such check is registered", id)
		}
	}
	if got, want := len(all), len(checks.CatalogueIDs()); got != want {
		t.Errorf("%d checks registered, profile table lists %d", got, want)
	}
}
