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
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unsafe"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/tools/cache"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

func managed(manager string, op metav1.ManagedFieldsOperationType, sub, fields string) metav1.ManagedFieldsEntry {
	return metav1.ManagedFieldsEntry{Manager: manager, Operation: op, Subresource: sub, FieldsType: "FieldsV1", FieldsV1: metav1.NewFieldsV1(fields)}
}

func TestTransformDropsSecretValues(t *testing.T) {
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "db", Annotations: map[string]string{LastAppliedAnnotation: `{"data":{"password":"aHVudGVyMg=="}}`, "keep": "me"},
			ManagedFields: []metav1.ManagedFieldsEntry{managed("kubectl", metav1.ManagedFieldsOperationApply, "", `{"f:data":{}}`)}},
		Data:       map[string][]byte{"password": []byte("hunter2"), "user": []byte("admin")},
		StringData: map[string]string{"token": "abc"},
	}
	out, err := TransformObject(s)
	if err != nil {
		t.Fatal(err)
	}
	got := out.(*corev1.Secret)
	if len(got.Data) != 2 || got.Data["password"] != nil || got.Data["user"] != nil {
		t.Errorf("data = %v, want the keys with no values", got.Data)
	}
	if got.StringData != nil || got.ManagedFields != nil {
		t.Errorf("stringData %v, managedFields %v", got.StringData, got.ManagedFields)
	}
	if _, ok := got.Annotations[LastAppliedAnnotation]; ok || got.Annotations["keep"] != "me" {
		t.Errorf("annotations = %v", got.Annotations)
	}
	for _, v := range []string{"hunter2", "admin", "aHVudGVyMg=="} {
		if bytes.Contains([]byte(got.String()), []byte(v)) {
			t.Errorf("value %q survived the transform", v)
		}
	}
}

func TestTransformDropsConfigMapValues(t *testing.T) {
	cm := &corev1.ConfigMap{Data: map[string]string{"a": "1"}, BinaryData: map[string][]byte{"b": {1, 2}}}
	out, _ := TransformObject(cm)
	got := out.(*corev1.ConfigMap)
	if v, ok := got.Data["a"]; !ok || v != "" {
		t.Errorf("data = %v", got.Data)
	}
	if v, ok := got.BinaryData["b"]; !ok || v != nil {
		t.Errorf("binaryData = %v", got.BinaryData)
	}
}

// Workloads keep only the managedFields entries that own spec.replicas, reduced to that field;
// a workload whose replicas nobody owns keeps an empty (known) list.
func TestTransformKeepsReplicasOwners(t *testing.T) {
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{
		managed("argocd-controller", metav1.ManagedFieldsOperationApply, "", `{"f:metadata":{"f:labels":{}},"f:spec":{"f:replicas":{},"f:template":{}}}`),
		managed("kube-controller-manager", metav1.ManagedFieldsOperationUpdate, "status", `{"f:status":{"f:replicas":{}}}`),
		managed("kube-controller-manager", metav1.ManagedFieldsOperationUpdate, "scale", `{"f:spec":{"f:replicas":{}}}`),
		managed("prodready", metav1.ManagedFieldsOperationUpdate, "", `{"f:metadata":{"f:labels":{"f:readiness.prodready.io/promotable":{}}}}`),
		{Manager: "broken", FieldsV1: metav1.NewFieldsV1(`not json`)},
	}}}
	out, _ := TransformObject(d)
	mf := out.(*appsv1.Deployment).ManagedFields
	if len(mf) != 2 || mf[0].Manager != "argocd-controller" || mf[1].Subresource != "scale" {
		t.Fatalf("managedFields = %+v", mf)
	}
	if string(mf[0].FieldsV1.GetRawBytes()) != replicasFieldSet {
		t.Errorf("fields not reduced: %s", mf[0].FieldsV1.GetRawBytes())
	}
	w, _ := WorkloadOf(deploymentKind(t), out.(*appsv1.Deployment))
	if len(w.ReplicasManagers) != 2 || w.ReplicasManagers[0].Operation != "Apply" {
		t.Errorf("ReplicasManagers = %+v", w.ReplicasManagers)
	}

	none := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{
		managed("kubectl", metav1.ManagedFieldsOperationUpdate, "", `{"f:spec":{"f:template":{}}}`)}}}
	out, _ = TransformObject(none)
	if w, _ := WorkloadOf(deploymentKind(t), out.(*appsv1.Deployment)); w.ReplicasManagers == nil || len(w.ReplicasManagers) != 0 {
		t.Errorf("unowned replicas: ReplicasManagers = %#v, want empty and non-nil", w.ReplicasManagers)
	}
}

