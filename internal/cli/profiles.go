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

package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// profileOptions are the --profile and --profile-file flags of `checks` and `explain`: they
// show a profile's enforcement and, for a ReadinessProfile, its custom checks.
type profileOptions struct {
	name  string
	files []string
}

func (o *profileOptions) register(fs *pflag.FlagSet) {
	fs.StringVarP(&o.name, "profile", "p", "", "show the checks as a profile configures them: baseline, production, strict or a ReadinessProfile of --profile-file (the only one there when omitted)")
	fs.StringArrayVarP(&o.files, "profile-file", "f", nil, "file, directory or - (stdin) holding ReadinessProfiles; other documents are ignored (repeatable)")
}

// profileView is a resolved profile: its policy, and for a ReadinessProfile its spec.
type profileView struct {
	name string
	rp   *v1alpha1.ReadinessProfile
	pol  *checks.Policy
}

// resolve reads --profile-file and resolves --profile. It returns nil when neither is given
// (the catalogue alone). An unreadable file or an invalid profile is an input error naming the
// file and line.
func (o *profileOptions) resolve(env *Env) (*profileView, error) {
	if o.name == "" && len(o.files) == 0 {
		return nil, nil
	}
	ld := newLoader("", env.In, "")
	ld.load(o.files)
	if len(ld.errors) > 0 {
		return nil, inputErrors(ld.errors)
	}
	name := o.name
	if name == "" {
		names := make([]string, 0, len(ld.set.Profiles))
		for n := range ld.set.Profiles {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) != 1 {
			return nil, usageErrorf("--profile-file holds %d ReadinessProfiles (%s): name one with --profile", len(names), strings.Join(names, ", "))
		}
		name = names[0]
	}
	v := &profileView{name: name, rp: ld.set.Profiles[name]}
	if v.rp == nil && !checks.IsBuiltinProfile(name) {
		return nil, usageErrorf("--profile %q: not a built-in profile (%s) and no ReadinessProfile of that name in --profile-file", name, strings.Join(checks.BuiltinProfiles, ", "))
	}
	if v.rp != nil {
		pol, errs := checks.ResolveProfile(v.rp)
		if len(errs) > 0 {
			src := ld.profiles[name]
			list := make([]InputError, 0, len(errs))
			for _, fe := range errs {
				list = append(list, InputError{File: src.File, Line: src.Line, Message: fmt.Sprintf("ReadinessProfile %q: %s", name, fe.Error())})
			}
			return nil, inputErrors(list)
		}
		v.pol = pol
		return v, nil
	}
	pol, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: name}, nil)
	if len(errs) > 0 {
		return nil, usageErrorf("--profile %q: %s", name, errs.ToAggregate().Error())
	}
	v.pol = pol
	return v, nil
}

// inputErrors is the exit error of unusable --profile-file input, one line per error.
func inputErrors(list []InputError) error {
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = e.String()
	}
	return usageErrorf("%s", strings.Join(lines, "\n"))
}

// custom returns the ReadinessProfile's definition of a custom check, if id is one.
func (v *profileView) custom(id string) (*v1alpha1.CustomCheck, bool) {
	if v == nil || v.rp == nil {
		return nil, false
	}
	for i := range v.rp.Spec.CustomChecks {
		if v.rp.Spec.CustomChecks[i].ID == id {
			return &v.rp.Spec.CustomChecks[i], true
		}
	}
	return nil, false
}

// info describes a check as the profile configures it: a built-in check with its enforcement
// in the profile added, or a custom check with its rules.
func (v *profileView) info(e *checks.Entry, examples bool) CheckInfo {
	cc, isCustom := v.custom(e.Check.ID)
	if !isCustom {
		info := checkInfo(e.Check, examples)
		info.Profile = v.name
		info.Enforcement[v.name] = e.Enforcement
		return info
	}
	info := CheckInfo{
		ID: cc.ID, Title: cc.Title, Category: string(e.Check.Category), Kinds: cc.Kinds,
		Enforcement: map[string]v1alpha1.Enforcement{v.name: e.Enforcement},
		Description: strings.TrimSpace(cc.Description), Remediation: strings.TrimSpace(cc.Remediation),
		Docs: customCheckDocs(v.name, cc.ID), Profile: v.name, Custom: true,
	}
	if len(info.Kinds) == 0 {
		info.Kinds = checks.KindNames()
	}
	for _, p := range cc.Params {
		info.Params = append(info.Params, ParamInfo{Name: p.Name, Type: p.Type, Default: p.Default, Description: p.Description})
	}
	for _, r := range cc.Rules {
		info.Rules = append(info.Rules, RuleInfo{Expression: r.Expression, MessageExpression: r.MessageExpression, Message: r.Message})
	}
	return info
}
