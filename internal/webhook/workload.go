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

package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/policy"
	"github.com/prodready/prodready/internal/snapshot"
)

// WorkloadPath is the path of the workload admission webhook.
const WorkloadPath = "/validate-workloads"

// Bounds of what a workload admission returns: the API server and clients show warnings of up
// to about 256 characters and may drop large numbers of them.
const (
	maxWarnings      = 10
	maxWarningLength = 256
)

// The workload admission webhook. Its namespaceSelector is maintained by the operator
// (AdmissionScope) to the namespaces where a ProductionReadiness exists, so workloads nothing
// concerns are never sent to it; the marker's selector matches no namespace until then.
// +kubebuilder:webhook:path=/validate-workloads,mutating=false,failurePolicy=ignore,sideEffects=NoneOnDryRun,groups=apps;batch;argoproj.io,resources=deployments;statefulsets;daemonsets;cronjobs;jobs;rollouts,verbs=create;update,versions=v1;v1alpha1,name=vworkload.readiness.prodready.io,admissionReviewVersions=v1,timeoutSeconds=5,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["prodready-admission-scope-not-set"]}]},"matchConditions":[{"name":"not-being-deleted","expression":"!has(object.metadata.deletionTimestamp)"}]}`

// WorkloadAdmission evaluates an applied workload that a ProductionReadiness targets with the
// same engine and policy resolution as the operator, on a snapshot built from the admitted
// object and the cache (the third snapshot builder), and returns the failing Required checks
// as warnings. It never reads the API server: everything comes from the cache.
type WorkloadAdmission struct {
	Reader   client.Reader
	Gatherer *snapshot.Gatherer
	// Now is the evaluation clock (exemption expiry).
	Now func() time.Time
	// Failures counts admissions that could not be evaluated (nil counts nothing).
	Failures func(reason string)
	// Deny asks for denials beyond the covering ReadinessPolicies' admission: Deny (tests);
	// nil adds none.
	Deny func(ctx context.Context, w *checks.Workload) bool
}

// CanDeny reports whether a failing Required check may deny an admission: only a check judged
// from the object alone. A check reading live state (rollout-complete) or related objects (a
// PDB, HPA, Secret or Service applied in the same sync may simply not have arrived yet) only
// warns.
func CanDeny(c *checks.Check) bool { return !c.Rollout && len(c.Needs) == 0 }

var _ admission.Handler = &WorkloadAdmission{}

// SetupWorkloadWebhook registers the workload admission webhook.
func SetupWorkloadWebhook(mgr ctrl.Manager, g *snapshot.Gatherer, failures func(string)) {
	mgr.GetWebhookServer().Register(WorkloadPath, &webhook.Admission{Handler: &WorkloadAdmission{
		Reader: mgr.GetClient(), Gatherer: g, Now: time.Now, Failures: failures,
	}})
}

// Handle answers an admission request. It allows every request; the verdict goes into
// warnings. An object it cannot decode is allowed with a warning and counted, never denied:
// the API server validates the object itself.
func (a *WorkloadAdmission) Handle(ctx context.Context, req admission.Request) admission.Response {
	if req.Operation != admissionv1.Create && req.Operation != admissionv1.Update {
		return admission.Allowed("")
	}
	verdicts, err := a.Evaluate(ctx, req)
	if err != nil {
		a.fail("evaluate")
		return admission.Allowed("").WithWarnings("prodready: the workload was not evaluated: " + err.Error())
	}
	var warnings, denials []string
	for _, v := range verdicts {
		warnings = append(warnings, v.Warnings()...)
		if v.Deny {
			denials = append(denials, v.Denials()...)
		}
	}
	if len(denials) > 0 {
		resp := admission.Denied(strings.Join(boundWarnings(denials), "; "))
		return resp.WithWarnings(boundWarnings(warnings)...)
	}
	return admission.Allowed("").WithWarnings(boundWarnings(warnings)...)
}

func (a *WorkloadAdmission) fail(reason string) {
	if a.Failures != nil {
		a.Failures(reason)
	}
}

// Verdict is the evaluation of an admitted workload for one ProductionReadiness.
type Verdict struct {
	Readiness string
	Report    *checks.Report
	// Deny is set when a policy asks for denials of this workload.
	Deny bool
}

// Denials are the failing Required checks that may deny (CanDeny).
func (v Verdict) Denials() []string {
	var out []string
	for _, r := range v.Report.Results {
		if c, ok := checks.Lookup(r.ID); ok && CanDeny(c) && r.Result == v1alpha1.ResultFail {
			out = append(out, fmt.Sprintf("prodready: %s: %s", r.ID, r.Message))
		}
	}
	return out
}