func TestTransformIgnoresNonObjects(t *testing.T) {
	tomb := cache.DeletedFinalStateUnknown{Key: "ns/x"}
	out, err := TransformObject(tomb)
	if err != nil || out != tomb {
		t.Errorf("tombstone changed: %v %v", out, err)
	}
}

func deploymentKind(t *testing.T) *checks.WorkloadKind {
	t.Helper()
	k, ok := checks.LookupKind(checks.KindDeployment)
	if !ok {
		t.Fatal("Deployment is not registered")
	}
	return k
}

// Secrets and ConfigMaps read as unstructured objects lose their values too (keys stay).
func TestTransformDropsUnstructuredValues(t *testing.T) {
	const value = "aHVudGVyMg=="
	secret := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Secret",
		"metadata":   map[string]any{"name": "db", "annotations": map[string]any{LastAppliedAnnotation: `{"data":{"password":"` + value + `"}}`}},
		"data":       map[string]any{"password": value, "user": value},
		"stringData": map[string]any{"token": "hunter2"},
	}}
	cm := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "cfg"},
		"data":       map[string]any{"app.yaml": "password: hunter2"},
		"binaryData": map[string]any{"blob": value},
	}}
	weird := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": "weird"}, "data": value,
	}}
	other := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Secret", "metadata": map[string]any{"name": "crd"}, "data": map[string]any{"k": "v"},
	}}
	for _, o := range []*unstructured.Unstructured{secret, cm, weird, other} {
		if _, err := TransformObject(o); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []*unstructured.Unstructured{secret, cm, weird} {
		raw, err := o.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(value)) || bytes.Contains(raw, []byte("hunter2")) {
			t.Errorf("%s %s keeps a value: %s", o.GetKind(), o.GetName(), raw)
		}
	}
	keys := func(o *unstructured.Unstructured, field string) []string {
		m, _, _ := unstructured.NestedMap(o.Object, field)
		out := []string{}
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	if got := keys(secret, "data"); len(got) != 2 || got[0] != "password" || got[1] != "user" {
		t.Errorf("Secret keys %v, want password and user", got)
	}
	if _, has := secret.Object["stringData"]; has {
		t.Error("stringData kept")
	}
	if got := keys(cm, "data"); len(got) != 1 || got[0] != "app.yaml" {
		t.Errorf("ConfigMap keys %v", got)
	}
	if got := keys(cm, "binaryData"); len(got) != 1 || got[0] != "blob" {
		t.Errorf("ConfigMap binaryData keys %v", got)
	}
	if got := keys(other, "data"); len(got) != 1 {
		t.Errorf("a Secret kind of another group is not core's: %v", got)
	}
}

