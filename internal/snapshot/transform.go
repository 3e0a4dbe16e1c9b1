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
	"encoding/json"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

// LastAppliedAnnotation is kubectl's client-side apply record: a full copy of the manifest,
// which can be large and may hold Secret data; it is dropped from every cached object.
const LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

// TransformObject is the cache transform for every kind the manager watches. It runs before an
// object is stored, so what it removes never reaches the cache:
//
//   - Secret values (data, stringData) are replaced by empty values: the operator keeps Secret
//     names and key names only and never holds a secret value;
//   - ConfigMap values likewise (key names are all the checks need);
//   - the same for Secrets and ConfigMaps read as *unstructured.Unstructured (a cache or an
//     informer built for unstructured objects would otherwise store the values as they came);
//   - managedFields are dropped, except on workloads, where only the entries that own
//     spec.replicas are kept, reduced to that one field (replicas-hpa-conflict reads them);
//   - the last-applied-configuration annotation is dropped;
//   - the check results of ProductionReadiness statuses share their strings (ids, categories,
//     enforcements, results and messages are the same across a fleet of similar workloads), in
//     a list of their exact length (the decoder's grew by doubling).
func TransformObject(in any) (any, error) {
	switch o := in.(type) {
	case *corev1.Secret:
		o.Data = keysOnly(o.Data)
		o.StringData = nil
	case *corev1.ConfigMap:
		for k := range o.Data {
			o.Data[k] = ""
		}
		o.BinaryData = keysOnly(o.BinaryData)
	case *unstructured.Unstructured:
		dropUnstructuredValues(o)
	case *v1alpha1.ProductionReadiness:
		o.Status.Checks = internCheckResults(o.Status.Checks)
	}
	obj, err := meta.Accessor(in)
	if err != nil {
		return in, nil //nolint:nilerr // not an object (e.g. a tombstone): store as is
	}
	switch co, _ := in.(client.Object); {
	case co != nil && hasReplicaCount(co):
		obj.SetManagedFields(replicasOwners(obj.GetManagedFields()))
	default:
		if obj.GetManagedFields() != nil {
			obj.SetManagedFields(nil)
		}
	}
	if ann := obj.GetAnnotations(); ann != nil {
		if _, ok := ann[LastAppliedAnnotation]; ok {
			delete(ann, LastAppliedAnnotation)
			obj.SetAnnotations(ann)
		}
	}
	return in, nil
}

// TransformCompactingStatuses is TransformObject, and it also drops the Pass results of a
// ProductionReadiness status, keeping a digest of the whole list
// (v1alpha1.ProductionReadinessStatus.CompactChecks): for a cache none of whose readers needs the
// Pass results of a cached status.
func TransformCompactingStatuses(in any) (any, error) {
	if pr, ok := in.(*v1alpha1.ProductionReadiness); ok {
		pr.Status.CompactChecks()
	}
	return TransformObject(in)
}

// dropUnstructuredValues empties the values of an unstructured core/v1 Secret (data, and
// stringData dropped) or ConfigMap (data, binaryData), keeping the key names.
func dropUnstructuredValues(o *unstructured.Unstructured) {
	gvk := o.GroupVersionKind()
	if gvk.Group != "" || gvk.Version != "v1" || o.Object == nil {
		return
	}
	var fields []string
	switch gvk.Kind {
	case "Secret":
		delete(o.Object, "stringData")
		fields = []string{"data"}
	case "ConfigMap":
		fields = []string{"data", "binaryData"}
	default:
		return
	}
	for _, f := range fields {
		switch m := o.Object[f].(type) {
		case map[string]any:
			for k := range m {
				m[k] = ""
			}
		case nil:
		default:
			delete(o.Object, f) // not a map: nothing a check could read, and it may hold a value
		}
	}
}

// internCheckResults makes each string of the results the canonical copy of its value, so the
// decoded copies of each cached status can be collected: about half of what a cached
// ProductionReadiness of 53 checks holds. It returns the results in a list of their length.
func internCheckResults(results []v1alpha1.CheckResult) []v1alpha1.CheckResult {
	if cap(results) > len(results) {
		results = append(make([]v1alpha1.CheckResult, 0, len(results)), results...)
	}
	checkStrings.mu.Lock()
	defer checkStrings.mu.Unlock()
	for i := range results {
		r := &results[i]
		r.ID = checkStrings.intern(r.ID)
		r.Category = checkStrings.intern(r.Category)
		r.Enforcement = v1alpha1.Enforcement(checkStrings.intern(string(r.Enforcement)))
		r.Result = v1alpha1.Result(checkStrings.intern(string(r.Result)))
		r.Message = checkStrings.intern(r.Message)
	}
	return results
}

// checkStrings is the intern table of check results' strings. It holds its strings strongly
// (unlike the unique package, whose canonical copies go with the last handle, so that values
// interned before a GC would no longer be shared with those interned after); past its bound
// it starts afresh, which only ends the sharing with the strings interned before.
var checkStrings = &internTable{m: map[string]string{}}

const internTableLimit = 1 << 16

type internTable struct {
	mu sync.Mutex
	m  map[string]string
}

// intern returns the table's copy of s (mu held).
func (t *internTable) intern(s string) string {
	if c, ok := t.m[s]; ok {
		return c
	}
	if len(t.m) >= internTableLimit {
		t.m = map[string]string{}
	}
	t.m[s] = s
	return s
}

func keysOnly(m map[string][]byte) map[string][]byte {
	if m == nil {
		return nil
	}
	out := make(map[string][]byte, len(m))
	for k := range m {
		out[k] = nil
	}
	return out
}

const replicasFieldSet = `{"f:spec":{"f:replicas":{}}}`

// replicasOwners keeps the managedFields entries that own spec.replicas, reduced to that field.
// It returns an empty, non-nil slice when nobody owns it, so "known and unowned" stays
// distinguishable from "unknown".
func replicasOwners(entries []metav1.ManagedFieldsEntry) []metav1.ManagedFieldsEntry {
	out := []metav1.ManagedFieldsEntry{}
	for _, e := range entries {
		if e.FieldsV1 == nil || !ownsReplicas(e.FieldsV1.GetRawBytes()) {
			continue
		}
		out = append(out, metav1.ManagedFieldsEntry{
			Manager:     e.Manager,
			Operation:   e.Operation,
			Subresource: e.Subresource,
			APIVersion:  e.APIVersion,
			FieldsType:  e.FieldsType,
			FieldsV1:    metav1.NewFieldsV1(replicasFieldSet),
		})
	}
	return out
}

func ownsReplicas(raw []byte) bool {
	var root map[string]json.RawMessage
	if json.Unmarshal(raw, &root) != nil {
		return false
	}
	spec, ok := root["f:spec"]
	if !ok {
		return false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(spec, &fields) != nil {
		return false
	}
	_, ok = fields["f:replicas"]
	return ok
}

// hasReplicaCount reports whether an object is a workload of a kind with spec.replicas.
func hasReplicaCount(o client.Object) bool {
	k, ok := KindOf(o)
	return ok && k.Replicas != nil
}
