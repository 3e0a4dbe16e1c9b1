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
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/snapshot"
	"github.com/prodready/prodready/internal/testenv"
)

// A target of an optional kind that the operator's Served set does not hold (a standby
// replica's, whose discovery loop does not run) is refused only when the API server's discovery
// confirms the kind is not served. (TestTargetOfAnUnservedKindIsRefused covers the refusal on a
// real API server.)
func TestUnservedKindRefusedOnlyWhenDiscoveryAgrees(t *testing.T) {
	k, ok := checks.LookupKind(checks.KindRollout)
	if !ok {
		t.Fatal("no Rollout kind")
	}
	reader := fake.NewClientBuilder().WithScheme(testenv.Scheme()).
		WithObjects(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop"}}).Build()
	pr := testenv.ReadinessFor("shop", "web")
	pr.Spec.TargetRef = v1alpha1.TargetRef{APIVersion: k.APIVersion(), Kind: k.Kind, Name: "web"}
	served := meta.NewDefaultRESTMapper(nil)
	served.Add(k.GroupVersionKind(), meta.RESTScopeNamespace)
	for name, tc := range map[string]struct {
		mapper meta.RESTMapper
		refuse bool
	}{
		"served, not yet discovered by the operator": {mapper: served, refuse: false},
		"not served": {mapper: meta.NewDefaultRESTMapper(nil), refuse: true},
	} {
		v := &ProductionReadinessValidator{Reader: reader, Gatherer: &snapshot.Gatherer{Reader: reader}, Mapper: tc.mapper, Now: time.Now}
		_, err := v.ValidateCreate(context.Background(), pr)
		if refused := apierrors.IsInvalid(err); refused != tc.refuse || (!tc.refuse && err != nil) {
			t.Errorf("%s: err = %v, want refused %v", name, err, tc.refuse)
		}
	}
}
