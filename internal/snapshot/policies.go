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

package snapshot

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/policy"
)

// ApplicablePolicies reads, from r (the manager's cache), the ReadinessPolicies whose floor
// applies to a ProductionReadiness in namespace targeting a workload of kind with
// workloadLabels (nil when the workload is not known).
func ApplicablePolicies(ctx context.Context, r client.Reader, namespace, kind string, workloadLabels map[string]string) ([]*v1alpha1.ReadinessPolicy, error) {
	var list v1alpha1.ReadinessPolicyList
	if err := r.List(ctx, &list); err != nil {
		return nil, fmt.Errorf("listing ReadinessPolicies: %w", err)
	}
	if len(list.Items) == 0 {
		return nil, nil
	}
	ns := &corev1.Namespace{}
	if err := r.Get(ctx, client.ObjectKey{Name: namespace}, ns); err != nil && !apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("reading namespace %q: %w", namespace, err)
	}
	return policy.Applicable(list.Items, policy.Target{NamespaceLabels: ns.Labels, Kind: kind, WorkloadLabels: workloadLabels}), nil
}

// WorkloadLabels are a known workload's labels for ApplicablePolicies: never nil for a workload
// (nil says it is not known), so a workload without labels is judged by its policies'
// workloadSelector rather than as unknown.
func WorkloadLabels(target client.Object) map[string]string {
	if target == nil {
		return nil
	}
	if l := target.GetLabels(); l != nil {
		return l
	}
	return map[string]string{}
}

// ResolveWithPolicies resolves a ProductionReadiness spec with the floor of the policies that
// apply to it, all read through r: the one rule the operator and the webhook share (the CLI
// calls policy.Resolve with what it read from files). target is the workload when known.
func ResolveWithPolicies(ctx context.Context, r client.Reader, pr *v1alpha1.ProductionReadiness, target client.Object, now time.Time) (*checks.Policy, field.ErrorList, error) {
	policies, err := ApplicablePolicies(ctx, r, pr.Namespace, pr.Spec.TargetRef.Kind, WorkloadLabels(target))
	if err != nil {
		return nil, nil, err
	}
	pol, _, errs := policy.Resolve(&pr.Spec, ProfileGetter(ctx, r), policies, now)
	return pol, errs, nil
}
