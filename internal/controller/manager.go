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

package controller

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/snapshot"
)

// WithCacheOptions sets the cache and client options every prodready manager needs: Secret and
// ConfigMap values, managedFields (but the owners of spec.replicas) and last-applied annotations
// are dropped before anything is cached, and every read, unstructured monitors included, is
// served from the cache. Helm release Secrets (type helm.sh/release.v1, up to 1 MiB each, one per
// revision) are not watched at all: no pod references them, and the transform runs only after
// the watch delivered and decoded the whole object.
func WithCacheOptions(o ctrl.Options) ctrl.Options {
	o.Cache.DefaultTransform = snapshot.TransformObject
	if o.Cache.ByObject == nil {
		o.Cache.ByObject = map[client.Object]cache.ByObject{}
	}
	o.Cache.ByObject[&corev1.Secret{}] = cache.ByObject{Field: fields.OneTermNotEqualSelector("type", HelmReleaseSecretType)}
	if o.Client.Cache == nil {
		o.Client.Cache = &client.CacheOptions{}
	}
	o.Client.Cache.Unstructured = true
	return o
}

// CompactReadinessStatuses makes the cache hold ProductionReadiness statuses without their Pass
// results (snapshot.TransformCompactingStatuses; about two thirds of a cached object's results).
// The reconciler compares a new evaluation with the digest of the whole list, the ReadinessPolicy
// coverage and the Flagger gate read the results that do not pass; the OpenReports integration
// publishes Pass results too, so a manager running it must not compact. Call after
// WithCacheOptions.
func CompactReadinessStatuses(o ctrl.Options) ctrl.Options {
	o.Cache.ByObject[&v1alpha1.ProductionReadiness{}] = cache.ByObject{Transform: snapshot.TransformCompactingStatuses}
	return o
}

// HelmReleaseSecretType is the type of the Secrets Helm keeps a release's revisions in; the
// manager's cache leaves them out.
const HelmReleaseSecretType = "helm.sh/release.v1"
