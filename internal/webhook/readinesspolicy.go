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
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/policy"
	"github.com/prodready/prodready/internal/snapshot"
)

// ReadinessPolicyPath is where the ReadinessPolicy validator is served. (ReadinessPolicy is
// cluster-scoped, so the namespaceSelector every webhook of the configuration carries does not
// restrict it.)
const ReadinessPolicyPath = "/validate-readiness-prodready-io-v1alpha1-readinesspolicy"

// +kubebuilder:webhook:path=/validate-readiness-prodready-io-v1alpha1-readinesspolicy,mutating=false,failurePolicy=fail,sideEffects=None,groups=readiness.prodready.io,resources=readinesspolicies,verbs=create;update,versions=v1alpha1,name=vreadinesspolicy.readiness.prodready.io,admissionReviewVersions=v1,timeoutSeconds=5,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system"]}]}}`

// ReadinessPolicyValidator denies a ReadinessPolicy whose selectors do not parse, whose kinds
// are not registered, whose maxDuration does not parse or whose profile does not exist (the
// same policy.Validate the operator reports as InvalidSpec).
type ReadinessPolicyValidator struct {
	Reader client.Reader
}

var _ admission.Validator[*v1alpha1.ReadinessPolicy] = &ReadinessPolicyValidator{}

// SetupReadinessPolicyWebhook registers the validator with the manager's webhook server.
func SetupReadinessPolicyWebhook(mgr ctrl.Manager) error {
	return ctrl.NewWebhookManagedBy(mgr, &v1alpha1.ReadinessPolicy{}).
		WithValidator(&ReadinessPolicyValidator{Reader: mgr.GetClient()}).
		WithValidatorCustomPath(ReadinessPolicyPath).
		Complete()
}

// ValidateCreate validates a new policy.
func (v *ReadinessPolicyValidator) ValidateCreate(ctx context.Context, p *v1alpha1.ReadinessPolicy) (admission.Warnings, error) {
	return nil, v.validate(ctx, p)
}

// ValidateUpdate validates a changed policy; one being deleted is let through.
func (v *ReadinessPolicyValidator) ValidateUpdate(ctx context.Context, _, p *v1alpha1.ReadinessPolicy) (admission.Warnings, error) {
	if !p.DeletionTimestamp.IsZero() {
		return nil, nil
	}
	return nil, v.validate(ctx, p)
}

// ValidateDelete allows every deletion.
func (v *ReadinessPolicyValidator) ValidateDelete(context.Context, *v1alpha1.ReadinessPolicy) (admission.Warnings, error) {
	return nil, nil
}

func (v *ReadinessPolicyValidator) validate(ctx context.Context, p *v1alpha1.ReadinessPolicy) error {
	if errs := policy.Validate(p, snapshot.ProfileGetter(ctx, v.Reader)); len(errs) > 0 {
		return apierrors.NewInvalid(v1alpha1.GroupVersion.WithKind("ReadinessPolicy").GroupKind(), p.Name, errs)
	}
	return nil
}
