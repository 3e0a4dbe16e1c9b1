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
	"strconv"
	"sync"

	"k8s.io/apimachinery/pkg/types"

	"github.com/prodready/prodready/api/v1alpha1"
)

// writtenStatuses remembers the resourceVersion the API server returned for each
// ProductionReadiness's last status patch, until the cache holds that version or a later one.
// A reconcile that would start from an older cached copy (a related object's event arriving
// before the watch delivered our own patch) is postponed instead: evaluated on the stale copy,
// an unchanged verdict would be patched a second time, with new lastTransitionTimes. Only a
// number is kept per object, and only while the cache lags.
type writtenStatuses struct {
	m sync.Map // types.NamespacedName → uint64
}

// remember records the resourceVersion of pr's status patch (pr holds the API server's
// response).
func (w *writtenStatuses) remember(pr *v1alpha1.ProductionReadiness) {
	rv, err := strconv.ParseUint(pr.ResourceVersion, 10, 64)
	if err != nil {
		return // not a number: never compare, always trust the cache
	}
	w.m.Store(types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}, rv)
}

// stale reports whether pr (a copy from the cache) is older than our last status patch of it,
// and forgets the patch once the cache caught up.
func (w *writtenStatuses) stale(pr *v1alpha1.ProductionReadiness) bool {
	k := types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}
	v, ok := w.m.Load(k)
	if !ok {
		return false
	}
	rv, err := strconv.ParseUint(pr.ResourceVersion, 10, 64)
	if err != nil || rv >= v.(uint64) {
		w.m.CompareAndDelete(k, v)
		return false
	}
	return true
}

// forget drops what is remembered of a deleted object.
func (w *writtenStatuses) forget(k types.NamespacedName) { w.m.Delete(k) }
