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
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
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

// Gatherer reads a workload and its surroundings from a cache-backed reader.
type Gatherer struct {
	// Reader must be cache-backed (the manager's client): every call here is a cache read.
	Reader client.Reader
	// Served says which optional kinds (Argo Rollouts, ServiceMonitor/PodMonitor) the API
	// server serves; nil serves none.
	Served *Served
	// MonitorNamespaceIndex names a field index on monitors by the namespaces their
	// namespaceSelector reaches (AllNamespaces for `any: true`). Without it the monitors of every
	// namespace are listed (a one-off CLI run).
	MonitorNamespaceIndex string
}

// AllNamespaces is the monitor index key of a namespaceSelector with `any: true`.
const AllNamespaces = "*"

// ErrKindNotServed reports a target of an optional kind whose CRD the cluster does not serve.
type ErrKindNotServed struct{ Kind *checks.WorkloadKind }

func (e *ErrKindNotServed) Error() string {
	return fmt.Sprintf("kind %s (%s) is not served by this cluster: the CustomResourceDefinition %s is not installed",
		e.Kind.Kind, e.Kind.APIVersion(), e.Kind.CRDName)
}

// NewObject returns an empty object of a kind as the cache holds it: typed for built-in kinds,
// unstructured for optional (CRD-served) ones.
func NewObject(k *checks.WorkloadKind) client.Object {
	if k.Optional {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(k.GroupVersionKind())
		return u
	}
	return k.New()
}

// NewList returns an empty list of a kind as the cache holds it.
func NewList(k *checks.WorkloadKind) client.ObjectList {
	if k.Optional || k.NewList == nil {
		u := &unstructured.UnstructuredList{}
		u.SetGroupVersionKind(k.GroupVersionKind().GroupVersion().WithKind(k.Kind + "List"))
		return u
	}
	return k.NewList().(client.ObjectList)
}

// KindOf returns the registered kind of a cluster object: by its GVK when set (unstructured),
// else by its Go type.
func KindOf(obj client.Object) (*checks.WorkloadKind, bool) {
	if gvk := obj.GetObjectKind().GroupVersionKind(); gvk.Kind != "" {
		k, err := checks.KindFor(gvk.GroupVersion().String(), gvk.Kind)
		return k, err == nil
	}
	k, ok := kindsByType()[reflect.TypeOf(obj)]
	return k, ok
}

// kindsByType maps the Go type of each built-in kind's typed object to the kind.
var kindsByType = sync.OnceValue(func() map[reflect.Type]*checks.WorkloadKind {
	m := map[reflect.Type]*checks.WorkloadKind{}
	for _, k := range checks.Kinds() {
		if !k.Optional {
			m[reflect.TypeOf(k.New())] = k
		}
	}
	return m
})

// GetWorkload reads the target of a ProductionReadiness from the cache, with its kind. A kind
// that is not registered or, for an optional kind, not served is an error (not NotFound).
func (g *Gatherer) GetWorkload(ctx context.Context, namespace string, ref v1alpha1.TargetRef, opts ...client.GetOption) (client.Object, *checks.WorkloadKind, error) {
	k, ok := checks.LookupKind(ref.Kind)
	if !ok {
		return nil, nil, fmt.Errorf("unsupported target kind %q (want one of %s)", ref.Kind, strings.Join(checks.KindNames(), ", "))
	}
	if k.Optional && !g.Served.Has(k.GroupVersionKind()) {
		return nil, k, &ErrKindNotServed{Kind: k}
	}
	obj := NewObject(k)
	if err := g.Reader.Get(ctx, client.ObjectKey{Namespace: namespace, Name: ref.Name}, obj, opts...); err != nil {
		return nil, k, err
	}
	return obj, k, nil
}

// WorkloadOf wraps a cluster object of a kind for the engine (without resolving a template
// reference: Gather does that).
func WorkloadOf(k *checks.WorkloadKind, obj client.Object) (checks.Workload, error) {
	w, err := checks.NewWorkload(k, obj)
	if err != nil {
		return w, err
	}
	w.HasStatus = true
	if k.Replicas == nil {
		return w, nil
	}
	// managedFields were reduced by TransformObject to the owners of spec.replicas; nil means
	// they were not recorded at all (unknown).
	if mf := obj.GetManagedFields(); mf != nil {
		w.ReplicasManagers = make([]checks.FieldManager, 0, len(mf))
		for _, e := range mf {
			w.ReplicasManagers = append(w.ReplicasManagers, checks.FieldManager{Manager: e.Manager, Operation: string(e.Operation), Subresource: e.Subresource})
		}
	}
	return w, nil
}

