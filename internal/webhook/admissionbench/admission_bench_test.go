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

// Package admissionbench measures the workload admission webhook with 10,000 workloads cached.
package admissionbench

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/controller"
	"github.com/prodready/prodready/internal/snapshot"
	"github.com/prodready/prodready/internal/testenv"
	"github.com/prodready/prodready/internal/webhook"
)

// memCache stands in for the manager's informer cache: objects by type and namespace, Get by
// name, and the field indexes the webhook's Gatherer reads (snapshot.RegisterIndexes, and the
// ProductionReadiness spec.targetRef index), answered from memory as the informer indexer does,
// by namespace. It has no API server behind it, so every read the handler makes is a cache read
// by construction; reads counts them.
type memCache struct {
	objs    map[reflect.Type]map[string][]client.Object    // list type -> namespace -> items
	index   map[reflect.Type]map[string]client.IndexerFunc // object type -> field -> function
	indexed map[reflect.Type]map[string][]client.Object    // list type -> field/namespace/value -> items
	listOf  map[reflect.Type]reflect.Type                  // object type -> list type
	reads   int
}

func newMemCache() *memCache {
	return &memCache{objs: map[reflect.Type]map[string][]client.Object{}, index: map[reflect.Type]map[string]client.IndexerFunc{},
		indexed: map[reflect.Type]map[string][]client.Object{}, listOf: map[reflect.Type]reflect.Type{}}
}

// IndexField registers an index (client.FieldIndexer), before any object is added.
func (m *memCache) IndexField(_ context.Context, obj client.Object, field string, fn client.IndexerFunc) error {
	t := reflect.TypeOf(obj)
	if m.index[t] == nil {
		m.index[t] = map[string]client.IndexerFunc{}
	}
	m.index[t][field] = fn
	return nil
}

func (m *memCache) Get(_ context.Context, key client.ObjectKey, obj client.Object, _ ...client.GetOption) error {
	m.reads++
	if lt, ok := m.listOf[reflect.TypeOf(obj)]; ok {
		for _, o := range m.objs[lt][key.Namespace] {
			if o.GetName() == key.Name {
				reflect.ValueOf(obj).Elem().Set(reflect.ValueOf(o).Elem())
				return nil
			}
		}
	}
	return apierrors.NewNotFound(schema.GroupResource{}, key.Name)
}

func (m *memCache) List(_ context.Context, list client.ObjectList, opts ...client.ListOption) error {
	m.reads++
	var lo client.ListOptions
	lo.ApplyOptions(opts)
	var items []client.Object
	if f := lo.FieldSelector; f != nil && !f.Empty() {
		req := f.Requirements()[0]
		items = m.indexed[reflect.TypeOf(list)][req.Field+"/"+lo.Namespace+"/"+req.Value]
	} else {
		items = m.objs[reflect.TypeOf(list)][lo.Namespace]
	}
	objs := make([]runtime.Object, len(items))
	for i, o := range items {
		objs[i] = o
	}
	return meta.SetList(list, objs)
}

func (m *memCache) add(list client.ObjectList, o client.Object) {
	t := reflect.TypeOf(list)
	m.listOf[reflect.TypeOf(o)] = t
	if m.objs[t] == nil {
		m.objs[t], m.indexed[t] = map[string][]client.Object{}, map[string][]client.Object{}
	}
	m.objs[t][o.GetNamespace()] = append(m.objs[t][o.GetNamespace()], o)
	for field, fn := range m.index[reflect.TypeOf(o)] {
		for _, v := range fn(o) {
			k := field + "/" + o.GetNamespace() + "/" + v
			m.indexed[t][k] = append(m.indexed[t][k], o)
		}
	}
}

// BenchmarkWorkloadAdmission admits a failing Deployment that a ProductionReadiness targets, in a
// cache holding 10,000 workloads (100 namespaces of 100, each with its PDB, HPA, Service, Secret,
// ConfigMap and ProductionReadiness), sequentially at a pace of at least 50 admissions a second,
// and reports the latency percentiles.
func BenchmarkWorkloadAdmission(b *testing.B) {
	const namespaces, perNamespace = 100, 100
	m := newMemCache()
	ctx := context.Background()
	if err := snapshot.RegisterIndexes(ctx, m); err != nil {
		b.Fatal(err)
	}
	if err := m.IndexField(ctx, &v1alpha1.ProductionReadiness{}, controller.IndexTargetRef, func(o client.Object) []string {
		ref := o.(*v1alpha1.ProductionReadiness).Spec.TargetRef
		return []string{controller.TargetKey(ref.Kind, ref.Name)}
	}); err != nil {
		b.Fatal(err)
	}
	for n := 0; n < namespaces; n++ {
		ns := fmt.Sprintf("team-%03d", n)
		for w := 0; w < perNamespace; w++ {
			name := fmt.Sprintf("app-%03d", w)
			m.add(&appsv1.DeploymentList{}, testenv.GoodDeployment(ns, name))
			m.add(&policyv1.PodDisruptionBudgetList{}, testenv.PDBFor(ns, name))
			m.add(&autoscalingv2.HorizontalPodAutoscalerList{}, testenv.HPAFor(ns, name, 2))
			m.add(&corev1.ServiceList{}, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
				Spec: corev1.ServiceSpec{Selector: map[string]string{"app.kubernetes.io/name": name}}})
			m.add(&corev1.SecretList{}, testenv.SecretFor(ns, name, "password"))
			m.add(&corev1.ConfigMapList{}, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Data: map[string]string{"config.yaml": ""}})
			m.add(&v1alpha1.ProductionReadinessList{}, testenv.ReadinessFor(ns, name))
		}
	}
	h := &webhook.WorkloadAdmission{Reader: m, Gatherer: controller.NewGatherer(m, nil), Now: time.Now}
	raw, err := json.Marshal(testenv.BadDeployment("team-042", "app-042"))
	if err != nil {
		b.Fatal(err)
	}
	req := admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		Kind: metav1.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, Namespace: "team-042",
		Operation: admissionv1.Update, Object: runtime.RawExtension{Raw: raw},
	}}
	latencies := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		resp := h.Handle(ctx, req)
		latencies = append(latencies, time.Since(start))
		if !resp.Allowed || len(resp.Warnings) == 0 {
			b.Fatalf("want an allowed admission with warnings, got %+v", resp.Result)
		}
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(m.reads)/float64(b.N), "cache-reads/op")
	if slices.Max(latencies) > time.Second {
		b.Logf("slowest admission %s", slices.Max(latencies))
	}
}
