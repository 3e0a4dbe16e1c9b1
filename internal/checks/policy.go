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

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Policy is a resolved ProductionReadiness spec: every check with its enforcement and validated
// params, plus the exemptions to apply.
type Policy struct {
	// Profile is the profile named by the spec.
	Profile string
	// BasedOn is the built-in profile underneath (Profile itself for a built-in).
	BasedOn string
	// Entries lists every check in catalogue order, Disabled ones included.
	Entries []Entry
	// Exemptions are the spec's exemptions, validated.
	Exemptions []v1alpha1.Exemption
}

// Entry is one check of a policy.
type Entry struct {
	Check       *Check
	Enforcement v1alpha1.Enforcement
	Params      Params
}

// ProfileGetter looks up an organisation ReadinessProfile by name.
type ProfileGetter func(name string) (*v1alpha1.ReadinessProfile, bool)

// ProfileName returns the profile a spec uses (the default when empty).
func ProfileName(spec *v1alpha1.ProductionReadinessSpec) string {
	if spec.Profile == "" {
		return DefaultProfile
	}
	return spec.Profile
}

// Resolve turns a ProductionReadiness spec into a Policy. Errors name the offending field
// (spec.profile, spec.checks[i].id, spec.checks[i].params.min, spec.exemptions[i].checks[j])
// and the value; they are what the operator reports as InvalidSpec and the webhook denies.
// profiles may be nil when no organisation profiles exist.
func Resolve(spec *v1alpha1.ProductionReadinessSpec, profiles ProfileGetter) (*Policy, field.ErrorList) {
	name := ProfileName(spec)
	var (
		pol      *Policy
		disallow map[string]bool
		errs     field.ErrorList
		orgName  string
	)
	switch {
	case IsBuiltinProfile(name):
		pol = builtinPolicy(name)
	default:
		var rp *v1alpha1.ReadinessProfile
		ok := false
		if profiles != nil {
			rp, ok = profiles(name)
		}
		if !ok {
			return nil, field.ErrorList{notFound(field.NewPath("spec", "profile"), name,
				fmt.Sprintf("not a built-in profile (%s) and no ReadinessProfile of that name exists", strings.Join(BuiltinProfiles, ", ")))}
		}
		var perrs field.ErrorList
		pol, perrs = ResolveProfile(rp)
		if len(perrs) > 0 {
			return nil, field.ErrorList{field.Invalid(field.NewPath("spec", "profile"), name,
				fmt.Sprintf("ReadinessProfile %q is invalid: %s", name, perrs.ToAggregate().Error()))}
		}
		pol.Profile = name
		orgName = name
		disallow = make(map[string]bool, len(rp.Spec.DisallowExemptions))
		for _, id := range rp.Spec.DisallowExemptions {
			disallow[id] = true
		}
	}

	errs = append(errs, applyOverrides(pol, spec.Checks, field.NewPath("spec", "checks"), func(i int, o v1alpha1.CheckOverride, e *Entry) *field.Error {
		if !disallow[o.ID] {
			return nil
		}
		p := field.NewPath("spec", "checks").Index(i)
		if o.Enforcement != "" && weaker(o.Enforcement, e.Enforcement) {
			return field.Forbidden(p.Child("enforcement"), fmt.Sprintf("ReadinessProfile %q disallows weakening check %q (%s)", orgName, o.ID, e.Enforcement))
		}
		if len(o.Params) > 0 {
			return field.Forbidden(p.Child("params"), fmt.Sprintf("ReadinessProfile %q disallows changing the params of check %q", orgName, o.ID))
		}
		return nil
	})...)

	expath := field.NewPath("spec", "exemptions")
	for i, ex := range spec.Exemptions {
		p := expath.Index(i)
		if strings.TrimSpace(ex.Reason) == "" {
			errs = append(errs, field.Required(p.Child("reason"), "every exemption needs a reason"))
		}
		if len(ex.Checks) == 0 {
			errs = append(errs, field.Required(p.Child("checks"), "name at least one check"))
		}
		for j, id := range ex.Checks {
			if pol.entry(id) == nil {
				errs = append(errs, notFound(p.Child("checks").Index(j), id, "unknown check id; `prodready checks` lists them"))
				continue
			}
			if disallow[id] {
				errs = append(errs, field.Forbidden(p.Child("checks").Index(j), fmt.Sprintf("ReadinessProfile %q disallows exemptions for check %q", orgName, id)))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	pol.Exemptions = spec.Exemptions
	return pol, nil
}

// ResolveProfile validates an organisation profile and returns its policy (no exemptions).
// Errors name fields of the ReadinessProfile.
func ResolveProfile(rp *v1alpha1.ReadinessProfile) (*Policy, field.ErrorList) {
	basedOn := rp.Spec.BasedOn
	if basedOn == "" {
		basedOn = DefaultProfile
	}
	if !IsBuiltinProfile(basedOn) {
		return nil, field.ErrorList{field.NotSupported(field.NewPath("spec", "basedOn"), basedOn, BuiltinProfiles)}
	}
	pol := builtinPolicy(basedOn)
	pol.Profile = rp.Name
	errs := addCustomChecks(pol, rp)
	errs = append(errs, applyOverrides(pol, rp.Spec.Checks, field.NewPath("spec", "checks"), nil)...)
	for i, id := range rp.Spec.DisallowExemptions {
		if pol.entry(id) == nil {
			errs = append(errs, notFound(field.NewPath("spec", "disallowExemptions").Index(i), id, "unknown check id"))
		}
	}
	return pol, errs
}

// builtinPolicy is a built-in profile's policy with default params.
func builtinPolicy(name string) *Policy {
	all := All()
	pol := &Policy{Profile: name, BasedOn: name, Entries: make([]Entry, 0, len(all))}
	for _, c := range all {
		params, _ := ParseParams(&c.Meta, Params{}, BuiltinParams(name, c.ID))
		pol.Entries = append(pol.Entries, Entry{Check: c, Enforcement: BuiltinEnforcement(name, c.ID), Params: params})
	}
	return pol
}

// applyOverrides layers spec.checks-style overrides onto a policy. guard, when set, may refuse
// an override (disallowed weakening).
func applyOverrides(pol *Policy, overrides []v1alpha1.CheckOverride, path *field.Path,
	guard func(i int, o v1alpha1.CheckOverride, e *Entry) *field.Error) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, o := range overrides {
		p := path.Index(i)
		if seen[o.ID] {
			errs = append(errs, field.Duplicate(p.Child("id"), o.ID))
			continue
		}
		seen[o.ID] = true
		e := pol.entry(o.ID)
		if e == nil {
			errs = append(errs, notFound(p.Child("id"), o.ID, "unknown check id; `prodready checks` lists them"))
			continue
		}
		switch o.Enforcement {
		case "", v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory, v1alpha1.EnforcementDisabled:
		default:
			errs = append(errs, field.NotSupported(p.Child("enforcement"), o.Enforcement,
				[]v1alpha1.Enforcement{v1alpha1.EnforcementRequired, v1alpha1.EnforcementAdvisory, v1alpha1.EnforcementDisabled}))
			continue
		}
		if guard != nil {
			if err := guard(i, o, e); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		params, perrs := ParseParams(&e.Check.Meta, e.Params, o.Params)
		for _, pe := range perrs {
			errs = append(errs, field.Invalid(p.Child("params").Key(pe.Param), pe.Value, fmt.Sprintf("check %q: %s", o.ID, pe.Message)))
		}
		if len(perrs) > 0 {
			continue
		}
		e.Params = params
		if o.Enforcement != "" {
			e.Enforcement = o.Enforcement
		}
	}
	return errs
}

func (p *Policy) entry(id string) *Entry {
	for i := range p.Entries {
		if p.Entries[i].Check.ID == id {
			return &p.Entries[i]
		}
	}
	return nil
}

// Entry returns the policy's entry for a check id.
func (p *Policy) Entry(id string) (*Entry, bool) {
	e := p.entry(id)
	return e, e != nil
}

// weaker reports whether enforcement a is weaker than b.
func weaker(a, b v1alpha1.Enforcement) bool {
	rank := map[v1alpha1.Enforcement]int{v1alpha1.EnforcementDisabled: 0, v1alpha1.EnforcementAdvisory: 1, v1alpha1.EnforcementRequired: 2}
	return rank[a] < rank[b]
}

// notFound is field.NotFound with a detail that says what to do.
func notFound(path *field.Path, value any, detail string) *field.Error {
	return &field.Error{Type: field.ErrorTypeNotFound, Field: path.String(), BadValue: value, Detail: detail}
}
