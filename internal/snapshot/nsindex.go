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

	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// NamespacedIndexer returns a client.FieldIndexer over a controller-runtime cache whose indexes
// answer namespaced lookups only (a List with client.InNamespace and client.MatchingFields).
//
// The cache's own IndexField stores every value of a namespaced object twice, once under its
// namespace and once for lookups across namespaces; for the per-workload indexes (a Secret's
// name, a selector's key, a pod label), whose values are mostly unique, that second copy is a
// set of its own per value, about half of what the indexes hold. Every lookup of the indexes
// registered through this one names a namespace; a lookup across namespaces finds nothing, so
// an index read that way must be registered with the cache's IndexField instead.
//
// The keys follow the cache's own layout (index "field:<name>", value "<namespace>/<value>",
// "__all_namespaces/<value>" for a cluster-scoped object), which its List reads.
func NamespacedIndexer(c cache.Informers) client.FieldIndexer { return namespacedIndexer{c} }

type namespacedIndexer struct{ informers cache.Informers }

// Layout of the cache's field indexes (controller-runtime's FieldIndexName and
// KeyToNamespacedKey), pinned by the controller package's TestNamespacedIndexerLayout.
const (
	fieldIndexPrefix       = "field:"
	clusterScopedIndexName = "__all_namespaces"
)

func (n namespacedIndexer) IndexField(ctx context.Context, obj client.Object, field string, extract client.IndexerFunc) error {
	inf, err := n.informers.GetInformer(ctx, obj, cache.BlockUntilSynced(false))
	if err != nil {
		return err
	}
	return inf.AddIndexers(toolscache.Indexers{fieldIndexPrefix + field: namespacedIndexFunc(extract)})
}

func namespacedIndexFunc(extract client.IndexerFunc) toolscache.IndexFunc {
	return func(raw any) ([]string, error) {
		o, ok := raw.(client.Object)
		if !ok {
			return nil, fmt.Errorf("indexing %T: not an object", raw)
		}
		ns := o.GetNamespace()
		if ns == "" {
			ns = clusterScopedIndexName
		}
		vals := extract(o)
		keys := make([]string, len(vals))
		for i, v := range vals {
			keys[i] = ns + "/" + v
		}
		return keys, nil
	}
}
