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

// Package policy resolves ReadinessPolicy objects: which policies cover a namespace and a
// workload, and the floor they set. It is pure (no client, no clock): the operator, the admission
// webhook and the CLI all call it with what they read, so the same objects give the same verdict
// everywhere.
//
// The floor. Every ProductionReadiness in a namespace a policy matches (for a target of a kind
// the policy covers and, when the workload is known, labels its workloadSelector matches) is
// evaluated at least as strictly as the policy's profile:
//
//   - every check gets the stricter of its own enforcement and the floor's
//     (Required > Advisory > Disabled); a check the floor makes Required or Advisory runs with
//     the floor's params; the floor's custom checks (ReadinessProfile spec.customChecks) join
//     an object using another profile;
//   - an override in spec.checks that weakens a floor check, or changes the params of a check the
//     floor makes Required, is an error naming the policy and the field;
//   - an exemption of a check the floor's ReadinessProfile disallows, without an expiry when the
//     policy requires one, or lasting longer than maxDuration from now, is an error too.
//
// Several policies combine check by check: the stricter enforcement wins and brings its params
// (on a tie, the policy first by name); disallowed exemptions add up; requireExpiry holds when
// any policy sets it; the shortest maxDuration applies.
package policy

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// DefaultKinds are the kinds a policy covers when spec.kinds is unset: every registered kind but
// Job (a Job is a run to completion, not something promoted).
func DefaultKinds() []string {
	return slices.DeleteFunc(checks.KindNames(), func(k string) bool { return k == checks.KindJob })
}

// KindsOf returns the kinds a policy covers.
func KindsOf(p *v1alpha1.ReadinessPolicy) []string {
	if len(p.Spec.Kinds) == 0 {
		return DefaultKinds()
	}
	return p.Spec.Kinds
}

// ProfileName is the policy's floor profile (the default when empty).
func ProfileName(p *v1alpha1.ReadinessPolicy) string {
	if p.Spec.Profile == "" {
		return checks.DefaultProfile
	}
	return p.Spec.Profile
}

// Validate checks what the CRD schema cannot: the selectors parse, the kinds are registered,
// maxDuration parses and is positive, and the profile exists and is valid. Errors name fields
// of the ReadinessPolicy.
func Validate(p *v1alpha1.ReadinessPolicy, profiles checks.ProfileGetter) field.ErrorList {
	var errs field.ErrorList
	spec := field.NewPath("spec")
	if p.Spec.NamespaceSelector == nil {
		errs = append(errs, field.Required(spec.Child("namespaceSelector"), "{} selects every namespace"))
	} else if _, err := metav1.LabelSelectorAsSelector(p.Spec.NamespaceSelector); err != nil {
		errs = append(errs, field.Invalid(spec.Child("namespaceSelector"), "", "not a valid label selector: "+err.Error()))
	}
	if p.Spec.WorkloadSelector != nil {
		if _, err := metav1.LabelSelectorAsSelector(p.Spec.WorkloadSelector); err != nil {
			errs = append(errs, field.Invalid(spec.Child("workloadSelector"), "", "not a valid label selector: "+err.Error()))
		}
	}
	for i, k := range p.Spec.Kinds {
		if _, ok := checks.LookupKind(k); !ok {
			errs = append(errs, field.NotSupported(spec.Child("kinds").Index(i), k, checks.KindNames()))
		}
	}
	if g := p.Spec.Exemptions; g != nil && g.MaxDuration != "" {
		if d, err := time.ParseDuration(g.MaxDuration); err != nil || d <= 0 {
			errs = append(errs, field.Invalid(spec.Child("exemptions", "maxDuration"), g.MaxDuration, "a positive duration such as 720h or 90m"))
		}
	}
	if _, perrs := floorPolicy(p, profiles); len(perrs) > 0 {
		errs = append(errs, perrs...)
	}
	return errs
}

// floorPolicy resolves the policy's profile (built-in or ReadinessProfile) and the checks it
// disallows exempting.
func floorPolicy(p *v1alpha1.ReadinessPolicy, profiles checks.ProfileGetter) (*checks.Policy, field.ErrorList) {
	name := ProfileName(p)
	pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: name}, profiles)
	for _, e := range errs {
		e.Field = field.NewPath("spec", "profile").String()
	}
	return pol, errs
}

// matches evaluates an optional selector against labels; nil matches everything. A selector
// that does not parse matches nothing (Validate reports it).
func matches(sel *metav1.LabelSelector, l map[string]string) bool {
	if sel == nil {
		return true
	}
	ok, err := checks.SelectorMatches(sel, l, true) // the engine's conversion, memoised
	return err == nil && ok
}

// MatchesNamespace reports whether the policy selects a namespace with these labels.
func MatchesNamespace(p *v1alpha1.ReadinessPolicy, nsLabels map[string]string) bool {
	return p.Spec.NamespaceSelector != nil && matches(p.Spec.NamespaceSelector, nsLabels)
}

