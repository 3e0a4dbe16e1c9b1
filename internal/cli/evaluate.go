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
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
	"github.com/prodready/prodready/internal/policy"
	"github.com/prodready/prodready/internal/snapshot"

	// The CEL compiler of custom checks: without it a profile with custom checks is refused.
	_ "github.com/prodready/prodready/internal/customcheck"
)

// evaluator evaluates the workloads of a loaded input.
type evaluator struct {
	set *snapshot.Manifests
	// profileSources says where each ReadinessProfile of the input was read.
	profileSources map[string]manifest.Source
	// cluster supplies related objects and ReadinessProfiles with --cluster; nil offline.
	cluster *clusterReader
	now     time.Time
	// profile is --profile: the profile of workloads no ProductionReadiness targets.
	profile string
	// namespaceLabels (--namespace-labels) are the labels of the input's namespaces that no
	// Namespace object of the input describes; they decide which ReadinessPolicies apply.
	namespaceLabels map[string]string
	// policies are the valid ReadinessPolicies of the input (invalid ones are reported).
	policies []v1alpha1.ReadinessPolicy

	// report holds the input errors and the custom checks of the evaluated profiles; its
	// Results only when out is nil.
	report   Report
	warnings []string

	// out writes each result as it is produced; count counts them (the exit code).
	out      reportWriter
	count    tally
	writeErr error
	// evaluated counts the workloads evaluated; interrupted is set when the context was
	// cancelled (SIGINT, SIGTERM) before every workload was.
	evaluated   int
	interrupted bool
	// afterWorkload, when set, is called after each workload is evaluated (tests).
	afterWorkload func(evaluated int)

	// byTarget indexes the input's ProductionReadiness objects by the workload they target,
	// workloadAt the workloads (targetKey → index in set.Workloads).
	byTarget   map[string][]int
	workloadAt map[string]int
}

// targetKey identifies a workload: namespace, kind and name (unique in the input).
func targetKey(namespace, kind, name string) string {
	return namespace + "\x00" + kind + "\x00" + name
}

// index builds byTarget and workloadAt, so that matching ProductionReadiness objects and
// workloads is linear in the input.
func (e *evaluator) index() {
	e.workloadAt = make(map[string]int, len(e.set.Workloads))
	for i := range e.set.Workloads {
		w := &e.set.Workloads[i].Workload
		e.workloadAt[targetKey(w.Namespace(), w.Kind(), w.Name())] = i
	}
	e.byTarget = make(map[string][]int, len(e.set.Readiness))
	for j := range e.set.Readiness {
		pr := &e.set.Readiness[j].Object
		k := targetKey(pr.Namespace, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)
		e.byTarget[k] = append(e.byTarget[k], j)
	}
}

// target returns the workload of the input a ProductionReadiness targets.
func (e *evaluator) target(pr *snapshot.ReadinessDoc) (*snapshot.WorkloadDoc, bool) {
	i, ok := e.workloadAt[targetKey(pr.Object.Namespace, pr.Object.Spec.TargetRef.Kind, pr.Object.Spec.TargetRef.Name)]
	if !ok {
		return nil, false
	}
	return &e.set.Workloads[i], true
}

// run evaluates every workload: once per ProductionReadiness of the input that targets it, or
// with --profile when none does. Invalid ProductionReadiness and ReadinessProfile objects are
// reported as input errors naming their file, line and field; their workloads are skipped and
// the others evaluated. The error is a usage error (an unusable --profile).
//
// A cancelled context (SIGINT, SIGTERM) stops the run before the next workload, setting
// interrupted; so does an error writing a result (writeErr).
func (e *evaluator) run(ctx context.Context) error {
	e.index()
	getter := e.profileGetter(ctx)
	defaultPolicy, errs := checks.Resolve(&v1alpha1.ProductionReadinessSpec{Profile: e.profile}, getter)
	if len(errs) > 0 {
		return usageErrorf("--profile %q: %s", e.profile, errs.ToAggregate().Error())
	}
	e.validateProfiles()
	e.validatePolicies(getter)
	policies := e.resolveReadiness(getter)
	for i := range e.set.Workloads {
		if ctx.Err() != nil {
			e.interrupted = true
			return nil
		}
		if e.writeErr != nil {
			return nil
		}
		w := &e.set.Workloads[i]
		targeted := e.byTarget[targetKey(w.Workload.Namespace(), w.Workload.Kind(), w.Workload.Name())]
		for _, j := range targeted {
			if policies[j] != nil {
				e.evaluate(ctx, w, policies[j], e.set.Readiness[j].Object.Name)
			}
		}
		if len(targeted) == 0 {
			pol, name := e.untargeted(w, defaultPolicy, getter)
			if pol != nil {
				e.evaluate(ctx, w, pol, name)
			}
		}
		e.evaluated++
		if e.afterWorkload != nil {
			e.afterWorkload(e.evaluated)
		}
	}
	return nil
}

