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
	"slices"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"

	"github.com/prodready/prodready/internal/checks"
)

// OptionalKind is a kind served by a CustomResourceDefinition that a cluster may not have: the
// registry's optional workload kinds (Argo Rollouts) and the Prometheus Operator monitors.
type OptionalKind struct {
	GVK schema.GroupVersionKind
	// CRDName is the CustomResourceDefinition's name (<plural>.<group>).
	CRDName string
	// Workload is the registered kind, nil for related kinds (monitors).
	Workload *checks.WorkloadKind
}

// OptionalKinds lists every optional kind prodready reads.
func OptionalKinds() []OptionalKind {
	out := []OptionalKind{
		{GVK: ServiceMonitorGVK, CRDName: "servicemonitors.monitoring.coreos.com"},
		{GVK: PodMonitorGVK, CRDName: "podmonitors.monitoring.coreos.com"},
	}
	for _, k := range checks.Kinds() {
		if k.Optional {
			out = append(out, OptionalKind{GVK: k.GroupVersionKind(), CRDName: k.CRDName, Workload: k})
		}
	}
	return out
}

// Served tracks which optional kinds the API server serves right now. Discover refreshes it (at
// start-up and whenever a CustomResourceDefinition of one appears), so a CRD installed after
// the manager started is picked up without a restart. A nil *Served serves nothing.
type Served struct {
	mu    sync.RWMutex
	kinds map[schema.GroupVersionKind]bool
}

// NewServed returns a Served with the given kinds served (tests, and the CLI after discovery).
func NewServed(gvks ...schema.GroupVersionKind) *Served {
	s := &Served{kinds: map[schema.GroupVersionKind]bool{}}
	for _, g := range gvks {
		s.kinds[g] = true
	}
	return s
}

// Has reports whether an optional kind is served.
func (s *Served) Has(gvk schema.GroupVersionKind) bool {
	if s == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.kinds[gvk]
}

// Monitors returns the served monitor kinds, in a stable order.
func (s *Served) Monitors() []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	for _, gvk := range []schema.GroupVersionKind{ServiceMonitorGVK, PodMonitorGVK} {
		if s.Has(gvk) {
			out = append(out, gvk)
		}
	}
	return out
}

// Discover asks the API server which optional kinds it serves and returns those that became
// served since the last call. A kind whose CRD went away is no longer served.
func (s *Served) Discover(dc discovery.DiscoveryInterface) (added []OptionalKind, err error) {
	now := map[schema.GroupVersionKind]bool{}
	byGV := map[schema.GroupVersion][]string{}
	for _, ok := range OptionalKinds() {
		gv := ok.GVK.GroupVersion()
		if _, done := byGV[gv]; !done {
			list, err := dc.ServerResourcesForGroupVersion(gv.String())
			switch {
			case apierrors.IsNotFound(err):
				byGV[gv] = nil
			case err != nil:
				return nil, err
			default:
				kinds := make([]string, 0, len(list.APIResources))
				for _, r := range list.APIResources {
					kinds = append(kinds, r.Kind)
				}
				byGV[gv] = kinds
			}
		}
		if slices.Contains(byGV[gv], ok.GVK.Kind) {
			now[ok.GVK] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kinds == nil {
		s.kinds = map[schema.GroupVersionKind]bool{}
	}
	for _, ok := range OptionalKinds() {
		if now[ok.GVK] && !s.kinds[ok.GVK] {
			added = append(added, ok)
		}
	}
	s.kinds = now
	return added, nil
}