// Cached ProductionReadiness statuses share the strings of their check results: equal values
// end up as one copy, and nothing changes in value.
func TestTransformInternsCheckResults(t *testing.T) {
	status := func() v1alpha1.ProductionReadinessStatus {
		// Built at run time, so the two objects start with distinct copies of each string.
		msg := strings.Repeat("x", 3) + " replicas"
		return v1alpha1.ProductionReadinessStatus{Checks: []v1alpha1.CheckResult{{
			ID: strings.Clone("replicas-minimum"), Category: strings.Clone("availability"), Enforcement: v1alpha1.Enforcement(strings.Clone("Required")),
			Result: v1alpha1.Result(strings.Clone("Pass")), Message: msg,
		}}}
	}
	a := &v1alpha1.ProductionReadiness{Status: status()}
	b := &v1alpha1.ProductionReadiness{Status: status()}
	if unsafe.StringData(a.Status.Checks[0].Message) == unsafe.StringData(b.Status.Checks[0].Message) {
		t.Fatal("the test's strings are shared before the transform")
	}
	want := status()
	for _, pr := range []*v1alpha1.ProductionReadiness{a, b} {
		if _, err := TransformObject(pr); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pr.Status, want) {
			t.Fatalf("status changed: %+v", pr.Status)
		}
	}
	ca, cb := a.Status.Checks[0], b.Status.Checks[0]
	for name, pair := range map[string][2]string{"id": {ca.ID, cb.ID}, "category": {ca.Category, cb.Category},
		"enforcement": {string(ca.Enforcement), string(cb.Enforcement)}, "result": {string(ca.Result), string(cb.Result)}, "message": {ca.Message, cb.Message}} {
		if unsafe.StringData(pair[0]) != unsafe.StringData(pair[1]) {
			t.Errorf("%s: two copies of %q after the transform", name, pair[0])
		}
	}
	// Still shared with a status transformed after a garbage collection.
	runtime.GC()
	c := &v1alpha1.ProductionReadiness{Status: status()}
	if _, err := TransformObject(c); err != nil {
		t.Fatal(err)
	}
	if unsafe.StringData(c.Status.Checks[0].Message) != unsafe.StringData(ca.Message) {
		t.Error("a status transformed after a GC has its own copy of the message")
	}
}

// The cached check results are a list of their exact length, not the decoder's grown one.
func TestTransformClipsCheckResults(t *testing.T) {
	checks := make([]v1alpha1.CheckResult, 3, 64)
	for i := range checks {
		checks[i] = v1alpha1.CheckResult{ID: fmt.Sprintf("check-%d", i), Result: v1alpha1.ResultPass}
	}
	pr := &v1alpha1.ProductionReadiness{Status: v1alpha1.ProductionReadinessStatus{Checks: checks}}
	if _, err := TransformObject(pr); err != nil {
		t.Fatal(err)
	}
	if got := pr.Status.Checks; len(got) != 3 || cap(got) != 3 || got[2].ID != "check-2" {
		t.Errorf("len %d cap %d: %+v", len(got), cap(got), got)
	}
}

// The compacting transform keeps a ProductionReadiness status's results that do not pass, in a
// list of their length, with the digest of the whole list; other kinds get TransformObject.
func TestTransformCompactingStatuses(t *testing.T) {
	whole := []v1alpha1.CheckResult{
		{ID: "a", Result: v1alpha1.ResultPass, Message: "ok"},
		{ID: "b", Result: v1alpha1.ResultFail, Message: "no"},
		{ID: "c", Result: v1alpha1.ResultPass, Message: "ok"},
	}
	pr := &v1alpha1.ProductionReadiness{Status: v1alpha1.ProductionReadinessStatus{Checks: append(make([]v1alpha1.CheckResult, 0, 8), whole...)}}
	if _, err := TransformCompactingStatuses(pr); err != nil {
		t.Fatal(err)
	}
	if got := pr.Status.Checks; len(got) != 1 || cap(got) != 1 || got[0].ID != "b" || !pr.Status.SameChecks(whole) {
		t.Errorf("compacted to %+v (cap %d)", got, cap(got))
	}
	secret := &corev1.Secret{Data: map[string][]byte{"password": []byte("x")}}
	if _, err := TransformCompactingStatuses(secret); err != nil || len(secret.Data["password"]) != 0 {
		t.Errorf("a Secret keeps its value: %v", err)
	}
}
