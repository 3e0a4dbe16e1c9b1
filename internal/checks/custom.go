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
	"sync"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
)

// CustomEntry is a custom check of a ReadinessProfile (spec.customChecks[]) compiled into an
// ordinary Check, with the enforcement the profile gives it.
type CustomEntry struct {
	Check       *Check
	Enforcement v1alpha1.Enforcement
}

// CustomCompiler compiles a ReadinessProfile's spec.customChecks into checks. Errors name fields
// of the ReadinessProfile (spec.customChecks[i].rules[j].expression). The engine does not
// compile CEL itself (it imports no CEL library): package internal/customcheck registers the
// compiler at init time, and a binary that resolves ReadinessProfiles imports that package.
type CustomCompiler func(rp *v1alpha1.ReadinessProfile) ([]CustomEntry, field.ErrorList)

var (
	customMu       sync.RWMutex
	customCompiler CustomCompiler
)

// RegisterCustomCompiler installs the compiler of custom checks. It is called once, from the
// init function of the package that implements it.
func RegisterCustomCompiler(c CustomCompiler) {
	customMu.Lock()
	defer customMu.Unlock()
	customCompiler = c
}

// addCustomChecks appends a profile's custom checks to its policy, after the built-in ones.
// Without a registered compiler a profile with custom checks is refused rather than evaluated
// without them.
func addCustomChecks(pol *Policy, rp *v1alpha1.ReadinessProfile) field.ErrorList {
	if len(rp.Spec.CustomChecks) == 0 {
		return nil
	}
	path := field.NewPath("spec", "customChecks")
	customMu.RLock()
	compile := customCompiler
	customMu.RUnlock()
	if compile == nil {
		return field.ErrorList{field.InternalError(path, fmt.Errorf("this build cannot evaluate custom checks"))}
	}
	var errs field.ErrorList
	for i, cc := range rp.Spec.CustomChecks {
		if _, ok := Lookup(cc.ID); ok {
			errs = append(errs, field.Invalid(path.Index(i).Child("id"), cc.ID, "is the id of a built-in check; custom checks need their own id"))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	entries, cerrs := compile(rp)
	if len(cerrs) > 0 {
		return cerrs
	}
	for _, ce := range entries {
		if pol.entry(ce.Check.ID) != nil {
			errs = append(errs, field.Duplicate(path.Child("id"), ce.Check.ID))
			continue
		}
		params, _ := ParseParams(&ce.Check.Meta, Params{}, nil)
		pol.Entries = append(pol.Entries, Entry{Check: ce.Check, Enforcement: ce.Enforcement, Params: params})
	}
	return errs
}
