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
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
)

// PromotionLabelPath is where the promotion label guard is served.
const PromotionLabelPath = "/validate-apps-v1-promotion-label"

// The guard's matchConditions make the API server call it only when a request sets or changes
// the promotion label, so ordinary workload updates never reach the operator. failurePolicy is
// Ignore: the guard must never block deployments while the operator is down.
//
// +kubebuilder:webhook:path=/validate-apps-v1-promotion-label,mutating=false,failurePolicy=ignore,sideEffects=None,groups=apps;batch;argoproj.io,resources=deployments;statefulsets;daemonsets;cronjobs;jobs;rollouts,verbs=create;update,versions=v1;v1alpha1,name=vpromotionlabel.readiness.prodready.io,admissionReviewVersions=v1,timeoutSeconds=5,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system"]}]},"matchConditions":[{"name":"promotion-label-set-or-changed","expression":"has(object.metadata.labels) && 'readiness.prodready.io/promotable' in object.metadata.labels && (request.operation == 'CREATE' || !has(oldObject.metadata.labels) || !('readiness.prodready.io/promotable' in oldObject.metadata.labels) || oldObject.metadata.labels['readiness.prodready.io/promotable'] != object.metadata.labels['readiness.prodready.io/promotable'])"}]}`

// PromotionLabelGuard denies anyone but the operator setting or changing the promotion label on
// a Deployment, StatefulSet or DaemonSet. Removing the label is allowed: a workload without it is
// not promotable, and tools that replace whole objects must keep working; the operator puts the
// label back.
type PromotionLabelGuard struct {
	// Allowed are the usernames that may write the label: the operator's own identity.
	Allowed []string
}

var _ admission.Handler = &PromotionLabelGuard{}

// SetupPromotionLabelWebhook registers the guard with the manager's webhook server, allowing the
// given usernames (the operator's identity, see WhoAmI).
func SetupPromotionLabelWebhook(mgr ctrl.Manager, allowed ...string) {
	mgr.GetWebhookServer().Register(PromotionLabelPath, &webhook.Admission{Handler: &PromotionLabelGuard{Allowed: allowed}})
}

// Handle decides one admission request.
func (g *PromotionLabelGuard) Handle(_ context.Context, req admission.Request) admission.Response {
	newValue, newHas, err := promotableLabel(req.Object.Raw)
	if err != nil {
		return admission.Errored(http.StatusBadRequest, fmt.Errorf("decoding %s: %w", req.Kind.Kind, err))
	}
	oldValue, oldHas := "", false
	if req.Operation == admissionv1.Update {
		if oldValue, oldHas, err = promotableLabel(req.OldObject.Raw); err != nil {
			return admission.Errored(http.StatusBadRequest, fmt.Errorf("decoding the old %s: %w", req.Kind.Kind, err))
		}
	}
	if !newHas || (oldHas && oldValue == newValue) {
		return admission.Allowed("")
	}
	for _, u := range g.Allowed {
		if req.UserInfo.Username == u {
			return admission.Allowed("")
		}
	}
	return admission.Denied(fmt.Sprintf("the label %s on %s %q is maintained by prodready from its ProductionReadiness verdict; %s may not set it (only %v may)",
		v1alpha1.PromotableLabel, req.Kind.Kind, req.Name, req.UserInfo.Username, g.Allowed))
}

func promotableLabel(raw []byte) (string, bool, error) {
	if len(raw) == 0 {
		return "", false, nil
	}
	var obj struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", false, err
	}
	v, ok := obj.Metadata.Labels[v1alpha1.PromotableLabel]
	return v, ok, nil
}

// WhoAmI asks the API server who the operator is (a SelfSubjectReview), so the guard allows
// exactly the identity the operator's label patches carry.
func WhoAmI(ctx context.Context, cfg *rest.Config) (string, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return "", err
	}
	review, err := cs.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("SelfSubjectReview: %w", err)
	}
	return review.Status.UserInfo.Username, nil
}
