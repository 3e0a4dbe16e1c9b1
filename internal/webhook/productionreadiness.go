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

// Package webhook holds prodready's admission webhooks: validation of ProductionReadiness
// objects (the same checks.Resolve the operator runs, so a bad spec is denied at apply time with
// the same message it would get as InvalidSpec) and the guard of the promotion label (only the
// operator may set or change readiness.prodready.io/promotable on a workload).
package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/util/validation/field"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
)

// ProductionReadinessPath is where the ProductionReadiness validator is served.
const ProductionReadinessPath = "/validate-readiness-prodready-io-v1alpha1-productionreadiness"

// +kubebuilder:webhook:path=/validate-readiness-prodready-io-v1alpha1-productionreadiness,mutating=false,failurePolicy=fail,sideEffects=None,groups=readiness.prodready.io,resources=productionreadinesses,verbs=create;update,versions=v1alpha1,name=vproductionreadiness.readiness.prodready.io,admissionReviewVersions=v1,timeoutSeconds=5,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system"]}]}}`

// ProductionReadinessValidator denies a ProductionReadiness that names an unknown profile or
// check, carries a bad param, exempts what its organisation profile forbids, or weakens the floor
// of a ReadinessPolicy that applies to it (internal/policy). It reads
// ReadinessProfiles through Reader (the manager's cache).
type ProductionReadinessValidator struct {
	Reader client.Reader
	// Gatherer reads the target the way the operator does (controller.NewGatherer, with the
	// operator's Served set).
	Gatherer *snapshot.Gatherer
	// Mapper confirms with the API server's discovery that an optional kind the Served set does
	// not hold is not served before the object is refused: the Served set is filled by the
	// leader's discovery loop, so a standby replica's (or the leader's before its first pass)
	// is empty.
	Mapper meta.RESTMapper
	// Now is the clock for warnings about expired exemptions.
	Now func() time.Time
}

var _ admission.Validator[*v1alpha1.ProductionReadiness] = &ProductionReadinessValidator{}

// SetupProductionReadinessWebhook registers the validator with the manager's webhook server.
// gatherer reads through the manager's cache (controller.NewGatherer).
func SetupProductionReadinessWebhook(mgr ctrl.Manager, gatherer *snapshot.Gatherer) error {
	return ctrl.NewWebhookManagedBy(mgr, &v1alpha1.ProductionReadiness{}).
		WithValidator(&ProductionReadinessValidator{Reader: mgr.GetClient(), Gatherer: gatherer, Mapper: mgr.GetRESTMapper(), Now: time.Now}).
		WithValidatorCustomPath(ProductionReadinessPath).
		Complete()
}

// ValidateCreate validates a new object.
func (v *ProductionReadinessValidator) ValidateCreate(ctx context.Context, pr *v1alpha1.ProductionReadiness) (admission.Warnings, error) {
	return v.validate(ctx, pr)
}

// ValidateUpdate validates a changed object. Objects being deleted are let through whatever
// their spec, and so are updates that leave the spec as it was (labels, annotations such as the
// reconcile request): an object that predates a ReadinessPolicy's floor can still be labelled
// or annotated, while the operator reports it InvalidSpec.
func (v *ProductionReadinessValidator) ValidateUpdate(ctx context.Context, old, pr *v1alpha1.ProductionReadiness) (admission.Warnings, error) {
	if !pr.DeletionTimestamp.IsZero() {
		return nil, nil
	}
	if old != nil && equality.Semantic.DeepEqual(old.Spec, pr.Spec) {
		return nil, nil
	}
	return v.validate(ctx, pr)
}

// ValidateDelete allows every deletion.
func (v *ProductionReadinessValidator) ValidateDelete(context.Context, *v1alpha1.ProductionReadiness) (admission.Warnings, error) {
	return nil, nil
}

// notServed reports whether the API server does not serve an optional kind (no REST mapping:
// the mapper asks discovery again on a miss). An error reaching discovery is not a refusal.
func (v *ProductionReadinessValidator) notServed(k *checks.WorkloadKind) bool {
	_, err := v.Mapper.RESTMapping(k.GroupVersionKind().GroupKind(), k.Version)
	return meta.IsNoMatchError(err)
}

func (v *ProductionReadinessValidator) validate(ctx context.Context, pr *v1alpha1.ProductionReadiness) (admission.Warnings, error) {
	// The same rule as the operator: the spec resolved with the floor of the ReadinessPolicies
	// that apply (the target's labels decide their workloadSelector when it exists).
	// A missing or unreadable target is nil: the policies are then matched without its labels.
	target, k, err := v.Gatherer.GetWorkload(ctx, pr.Namespace, pr.Spec.TargetRef)
	if notServed := (*snapshot.ErrKindNotServed)(nil); errors.As(err, &notServed) && v.notServed(k) {
		// The same verdict the operator gives (InvalidSpec): the kind's CRD is not served.
		return nil, apierrors.NewInvalid(v1alpha1.GroupVersion.WithKind("ProductionReadiness").GroupKind(), pr.Name,
			field.ErrorList{field.Invalid(field.NewPath("spec", "targetRef", "kind"), k.Kind, notServed.Error())})
	}
	_, errs, err := snapshot.ResolveWithPolicies(ctx, v.Reader, pr, target, v.Now())
	if err != nil {
		return nil, apierrors.NewInternalError(errors.New("reading ReadinessPolicies failed; retry"))
	}
	if len(errs) > 0 {
		return nil, apierrors.NewInvalid(v1alpha1.GroupVersion.WithKind("ProductionReadiness").GroupKind(), pr.Name, errs)
	}
	return expiredExemptionWarnings(pr, v.Now()), nil
}

// expiredExemptionWarnings warns about exemptions that have already expired: they are accepted
// (they document history) but no longer apply.
func expiredExemptionWarnings(pr *v1alpha1.ProductionReadiness, now time.Time) admission.Warnings {
	var out admission.Warnings
	for i, ex := range pr.Spec.Exemptions {
		if ex.Expires != nil && !now.Before(ex.Expires.Time) {
			out = append(out, fmt.Sprintf("%s: expired at %s and no longer applies",
				field.NewPath("spec", "exemptions").Index(i).Child("expires"), ex.Expires.UTC().Format(time.RFC3339)))
		}
	}
	return out
}
