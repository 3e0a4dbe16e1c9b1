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

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"

	// The CEL compiler of custom checks: without it a profile with custom checks is refused.
	_ "github.com/prodready/prodready/internal/customcheck"
)

// ReadinessProfilePath is where the ReadinessProfile validator is served.
const ReadinessProfilePath = "/validate-readiness-prodready-io-v1alpha1-readinessprofile"

// +kubebuilder:webhook:path=/validate-readiness-prodready-io-v1alpha1-readinessprofile,mutating=false,failurePolicy=fail,sideEffects=None,groups=readiness.prodready.io,resources=readinessprofiles,verbs=create;update,versions=v1alpha1,name=vreadinessprofile.readiness.prodready.io,admissionReviewVersions=v1,timeoutSeconds=5,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system"]}]}}`

// ReadinessProfileValidator denies a ReadinessProfile the operator would report as InvalidSpec:
// unknown check ids, bad params, and custom checks whose CEL rules do not compile, do not
// type-check against the variables, or exceed the estimated cost budget. It runs the same
// checks.ResolveProfile as the operator, so the message is the one the status would carry. Its
// failure policy is that of the ProductionReadiness validator (the chart's
// webhook.readinessValidation.failurePolicy); when it is Ignore and the webhook is down, the
// operator still reports an invalid profile as InvalidSpec. (Its namespaceSelector, like every
// prodready webhook's, excludes the system namespaces; the API server does not apply it to a
// cluster-scoped object such as a ReadinessProfile.)
type ReadinessProfileValidator struct{}

var _ admission.Validator[*v1alpha1.ReadinessProfile] = &ReadinessProfileValidator{}

// SetupReadinessProfileWebhook registers the validator with the manager's webhook server.
func SetupReadinessProfileWebhook(mgr ctrl.Manager) error {
	return ctrl.NewWebhookManagedBy(mgr, &v1alpha1.ReadinessProfile{}).
		WithValidator(&ReadinessProfileValidator{}).
		WithValidatorCustomPath(ReadinessProfilePath).
		Complete()
}

// ValidateCreate validates a new profile.
func (v *ReadinessProfileValidator) ValidateCreate(_ context.Context, rp *v1alpha1.ReadinessProfile) (admission.Warnings, error) {
	return nil, validateProfile(rp)
}

// ValidateUpdate validates a changed profile; one being deleted is let through.
func (v *ReadinessProfileValidator) ValidateUpdate(_ context.Context, _, rp *v1alpha1.ReadinessProfile) (admission.Warnings, error) {
	if !rp.DeletionTimestamp.IsZero() {
		return nil, nil
	}
	return nil, validateProfile(rp)
}

// ValidateDelete allows every deletion.
func (v *ReadinessProfileValidator) ValidateDelete(context.Context, *v1alpha1.ReadinessProfile) (admission.Warnings, error) {
	return nil, nil
}

func validateProfile(rp *v1alpha1.ReadinessProfile) error {
	if _, errs := checks.ResolveProfile(rp); len(errs) > 0 {
		return apierrors.NewInvalid(v1alpha1.GroupVersion.WithKind("ReadinessProfile").GroupKind(), rp.Name, errs)
	}
	return nil
}