// untargeted is the policy of a workload no ProductionReadiness of the input targets: what the
// operator would generate for it (a ReadinessPolicy with generate covering it: that policy's
// profile, named as the operator names it), else --profile; either raised to the floor of the
// policies that cover it.
func (e *evaluator) untargeted(w *snapshot.WorkloadDoc, defaultPolicy *checks.Policy, getter checks.ProfileGetter) (*checks.Policy, string) {
	applicable := e.applicable(w.Workload.Namespace(), w.Workload.Kind(), workloadLabels(w))
	if len(applicable) == 0 {
		return defaultPolicy, ""
	}
	spec := v1alpha1.ProductionReadinessSpec{Profile: e.profile}
	name := ""
	for _, p := range applicable {
		if p.Spec.Generate {
			spec.Profile = policy.ProfileName(p)
			name = controllerGeneratedName(w.Workload.Kind(), w.Workload.Name())
			break
		}
	}
	pol, _, errs := policy.Resolve(&spec, getter, applicable, e.now)
	if len(errs) > 0 {
		for _, fe := range errs {
			e.fail(w.Source, fmt.Sprintf("%s %s/%s: %s", w.Workload.Kind(), w.Workload.Namespace(), w.Workload.Name(), fe.Error()))
		}
		return nil, ""
	}
	return pol, name
}

// controllerGeneratedName is the name the operator gives the ProductionReadiness it generates
// (kind and name; the operator adds a hash only on a collision, which the input cannot show).
func controllerGeneratedName(kind, name string) string {
	return strings.ToLower(kind) + "-" + name
}

// validatePolicies reports every invalid ReadinessPolicy of the input, naming file, line and
// field, and keeps the valid ones.
func (e *evaluator) validatePolicies(getter checks.ProfileGetter) {
	for i := range e.set.Policies {
		pd := &e.set.Policies[i]
		if errs := policy.Validate(&pd.Object, getter); len(errs) > 0 {
			for _, fe := range errs {
				e.fail(pd.Source, fmt.Sprintf("ReadinessPolicy %q: %s", pd.Object.Name, fe.Error()))
			}
			continue
		}
		e.policies = append(e.policies, pd.Object)
	}
}

// applicable returns the input's policies whose floor applies in a namespace to a workload of
// kind (labels nil when the workload is not in the input).
func (e *evaluator) applicable(namespace, kind string, labels map[string]string) []*v1alpha1.ReadinessPolicy {
	if len(e.policies) == 0 {
		return nil
	}
	nsLabels, ok := e.set.Namespaces[namespace]
	if !ok {
		nsLabels = map[string]string{corev1.LabelMetadataName: namespace}
		for k, v := range e.namespaceLabels {
			nsLabels[k] = v
		}
	}
	return policy.Applicable(e.policies, policy.Target{NamespaceLabels: nsLabels, Kind: kind, WorkloadLabels: labels})
}

func workloadLabels(w *snapshot.WorkloadDoc) map[string]string {
	l := w.Workload.Meta().GetLabels()
	if l == nil {
		l = map[string]string{}
	}
	return l
}

// profileGetter finds a ReadinessProfile in the input, then (with --cluster) in the cluster.
func (e *evaluator) profileGetter(ctx context.Context) checks.ProfileGetter {
	input := e.set.ProfileGetter()
	return func(name string) (*v1alpha1.ReadinessProfile, bool) {
		if rp, ok := input(name); ok {
			return rp, true
		}
		if e.cluster != nil {
			return e.cluster.profile(ctx, name)
		}
		return nil, false
	}
}

