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

package integrations

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// OpenReports (openreports.io/v1alpha1 Report) publishing: one Report per evaluated
// ProductionReadiness, scoped to its workload, with one result per check, so policy dashboards
// (Policy Reporter and other OpenReports consumers) show production readiness next to policy
// and scanner results. Optional: off unless enabled and the Report CRD is installed.

// ReportGVK is the OpenReports Report kind.
var ReportGVK = schema.GroupVersionKind{Group: "openreports.io", Version: "v1alpha1", Kind: "Report"}

const (
	// ReportSource identifies prodready as the producer of a Report and of its results.
	ReportSource = "prodready"
	// ReportFieldOwner is the server-side apply field manager of the Reports.
	ReportFieldOwner = "prodready-openreports"
	// reportNamePrefix prefixes the ProductionReadiness name to name its Report.
	reportNamePrefix = "prodready-"
	// readinessPolicy is the policy of the single result of an object with no check results
	// (an invalid spec, a missing target).
	readinessPolicy = "production-readiness"
	// labelReadinessName names the ProductionReadiness on its Report.
	labelReadinessName = "readiness.prodready.io/name"
)

// OpenReports result words.
const (
	reportPass  = "pass"
	reportFail  = "fail"
	reportWarn  = "warn"
	reportError = "error"
	reportSkip  = "skip"
)

// reportBody is the part of the upstream Report schema prodready writes (the fields sit at the
// top level of a Report, next to metadata; there is no spec).
type reportBody struct {
	Source  string                  `json:"source"`
	Scope   *corev1.ObjectReference `json:"scope,omitempty"`
	Summary reportSummary           `json:"summary"`
	Results []reportResult          `json:"results,omitempty"`
}

type reportSummary struct {
	Pass  int64 `json:"pass"`
	Fail  int64 `json:"fail"`
	Warn  int64 `json:"warn"`
	Error int64 `json:"error"`
	Skip  int64 `json:"skip"`
}