// Covers reports whether the policy covers a workload of a kind with these labels in a
// namespace with these labels.
func Covers(p *v1alpha1.ReadinessPolicy, nsLabels map[string]string, kind string, workloadLabels map[string]string) bool {
	return MatchesNamespace(p, nsLabels) && slices.Contains(KindsOf(p), kind) && matches(p.Spec.WorkloadSelector, workloadLabels)
}

// Target describes what a ProductionReadiness evaluates, for choosing the policies that apply.
type Target struct {
	// NamespaceLabels are the labels of the ProductionReadiness's namespace.
	NamespaceLabels map[string]string
	// Kind is spec.targetRef.kind.
	Kind string
	// WorkloadLabels are the target's labels; nil when the target is not known (then a policy's
	// workloadSelector is taken to match: the stricter choice).
	WorkloadLabels map[string]string
}

// Applicable returns the policies whose floor applies to a target, sorted by name.
func Applicable(policies []v1alpha1.ReadinessPolicy, t Target) []*v1alpha1.ReadinessPolicy {
	var out []*v1alpha1.ReadinessPolicy
	for i := range policies {
		p := &policies[i]
		if !MatchesNamespace(p, t.NamespaceLabels) || !slices.Contains(KindsOf(p), t.Kind) {
			continue
		}
		if t.WorkloadLabels != nil && !matches(p.Spec.WorkloadSelector, t.WorkloadLabels) {
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Floor is the combined floor of the policies that apply to one ProductionReadiness.
type Floor struct {
	// Policies are the names of the policies combined, sorted.
	Policies []string
	checks   map[string]floorCheck
	// forbidden maps a check id to the policy whose profile disallows exempting it.
	forbidden map[string]string
	// requireExpiry names a policy requiring exemption expiries ("" when none does).
	requireExpiry string
	maxDuration   time.Duration
	maxPolicy     string
}

type floorCheck struct {
	check       *checks.Check
	enforcement v1alpha1.Enforcement
	params      checks.Params
	policy      string
}

// Empty reports whether no policy contributes to the floor.
func (f *Floor) Empty() bool { return f == nil || len(f.Policies) == 0 }

var rank = map[v1alpha1.Enforcement]int{v1alpha1.EnforcementDisabled: 0, v1alpha1.EnforcementAdvisory: 1, v1alpha1.EnforcementRequired: 2}

// Stricter returns the stricter of two enforcements (Required > Advisory > Disabled).
func Stricter(a, b v1alpha1.Enforcement) v1alpha1.Enforcement {
	if rank[a] >= rank[b] {
		return a
	}
	return b
}

// Combine builds the floor of the given policies. A policy whose profile does not resolve is
// left out and returned in skipped (its own status reports it; it must not block teams).
func Combine(policies []*v1alpha1.ReadinessPolicy, profiles checks.ProfileGetter) (f *Floor, skipped []string) {
	f = &Floor{checks: map[string]floorCheck{}, forbidden: map[string]string{}}
	ps := slices.Clone(policies)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	for _, p := range ps {
		pol, errs := floorPolicy(p, profiles)
		if len(errs) > 0 {
			skipped = append(skipped, p.Name)
			continue
		}
		f.Policies = append(f.Policies, p.Name)
		for _, e := range pol.Entries {
			cur, ok := f.checks[e.Check.ID]
			if !ok || rank[e.Enforcement] > rank[cur.enforcement] {
				f.checks[e.Check.ID] = floorCheck{check: e.Check, enforcement: e.Enforcement, params: e.Params, policy: p.Name}
			}
		}
		if rp, ok := orgProfile(p, profiles); ok {
			for _, id := range rp.Spec.DisallowExemptions {
				if _, dup := f.forbidden[id]; !dup {
					f.forbidden[id] = p.Name
				}
			}
		}
		if g := p.Spec.Exemptions; g != nil {
			if g.RequireExpiry && f.requireExpiry == "" {
				f.requireExpiry = p.Name
			}
			if d, err := time.ParseDuration(g.MaxDuration); err == nil && d > 0 && (f.maxDuration == 0 || d < f.maxDuration) {
				f.maxDuration, f.maxPolicy = d, p.Name
			}
		}
	}
	return f, skipped
}

func orgProfile(p *v1alpha1.ReadinessPolicy, profiles checks.ProfileGetter) (*v1alpha1.ReadinessProfile, bool) {
	name := ProfileName(p)
	if checks.IsBuiltinProfile(name) || profiles == nil {
		return nil, false
	}
	return profiles(name)
}

// Apply raises a resolved ProductionReadiness policy to the floor and returns the errors of the
// spec against it (weakening overrides, forbidden exemptions), each naming the policy and the
// field. pol is modified in place. now is the reference for maxDuration.
func Apply(spec *v1alpha1.ProductionReadinessSpec, pol *checks.Policy, f *Floor, now time.Time) field.ErrorList {
	if f.Empty() {
		return nil
	}
	var errs field.ErrorList
	cpath := field.NewPath("spec", "checks")
	for i, o := range spec.Checks {
		fc, ok := f.checks[o.ID]
		if !ok || fc.enforcement == v1alpha1.EnforcementDisabled {
			continue
		}
		p := cpath.Index(i)
		if o.Enforcement != "" && rank[o.Enforcement] < rank[fc.enforcement] {
			errs = append(errs, field.Forbidden(p.Child("enforcement"),
				fmt.Sprintf("ReadinessPolicy %q makes check %q %s in this namespace; it may not be set %s", fc.policy, o.ID, fc.enforcement, o.Enforcement)))
		}
		if fc.enforcement == v1alpha1.EnforcementRequired && len(o.Params) > 0 {
			if e, ok := pol.Entry(o.ID); ok && !maps.Equal(e.Params.Values(), fc.params.Values()) {
				errs = append(errs, field.Forbidden(p.Child("params"),
					fmt.Sprintf("ReadinessPolicy %q requires check %q with its profile's params (%s)", fc.policy, o.ID, describeParams(fc.params))))
			}
		}
	}
	epath := field.NewPath("spec", "exemptions")
	for i, ex := range spec.Exemptions {
		p := epath.Index(i)
		for j, id := range ex.Checks {
			if pol, ok := f.forbidden[id]; ok {
				errs = append(errs, field.Forbidden(p.Child("checks").Index(j),
					fmt.Sprintf("ReadinessPolicy %q disallows exemptions for check %q (its profile's disallowExemptions)", pol, id)))
			}
		}
		switch {
		case ex.Expires == nil && f.requireExpiry != "":
			errs = append(errs, field.Required(p.Child("expires"),
				fmt.Sprintf("ReadinessPolicy %q requires every exemption to expire", f.requireExpiry)))
		case ex.Expires != nil && f.maxDuration > 0 && ex.Expires.Sub(now) > f.maxDuration:
			errs = append(errs, field.Invalid(p.Child("expires"), ex.Expires.UTC().Format(time.RFC3339),
				fmt.Sprintf("ReadinessPolicy %q allows exemptions of at most %s from now", f.maxPolicy, f.maxDuration)))
		}
	}
	for k := range pol.Entries {
		e := &pol.Entries[k]
		fc, ok := f.checks[e.Check.ID]
		if !ok || rank[fc.enforcement] < rank[e.Enforcement] || fc.enforcement == v1alpha1.EnforcementDisabled {
			continue
		}
		if fc.enforcement == v1alpha1.EnforcementRequired || rank[fc.enforcement] > rank[e.Enforcement] {
			e.Params = fc.params
		}
		e.Enforcement = fc.enforcement
	}
	// Checks of the floor the object's profile does not have (the custom checks of the floor's
	// ReadinessProfile) join it, after its own, in id order.
	ids := make([]string, 0, len(f.checks))
	for id, fc := range f.checks {
		if _, ok := pol.Entry(id); !ok && fc.enforcement != v1alpha1.EnforcementDisabled {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		fc := f.checks[id]
		pol.Entries = append(pol.Entries, checks.Entry{Check: fc.check, Enforcement: fc.enforcement, Params: fc.params})
	}
	return errs
}

func describeParams(p checks.Params) string {
	v := p.Values()
	if len(v) == 0 {
		return "none"
	}
	keys := slices.Sorted(maps.Keys(v))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + v[k]
	}
	return strings.Join(parts, ", ")
}

// Resolve is checks.Resolve with the floor of the given policies applied: what the operator,
// the webhook and the CLI evaluate. Errors of the spec itself and against the floor are
// returned together.
func Resolve(spec *v1alpha1.ProductionReadinessSpec, profiles checks.ProfileGetter, policies []*v1alpha1.ReadinessPolicy, now time.Time) (*checks.Policy, *Floor, field.ErrorList) {
	pol, errs := checks.Resolve(spec, profiles)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	f, _ := Combine(policies, profiles)
	if ferrs := Apply(spec, pol, f, now); len(ferrs) > 0 {
		return nil, f, ferrs
	}
	return pol, f, nil
}

// GeneratedSpec is the spec of the ProductionReadiness the operator generates for a workload the
// policies cover: the profile of the first policy that generates (else of the first policy), its
// promotion settings. The operator, the workload webhook and the CLI judge an untargeted covered
// workload with it.
func GeneratedSpec(policies []*v1alpha1.ReadinessPolicy, k *checks.WorkloadKind, name string) v1alpha1.ProductionReadinessSpec {
	var from *v1alpha1.ReadinessPolicy
	for _, p := range policies {
		if p.Spec.Generate {
			from = p
			break
		}
	}
	if from == nil && len(policies) > 0 {
		from = policies[0]
	}
	spec := v1alpha1.ProductionReadinessSpec{TargetRef: v1alpha1.TargetRef{APIVersion: k.APIVersion(), Kind: k.Kind, Name: name}}
	if from != nil {
		spec.Profile = ProfileName(from)
		spec.Promotion = from.Spec.Promotion.DeepCopy()
	}
	return spec
}