// Warnings are the failing Required checks, one line each.
func (v Verdict) Warnings() []string {
	var out []string
	for _, r := range v.Report.Results {
		if r.Result == v1alpha1.ResultFail || (r.Result == v1alpha1.ResultError && r.Enforcement == v1alpha1.EnforcementRequired) {
			out = append(out, fmt.Sprintf("prodready: %s: %s", r.ID, r.Message))
		}
	}
	return out
}

// Evaluate builds the snapshot of the admitted object and evaluates it for every
// ProductionReadiness targeting it (none: no verdict). Errors are fixed texts naming what could
// not be done, never a library's text.
func (a *WorkloadAdmission) Evaluate(ctx context.Context, req admission.Request) ([]Verdict, error) {
	gv := req.Kind.Group + "/" + req.Kind.Version
	if req.Kind.Group == "" {
		gv = req.Kind.Version
	}
	k, err := checks.KindFor(gv, req.Kind.Kind)
	if err != nil {
		return nil, fmt.Errorf("%s %s is not a workload kind prodready evaluates", gv, req.Kind.Kind)
	}
	obj := k.New()
	if err := json.Unmarshal(req.Object.Raw, obj); err != nil {
		return nil, fmt.Errorf("the %s does not decode as %s", k.Kind, k.APIVersion())
	}
	if obj.GetNamespace() == "" {
		obj.SetNamespace(req.Namespace)
	}
	name := obj.GetName()
	if name == "" {
		return nil, nil // generateName: nothing can target it yet
	}
	var list v1alpha1.ProductionReadinessList
	if err := a.Reader.List(ctx, &list, client.InNamespace(req.Namespace), client.MatchingFields{controller.IndexTargetRef: controller.TargetKey(k.Kind, name)}); err != nil {
		return nil, fmt.Errorf("the ProductionReadiness objects of namespace %q could not be read from the cache", req.Namespace)
	}
	now := a.Now()
	policies, err := snapshot.ApplicablePolicies(ctx, a.Reader, req.Namespace, k.Kind, snapshot.WorkloadLabels(obj))
	if err != nil {
		return nil, fmt.Errorf("the ReadinessPolicies could not be read from the cache")
	}
	if len(list.Items) == 0 && len(policies) == 0 {
		return nil, nil // nothing concerns it
	}
	snap, err := a.Gatherer.Gather(ctx, k, client.Object(obj), now)
	if err != nil {
		return nil, fmt.Errorf("the objects around %s %q could not be read from the cache", k.Kind, name)
	}
	// The admitted object's status is not the rollout of this change: rollout-complete is
	// judged by the operator once the workload controller acts.
	snap.Workload.HasStatus = false
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
	deny := policyDenies(policies) || (a.Deny != nil && a.Deny(ctx, &snap.Workload))
	var out []Verdict
	if len(list.Items) == 0 {
		// Covered by a policy, targeted by nothing yet (the operator generates the
		// ProductionReadiness after the workload exists): judged as that object will be.
		spec := policy.GeneratedSpec(policies, k, name)
		pol, _, errs := policy.Resolve(&spec, snapshot.ProfileGetter(ctx, a.Reader), policies, now)
		if len(errs) > 0 {
			return nil, nil // an invalid policy reports itself
		}
		return []Verdict{{Readiness: "(policy)", Report: checks.Evaluate(snap, pol), Deny: deny}}, nil
	}
	for i := range list.Items {
		pr := &list.Items[i]
		// With the floor of the ReadinessPolicies covering it (the ones read above: the same
		// namespace, kind and labels), as the operator evaluates it.
		pol, _, errs := policy.Resolve(&pr.Spec, snapshot.ProfileGetter(ctx, a.Reader), policies, now)
		if len(errs) > 0 {
			continue // InvalidSpec: the ProductionReadiness itself reports it
		}
		out = append(out, Verdict{Readiness: pr.Name, Report: checks.Evaluate(snap, pol), Deny: deny})
	}
	return out, nil
}

// policyDenies reports whether a policy covering the workload asks for denials.
func policyDenies(policies []*v1alpha1.ReadinessPolicy) bool {
	for _, p := range policies {
		if p.Spec.Admission == v1alpha1.AdmissionDeny {
			return true
		}
	}
	return false
}

// boundWarnings keeps at most maxWarnings warnings of at most maxWarningLength characters, the
// last saying how many were left out.
func boundWarnings(ws []string) []string {
	out := make([]string, 0, min(len(ws), maxWarnings))
	for i, w := range ws {
		if i == maxWarnings-1 && len(ws) > maxWarnings {
			out = append(out, fmt.Sprintf("prodready: and %d more failing checks; see the ProductionReadiness status or `prodready check`", len(ws)-i))
			break
		}
		out = append(out, checks.Truncate(w, maxWarningLength))
	}
	return out
}
