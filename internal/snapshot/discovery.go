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
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// DiscoverMonitorKinds returns the Prometheus Operator kinds (ServiceMonitor, PodMonitor) the API
// server serves. They are optional: without them the operator neither watches nor needs them,
// and metrics-exposed relies on the prometheus.io/scrape annotation.
func DiscoverMonitorKinds(cfg *rest.Config) ([]schema.GroupVersionKind, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	list, err := dc.ServerResourcesForGroupVersion(ServiceMonitorGVK.GroupVersion().String())
	if err != nil {
		return nil, client.IgnoreNotFound(err)
	}
	var out []schema.GroupVersionKind
	for _, r := range list.APIResources {
		for _, gvk := range []schema.GroupVersionKind{ServiceMonitorGVK, PodMonitorGVK} {
			if r.Kind == gvk.Kind {
				out = append(out, gvk)
			}
		}
	}
	return out, nil
}