// validateProfiles reports every invalid ReadinessProfile of the input, used or not.
func (e *evaluator) validateProfiles() {
	names := make([]string, 0, len(e.set.Profiles))
	for name := range e.set.Profiles {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := e.profileSources[names[i]], e.profileSources[names[j]]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	for _, name := range names {
		if _, errs := checks.ResolveProfile(e.set.Profiles[name]); len(errs) > 0 {
			src := e.profileSources[name]
			for _, fe := range errs {
				e.fail(src, fmt.Sprintf("ReadinessProfile %q: %s", name, fe.Error()))
			}
		}
	}
}

// resolveReadiness resolves every ProductionReadiness of the input (nil for invalid ones, which
// are reported) and warns about those whose target is not in the input.
func (e *evaluator) resolveReadiness(getter checks.ProfileGetter) []*checks.Policy {
	policies := make([]*checks.Policy, len(e.set.Readiness))
	for j := range e.set.Readiness {
		pr := &e.set.Readiness[j]
		errs := validateTargetRef(&pr.Object.Spec.TargetRef)
		var pol *checks.Policy
		if len(errs) == 0 {
			var labels map[string]string
			if w, ok := e.target(pr); ok {
				labels = workloadLabels(w)
			}
			pol, _, errs = policy.Resolve(&pr.Object.Spec, getter, e.applicable(pr.Object.Namespace, pr.Object.Spec.TargetRef.Kind, labels), e.now)
		}
		if len(errs) > 0 {
			for _, fe := range errs {
				e.fail(pr.Source, fmt.Sprintf("ProductionReadiness %s/%s: %s", pr.Object.Namespace, pr.Object.Name, fe.Error()))
			}
			continue
		}
		policies[j] = pol
		if _, ok := e.target(pr); !ok {
			ref := pr.Object.Spec.TargetRef
			e.warnings = append(e.warnings, fmt.Sprintf("%s: ProductionReadiness %s/%s targets %s %s/%s, which is not in the input; nothing to evaluate",
				pr.Source, pr.Object.Namespace, pr.Object.Name, ref.Kind, pr.Object.Namespace, ref.Name))
		}
	}
	return policies
}

// validateTargetRef checks what the CRD's schema would reject, since files skip the API server.
func validateTargetRef(ref *v1alpha1.TargetRef) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("spec", "targetRef")
	k, known := checks.LookupKind(ref.Kind)
	switch {
	case ref.Kind == "":
		errs = append(errs, field.Required(p.Child("kind"), "name the kind of the workload"))
	case !known:
		errs = append(errs, field.NotSupported(p.Child("kind"), ref.Kind, checks.KindNames()))
	case ref.APIVersion != "" && ref.APIVersion != k.APIVersion():
		errs = append(errs, field.NotSupported(p.Child("apiVersion"), ref.APIVersion, []string{k.APIVersion()}))
	}
	if ref.Name == "" {
		errs = append(errs, field.Required(p.Child("name"), "name the workload"))
	}
	return errs
}

// evaluate runs the engine on one workload and writes its result.
func (e *evaluator) evaluate(ctx context.Context, w *snapshot.WorkloadDoc, pol *checks.Policy, readiness string) {
	// The input keeps workloads compacted; the one evaluated is decoded again, then dropped.
	full, err := e.set.Decoded(w)
	if err != nil {
		e.fail(w.Source, err.Error())
		return
	}
	w = full
	var s *checks.Snapshot
	if e.cluster == nil {
		s = e.set.Snapshot(w, e.now)
	} else {
		// The whole namespace of the input, so each input object replaces its cluster namesake.
		s = e.set.WholeNamespaceSnapshot(w, e.now)
		if err := e.cluster.referenceAll(e.set); err != nil {
			e.fail(w.Source, err.Error())
			return
		}
		if s, err = e.cluster.merge(ctx, s); err != nil {
			e.fail(w.Source, fmt.Sprintf("%s %s/%s: reading related objects from the cluster: %v", w.Workload.Kind(), w.Workload.Namespace(), w.Workload.Name(), err))
			return
		}
	}
	e.report.addCustom(pol)
	rep := checks.Evaluate(s, pol)
	if e.cluster != nil {
		// Checks whose objects the user may not read are Skip, saying so.
		skipUnreadable(rep, w.Workload.Namespace(), e.cluster.reader.unreadable(w.Workload.Namespace()))
	}
	e.emit(resultOf(&w.Workload, w.Source, readiness, pol, rep))
}

// emit counts a result and writes it (or keeps it in the report when there is no writer).
func (e *evaluator) emit(r Result) {
	e.count.add(&r)
	if e.out == nil {
		e.report.Results = append(e.report.Results, r)
		return
	}
	if e.writeErr == nil {
		e.writeErr = e.out.result(&e.report, &r)
	}
}

// resultOf is the Result of one evaluation of a workload read at src.
func resultOf(w *checks.Workload, src manifest.Source, readiness string, pol *checks.Policy, rep *checks.Report) Result {
	verdict := rep.Verdict()
	return Result{
		Workload:  WorkloadRef{APIVersion: w.WorkloadKind.APIVersion(), Kind: w.Kind(), Namespace: w.Namespace(), Name: w.Name()},
		Source:    &Location{File: src.File, Line: src.Line},
		Readiness: readiness,
		Profile:   pol.Profile,
		Ready:     verdict.Ready(),
		Reason:    verdict.Reason,
		Message:   verdict.Message,
		Summary:   rep.Summary,
		Checks:    rep.Results,
	}
}

func (e *evaluator) fail(src manifest.Source, msg string) {
	e.report.Errors = append(e.report.Errors, InputError{File: src.File, Line: src.Line, Message: msg})
}

// sortErrors orders input errors by file and line, keeping the reading order within a line.
func sortErrors(errs []InputError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return strings.Compare(errs[i].File, errs[j].File) < 0
		}
		return errs[i].Line < errs[j].Line
	})
}