// ResolveTemplate fills in the pod template of a workload that takes it from another object
// (a Rollout's workloadRef), or says why it could not.
func (g *Gatherer) ResolveTemplate(ctx context.Context, w *checks.Workload) error {
	ref := w.TemplateRef()
	if ref == nil {
		return nil
	}
	refKind, err := checks.KindFor(ref.APIVersion, ref.Kind)
	if err != nil || refKind.Template(refKind.New()) == nil {
		w.RefProblem = fmt.Sprintf("spec.workloadRef names %s %q, which prodready cannot read a pod template from", ref.Kind, ref.Name)
		return nil //nolint:nilerr // reported on the workload, not a transient error
	}
	obj := NewObject(refKind)
	if err := g.Reader.Get(ctx, client.ObjectKey{Namespace: w.Namespace(), Name: ref.Name}, obj, client.UnsafeDisableDeepCopy); err != nil {
		if apierrors.IsNotFound(err) {
			w.RefProblem = fmt.Sprintf("spec.workloadRef names %s %q, which does not exist in namespace %q", ref.Kind, ref.Name, w.Namespace())
			return nil
		}
		return fmt.Errorf("reading %s %q named by spec.workloadRef: %w", ref.Kind, ref.Name, err)
	}
	from, err := checks.NewWorkload(refKind, obj)
	if err != nil {
		w.RefProblem = fmt.Sprintf("spec.workloadRef: %v", err)
		return nil //nolint:nilerr // reported on the workload
	}
	w.ResolveRef(&from)
	return nil
}

// Gather builds the snapshot of a workload (an object of a registered kind, read from the
// cache) from the cache: the related objects of its namespace, with Secrets and ConfigMaps as
// key names only.
func (g *Gatherer) Gather(ctx context.Context, k *checks.WorkloadKind, obj client.Object, now time.Time) (*checks.Snapshot, error) {
	w, err := WorkloadOf(k, obj)
	if err != nil {
		return nil, err
	}
	if err := g.ResolveTemplate(ctx, &w); err != nil {
		return nil, err
	}
	ns := obj.GetNamespace()
	monitorKinds := g.Served.Monitors()
	s := &checks.Snapshot{Now: now, Workload: w, MonitorsKnown: len(monitorKinds) > 0}
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
	for _, gvk := range monitorKinds {
		mons, err := g.monitorsFor(ctx, gvk, ns)
		if err != nil {
			return nil, err
		}
		s.Monitors = append(s.Monitors, mons...)
	}
	return s, nil
}

// monitorsFor lists the monitors of a kind that may scrape pods of a namespace: those of the
// namespace itself, and those of other namespaces whose namespaceSelector reaches it.
func (g *Gatherer) monitorsFor(ctx context.Context, gvk schema.GroupVersionKind, ns string) ([]checks.Monitor, error) {
	lists := [][]client.ListOption{{client.InNamespace(ns)}}
	if g.MonitorNamespaceIndex != "" {
		lists = append(lists,
			[]client.ListOption{client.MatchingFields{g.MonitorNamespaceIndex: ns}},
			[]client.ListOption{client.MatchingFields{g.MonitorNamespaceIndex: AllNamespaces}})
	} else {
		lists = [][]client.ListOption{{}}
	}
	seen := map[string]bool{}
	var out []checks.Monitor
	for _, opts := range lists {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := g.Reader.List(ctx, list, opts...); err != nil {
			return nil, fmt.Errorf("listing %s for namespace %q: %w", gvk.Kind, ns, err)
		}
		for i := range list.Items {
			u := &list.Items[i]
			key := u.GetNamespace() + "/" + u.GetName()
			if seen[key] {
				continue
			}
			seen[key] = true
			mon, err := MonitorFromUnstructured(u)
			if err != nil || !mon.Watches(ns) {
				continue // a malformed monitor scrapes nothing
			}
			out = append(out, mon)
		}
	}
	return out, nil
}

// MonitorNamespaces are the index keys of a monitor: the namespaces its namespaceSelector
// reaches besides its own, or AllNamespaces.
func MonitorNamespaces(u *unstructured.Unstructured) []string {
	mon, err := MonitorFromUnstructured(u)
	if err != nil {
		return nil
	}
	if mon.AnyNamespace {
		return []string{AllNamespaces}
	}
	return mon.Namespaces
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