type reportResult struct {
	Source     string            `json:"source,omitempty"`
	Policy     string            `json:"policy"`
	Rule       string            `json:"rule,omitempty"`
	Category   string            `json:"category,omitempty"`
	Severity   string            `json:"severity,omitempty"`
	Timestamp  *metav1.Timestamp `json:"timestamp,omitempty"`
	Result     string            `json:"result,omitempty"`
	Scored     bool              `json:"scored,omitempty"`
	Message    string            `json:"message,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

// reportBodyFields are the top-level fields BuildReport sets besides metadata.
var reportBodyFields = []string{"source", "scope", "summary", "results"}

// BuildReport returns the OpenReports Report of a ProductionReadiness, or nil while the object
// has not been evaluated at its current generation (a stale report would misreport the new
// spec). target is the evaluated workload, or nil when it is missing; it only adds the uid to
// the report's scope. The Report is named "prodready-<name>", owned by the ProductionReadiness
// (so it is garbage-collected with it), and holds one result per check of status.checks:
// policy = check id, rule = the check's title, result pass/fail/warn/skip/error (Pending, a
// rollout in progress, is reported as skip), severity high for Required and medium for Advisory
// checks, scored for Required checks. An object without check results (invalid spec, missing
// target) gets one result for the verdict itself.
func BuildReport(pr *v1alpha1.ProductionReadiness, target client.Object) *unstructured.Unstructured {
	if pr.Status.ObservedGeneration < 1 || pr.Status.ObservedGeneration != pr.Generation {
		return nil
	}
	ready := meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReady)
	var ts *metav1.Timestamp
	if ready != nil && !ready.LastTransitionTime.IsZero() {
		ts = &metav1.Timestamp{Seconds: ready.LastTransitionTime.Unix()}
	}
	body := reportBody{Source: ReportSource, Scope: reportScope(pr, target)}
	for _, c := range pr.Status.Checks {
		body.Results = append(body.Results, checkResult(pr, c, ts))
	}
	if len(body.Results) == 0 && ready != nil && ready.Status != metav1.ConditionTrue {
		body.Results = append(body.Results, verdictResult(pr, ready, ts))
	}
	sort.SliceStable(body.Results, func(i, j int) bool { return body.Results[i].Policy < body.Results[j].Policy })
	for _, r := range body.Results {
		body.Summary.add(r.Result)
	}

	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&body)
	if err != nil {
		// Unreachable: reportBody holds strings, integers, booleans and maps only.
		panic(fmt.Sprintf("converting a Report: %v", err))
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(ReportGVK)
	u.SetNamespace(pr.Namespace)
	u.SetName(ReportName(pr.Name))
	labels := map[string]string{"app.kubernetes.io/managed-by": "prodready"}
	if len(validation.IsValidLabelValue(pr.Name)) == 0 {
		labels[labelReadinessName] = pr.Name
	}
	u.SetLabels(labels)
	u.SetOwnerReferences([]metav1.OwnerReference{{
		APIVersion:         v1alpha1.GroupVersion.String(),
		Kind:               "ProductionReadiness",
		Name:               pr.Name,
		UID:                pr.UID,
		Controller:         ptr.To(true),
		BlockOwnerDeletion: ptr.To(true),
	}})
	return u
}

// ReportName is the name of the Report of a ProductionReadiness: "prodready-<name>", shortened
// with a hash suffix when that exceeds the 253-character limit.
func ReportName(readiness string) string {
	name := reportNamePrefix + readiness
	if len(name) <= validation.DNS1123SubdomainMaxLength {
		return name
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(readiness))
	suffix := fmt.Sprintf("-%08x", h.Sum32())
	cut := name[:validation.DNS1123SubdomainMaxLength-len(suffix)]
	for len(cut) > 0 && (cut[len(cut)-1] == '-' || cut[len(cut)-1] == '.') {
		cut = cut[:len(cut)-1]
	}
	return cut + suffix
}

func reportScope(pr *v1alpha1.ProductionReadiness, target client.Object) *corev1.ObjectReference {
	ref := pr.Spec.TargetRef
	apiVersion := ref.APIVersion
	if apiVersion == "" {
		apiVersion = "apps/v1"
	}
	scope := &corev1.ObjectReference{APIVersion: apiVersion, Kind: ref.Kind, Namespace: pr.Namespace, Name: ref.Name}
	if target != nil && target.GetName() == ref.Name && target.GetNamespace() == pr.Namespace {
		scope.UID = target.GetUID()
	}
	return scope
}

func checkResult(pr *v1alpha1.ProductionReadiness, c v1alpha1.CheckResult, ts *metav1.Timestamp) reportResult {
	rule := c.ID
	if chk, ok := checks.Lookup(c.ID); ok && chk.Title != "" {
		rule = chk.Title
	}
	required := c.Enforcement == v1alpha1.EnforcementRequired
	severity := "medium"
	if required {
		severity = "high"
	}
	return reportResult{
		Source:    ReportSource,
		Policy:    c.ID,
		Rule:      rule,
		Category:  c.Category,
		Severity:  severity,
		Timestamp: ts,
		Result:    reportResultWord(c.Result),
		Scored:    required,
		Message:   c.Message,
		Properties: map[string]string{
			"enforcement": string(c.Enforcement),
			"profile":     checks.ProfileName(&pr.Spec),
			"result":      string(c.Result),
		},
	}
}

// verdictResult reports an object evaluated without check results: error when the verdict is
// Stalled (invalid spec, target missing past its grace period), skip while it is Reconciling.
func verdictResult(pr *v1alpha1.ProductionReadiness, ready *metav1.Condition, ts *metav1.Timestamp) reportResult {
	result := reportSkip
	if meta.IsStatusConditionTrue(pr.Status.Conditions, v1alpha1.ConditionStalled) {
		result = reportError
	}
	return reportResult{
		Source:     ReportSource,
		Policy:     readinessPolicy,
		Rule:       ready.Reason,
		Severity:   "high",
		Timestamp:  ts,
		Result:     result,
		Scored:     true,
		Message:    ready.Message,
		Properties: map[string]string{"profile": checks.ProfileName(&pr.Spec), "reason": ready.Reason},
	}
}

// reportResultWord maps a prodready result to an OpenReports result.
func reportResultWord(r v1alpha1.Result) string {
	switch r {
	case v1alpha1.ResultPass:
		return reportPass
	case v1alpha1.ResultFail:
		return reportFail
	case v1alpha1.ResultWarn:
		return reportWarn
	case v1alpha1.ResultError:
		return reportError
	}
	return reportSkip // Skip, and Pending: not decided until the rollout settles
}

func (s *reportSummary) add(result string) {
	switch result {
	case reportPass:
		s.Pass++
	case reportFail:
		s.Fail++
	case reportWarn:
		s.Warn++
	case reportError:
		s.Error++
	default:
		s.Skip++
	}
}

// +kubebuilder:rbac:groups=openreports.io,resources=reports,verbs=get;list;watch;create;patch

// ReportReconciler keeps the Report of every evaluated ProductionReadiness up to date. It writes
// with server-side apply, and only when the Report's content differs from what it should be.
type ReportReconciler struct {
	// Client reads from the manager's cache and applies Reports.
	Client client.Client
}

// SetupWithManager registers the reconciler: it follows ProductionReadiness objects (status
// included) and repairs Reports it owns when someone else changes or deletes them.
func (r *ReportReconciler) SetupWithManager(mgr ctrl.Manager) error {
	owned := &unstructured.Unstructured{}
	owned.SetGroupVersionKind(ReportGVK)
	return ctrl.NewControllerManagedBy(mgr).
		Named("openreports").
		For(&v1alpha1.ProductionReadiness{}).
		Owns(owned).
		Complete(r)
}

// Reconcile applies the Report of one ProductionReadiness when its content changed.
func (r *ReportReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	pr := &v1alpha1.ProductionReadiness{}
	if err := r.Client.Get(ctx, req.NamespacedName, pr); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !pr.DeletionTimestamp.IsZero() {
		return ctrl.Result{}, nil // the garbage collector deletes the Report with its owner
	}
	target, err := r.target(ctx, pr)
	if err != nil {
		return ctrl.Result{}, err
	}
	desired := BuildReport(pr, target)
	if desired == nil {
		return ctrl.Result{}, nil
	}
	current := &unstructured.Unstructured{}
	current.SetGroupVersionKind(ReportGVK)
	err = r.Client.Get(ctx, client.ObjectKeyFromObject(desired), current)
	switch {
	case err == nil && sameReport(current, desired):
		return ctrl.Result{}, nil
	case err != nil && !apierrors.IsNotFound(err):
		return ctrl.Result{}, fmt.Errorf("reading Report %s/%s: %w", desired.GetNamespace(), desired.GetName(), err)
	}
	if err := r.Client.Apply(ctx, client.ApplyConfigurationFromUnstructured(desired), client.FieldOwner(ReportFieldOwner), client.ForceOwnership); err != nil {
		return ctrl.Result{}, fmt.Errorf("applying Report %s/%s: %w", desired.GetNamespace(), desired.GetName(), err)
	}
	return ctrl.Result{}, nil
}

// target reads the workload of a ProductionReadiness from the cache; nil when it is missing.
func (r *ReportReconciler) target(ctx context.Context, pr *v1alpha1.ProductionReadiness) (client.Object, error) {
	k, ok := checks.LookupKind(pr.Spec.TargetRef.Kind)
	if !ok {
		return nil, nil // a kind the schema rejects: no target to scope the Report to
	}
	obj := snapshot.NewObject(k)
	err := r.Client.Get(ctx, client.ObjectKey{Namespace: pr.Namespace, Name: pr.Spec.TargetRef.Name}, obj)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s %s/%s: %w", pr.Spec.TargetRef.Kind, pr.Namespace, pr.Spec.TargetRef.Name, err)
	}
	return obj, nil
}

// sameReport reports whether current already has desired's content: body fields, labels and
// owner reference (fields set by others are ignored).
func sameReport(current, desired *unstructured.Unstructured) bool {
	for _, f := range reportBodyFields {
		if !equality.Semantic.DeepEqual(current.Object[f], desired.Object[f]) {
			return false
		}
	}
	labels := current.GetLabels()
	for k, v := range desired.GetLabels() {
		if labels[k] != v {
			return false
		}
	}
	for _, want := range desired.GetOwnerReferences() {
		found := false
		for _, got := range current.GetOwnerReferences() {
			if equality.Semantic.DeepEqual(got, want) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// AddOpenReports registers the Report publisher when enabled and the API server serves
// openreports.io/v1alpha1 Report; without the CRD it logs that reports are off and returns nil.
// A CRD installed later is picked up at the next manager start.
func AddOpenReports(mgr manager.Manager, enabled bool) error {
	if !enabled {
		return nil
	}
	log := mgr.GetLogger().WithName("openreports")
	if _, err := mgr.GetRESTMapper().RESTMapping(ReportGVK.GroupKind(), ReportGVK.Version); err != nil {
		if meta.IsNoMatchError(err) {
			log.Info("the OpenReports Report CRD is not installed; not publishing Reports", "kind", ReportGVK.String())
			return nil
		}
		return fmt.Errorf("discovering %s: %w", ReportGVK, err)
	}
	if err := (&ReportReconciler{Client: mgr.GetClient()}).SetupWithManager(mgr); err != nil {
		return fmt.Errorf("setting up the OpenReports publisher: %w", err)
	}
	log.Info("publishing an OpenReports Report per ProductionReadiness")
	return nil
}
