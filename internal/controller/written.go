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

// writtenStatuses remembers the status of each ProductionReadiness's last status patch, with
// the resourceVersion the API server returned, until the cache holds that version or a later
// one. A reconcile that starts from an older cached copy (a related object's event arriving
// before the watch delivered our own patch) builds on what was written instead: an unchanged
// verdict then writes nothing, and lastTransitionTimes stay put.
type writtenStatuses struct {
	m sync.Map // types.NamespacedName → writtenStatus
}

type writtenStatus struct {
	resourceVersion uint64
	status          *v1alpha1.ProductionReadinessStatus
}

// remember records pr's status as just written (pr holds the API server's response).
func (w *writtenStatuses) remember(pr *v1alpha1.ProductionReadiness) {
	rv, err := strconv.ParseUint(pr.ResourceVersion, 10, 64)
	if err != nil {
		return // not a number: never compare, always trust the cache
	}
	w.m.Store(types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}, writtenStatus{resourceVersion: rv, status: pr.Status.DeepCopy()})
}

// overlay replaces pr's status by the last written one when pr (a copy from the cache) is older
// than that write, and forgets the write once the cache caught up.
func (w *writtenStatuses) overlay(pr *v1alpha1.ProductionReadiness) {
	k := types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}
	v, ok := w.m.Load(k)
	if !ok {
		return
	}
	ws := v.(writtenStatus)
	rv, err := strconv.ParseUint(pr.ResourceVersion, 10, 64)
	if err != nil || rv >= ws.resourceVersion {
		w.m.CompareAndDelete(k, v)
		return
	}
	pr.Status = *ws.status.DeepCopy()
}

// forget drops what is remembered of a deleted object.
func (w *writtenStatuses) forget(k types.NamespacedName) { w.m.Delete(k) }
