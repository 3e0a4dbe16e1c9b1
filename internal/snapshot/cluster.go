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
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// Monitor kinds of the Prometheus Operator, read only when their CRDs are served.
var (
	ServiceMonitorGVK = schema.GroupVersionKind{Group: "monitoring.coreos.com", Version: "v1", Kind: "ServiceMonitor"}
	PodMonitorGVK     = schema.GroupVersionKind{Group: "monitoring.coreos.com", Version: "v1", Kind: "PodMonitor"}
)

// Gatherer reads a workload and everything around it from the manager's cache. It is the only
// place the operator reads cluster state for an evaluation; it issues no live API calls.
type Gatherer struct {
	// Reader must be cache-backed (the manager's client): every call here is a cache read.
	Reader client.Reader
	// MonitorKinds lists the ServiceMonitor/PodMonitor kinds found by discovery at start-up;
	// empty when the Prometheus Operator CRDs are not installed.
	MonitorKinds []schema.GroupVersionKind
}

// WorkloadKind pairs a target kind with constructors of its object and list types.
type WorkloadKind struct {
	Kind    string
	NewObj  func() client.Object
	NewList func() client.ObjectList
}

// WorkloadKinds are the kinds a ProductionReadiness can target.
var WorkloadKinds = []WorkloadKind{
	{checks.KindDeployment, func() client.Object { return &appsv1.Deployment{} }, func() client.ObjectList { return &appsv1.DeploymentList{} }},
	{checks.KindStatefulSet, func() client.Object { return &appsv1.StatefulSet{} }, func() client.ObjectList { return &appsv1.StatefulSetList{} }},
	{checks.KindDaemonSet, func() client.Object { return &appsv1.DaemonSet{} }, func() client.ObjectList { return &appsv1.DaemonSetList{} }},
}

// NewWorkloadObject returns an empty object of a target's kind.
func NewWorkloadObject(kind string) (client.Object, error) {
	for _, wk := range WorkloadKinds {
		if wk.Kind == kind {
			return wk.NewObj(), nil
		}
	}
	return nil, fmt.Errorf("unsupported target kind %q (want Deployment, StatefulSet or DaemonSet)", kind)
}

// GetWorkload reads the target of a ProductionReadiness from the cache. A missing target
// returns a NotFound error. Read-only callers may pass client.UnsafeDisableDeepCopy.
func (g *Gatherer) GetWorkload(ctx context.Context, namespace string, ref v1alpha1.TargetRef, opts ...client.GetOption) (client.Object, error) {
	obj, err := NewWorkloadObject(ref.Kind)
	if err != nil {
		return nil, err
	}
	if err := g.Reader.Get(ctx, client.ObjectKey{Namespace: namespace, Name: ref.Name}, obj, opts...); err != nil {
		return nil, err
	}
	return obj, nil
}

// WorkloadOf wraps a cluster object for the engine.
func WorkloadOf(obj client.Object) checks.Workload {
	w := checks.Workload{HasStatus: true}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		w.Deployment = o
	case *appsv1.StatefulSet:
		w.StatefulSet = o
	case *appsv1.DaemonSet:
		w.DaemonSet = o
		return w
	}
	// managedFields were reduced by TransformObject to the owners of spec.replicas; nil means
	// they were not recorded at all (unknown).
	if mf := obj.GetManagedFields(); mf != nil {
		w.ReplicasManagers = make([]checks.FieldManager, 0, len(mf))
		for _, e := range mf {
			w.ReplicasManagers = append(w.ReplicasManagers, checks.FieldManager{Manager: e.Manager, Operation: string(e.Operation), Subresource: e.Subresource})
		}
	}
	return w
}

// Gather builds the snapshot of a workload: the related objects of its namespace, read from the
// cache without deep copies (the engine does not mutate them).
func (g *Gatherer) Gather(ctx context.Context, obj client.Object, now time.Time) (*checks.Snapshot, error) {
	ns := obj.GetNamespace()
	s := &checks.Snapshot{Now: now, Workload: WorkloadOf(obj), MonitorsKnown: len(g.MonitorKinds) > 0}
	opts := []client.ListOption{client.InNamespace(ns), client.UnsafeDisableDeepCopy}

	var pdbs policyv1.PodDisruptionBudgetList
	var hpas autoscalingv2.HorizontalPodAutoscalerList
	var svcs corev1.ServiceList
	var nps networkingv1.NetworkPolicyList
	var sas corev1.ServiceAccountList
	var secrets corev1.SecretList
	var cms corev1.ConfigMapList
	for _, l := range []client.ObjectList{&pdbs, &hpas, &svcs, &nps, &sas, &secrets, &cms} {
		if err := g.Reader.List(ctx, l, opts...); err != nil {
			return nil, fmt.Errorf("listing %T in namespace %q: %w", l, ns, err)
		}
	}
	s.PDBs, s.HPAs, s.Services, s.NetworkPolicies, s.ServiceAccounts = pdbs.Items, hpas.Items, svcs.Items, nps.Items, sas.Items
	s.Secrets = make([]checks.KeySet, 0, len(secrets.Items))
	for i := range secrets.Items {
		sec := &secrets.Items[i]
		s.Secrets = append(s.Secrets, checks.KeySet{Name: sec.Name, Type: string(sec.Type), Keys: sortedKeys(sec.Data)})
	}
	s.ConfigMaps = make([]checks.KeySet, 0, len(cms.Items))
	for i := range cms.Items {
		cm := &cms.Items[i]
		keys := sortedKeys(cm.BinaryData)
		for k := range cm.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s.ConfigMaps = append(s.ConfigMaps, checks.KeySet{Name: cm.Name, Keys: keys})
	}
	for _, gvk := range g.MonitorKinds {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := g.Reader.List(ctx, list, client.InNamespace(ns)); err != nil {
			return nil, fmt.Errorf("listing %s in namespace %q: %w", gvk.Kind, ns, err)
		}
		for i := range list.Items {
			mon, err := MonitorFromUnstructured(&list.Items[i])
			if err != nil {
				continue // a malformed monitor scrapes nothing
			}
			s.Monitors = append(s.Monitors, mon)
		}
	}
	return s, nil
}

// ProfileGetter looks ReadinessProfiles up through a reader (the manager's cache), for
// checks.Resolve.
func ProfileGetter(ctx context.Context, r client.Reader) checks.ProfileGetter {
	return func(name string) (*v1alpha1.ReadinessProfile, bool) {
		rp := &v1alpha1.ReadinessProfile{}
		if err := r.Get(ctx, client.ObjectKey{Name: name}, rp); err != nil {
			return nil, false
		}
		return rp, true
	}
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
