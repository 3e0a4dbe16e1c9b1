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
	"slices"
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
	"sigs.k8s.io/controller-runtime/pkg/log"

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
	// Indexed reads the related objects a workload relates to (Workload.Related) through the
	// field indexes RegisterIndexes adds, and Secrets, ConfigMaps and ServiceAccounts by name,
	// instead of listing its namespace: the cost of a snapshot is then what the workload
	// relates to, not what its namespace holds. It needs a cache with those indexes.
	Indexed bool
}

// Field indexes on related objects, registered by RegisterIndexes, read by an Indexed Gatherer.
const (
	// IndexSelects indexes PodDisruptionBudgets, Services and NetworkPolicies by the one key of
	// their selector (checks.PDBIndexKey, ServiceIndexKey, NetworkPolicyIndexKey).
	IndexSelects = "prodready.io/selects"
	// IndexScaleTarget indexes HorizontalPodAutoscalers by checks.ScaleTargetKey of their
	// scaleTargetRef.
	IndexScaleTarget = "spec.scaleTargetRef"
)

// RegisterIndexes adds the field indexes an Indexed Gatherer reads.
func RegisterIndexes(ctx context.Context, idx client.FieldIndexer) error {
	for _, ix := range []struct {
		obj  client.Object
		name string
		fn   client.IndexerFunc
	}{
		{&policyv1.PodDisruptionBudget{}, IndexSelects, func(o client.Object) []string {
			return []string{checks.PDBIndexKey(o.(*policyv1.PodDisruptionBudget))}
		}},
		{&corev1.Service{}, IndexSelects, func(o client.Object) []string {
			if key, ok := checks.ServiceIndexKey(o.(*corev1.Service)); ok {
				return []string{key}
			}
			return nil
		}},
		{&networkingv1.NetworkPolicy{}, IndexSelects, func(o client.Object) []string {
			return []string{checks.NetworkPolicyIndexKey(o.(*networkingv1.NetworkPolicy))}
		}},
		{&autoscalingv2.HorizontalPodAutoscaler{}, IndexScaleTarget, func(o client.Object) []string {
			ref := &o.(*autoscalingv2.HorizontalPodAutoscaler).Spec.ScaleTargetRef
			return []string{checks.ScaleTargetKey(ref.Kind, ref.Name)}
		}},
	} {
		if err := idx.IndexField(ctx, ix.obj, ix.name, ix.fn); err != nil {
			return fmt.Errorf("index %s on %T: %w", ix.name, ix.obj, err)
		}
	}
	return nil
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
	if g.Indexed {
		if err := g.gatherRelated(ctx, s); err != nil {
			return nil, err
		}
	} else if err := g.gatherNamespace(ctx, s); err != nil {
		return nil, err
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

// gatherNamespace fills the snapshot with every related object of the workload's namespace.
func (g *Gatherer) gatherNamespace(ctx context.Context, s *checks.Snapshot) error {
	opts := []client.ListOption{client.InNamespace(s.Workload.Namespace()), client.UnsafeDisableDeepCopy}
	var pdbs policyv1.PodDisruptionBudgetList
	var hpas autoscalingv2.HorizontalPodAutoscalerList
	var svcs corev1.ServiceList
	var nps networkingv1.NetworkPolicyList
	var sas corev1.ServiceAccountList
	for _, l := range []client.ObjectList{&pdbs, &hpas, &svcs, &nps, &sas} {
		if err := g.Reader.List(ctx, l, opts...); err != nil {
			return fmt.Errorf("listing %T in namespace %q: %w", l, s.Workload.Namespace(), err)
		}
	}
	s.PDBs, s.HPAs, s.Services, s.NetworkPolicies, s.ServiceAccounts = pdbs.Items, hpas.Items, svcs.Items, nps.Items, sas.Items
	var err error
	s.Secrets, s.ConfigMaps, err = g.namespaceKeySets(ctx, s.Workload.Namespace())
	return err
}

// gatherRelated fills the snapshot with what the workload relates to (Workload.Related): the
// objects indexed under its pod keys and scale target, and those it names, sorted by name.
func (g *Gatherer) gatherRelated(ctx context.Context, s *checks.Snapshot) error {
	ns := s.Workload.Namespace()
	q := s.Workload.Related()
	for _, key := range q.PodKeys {
		var pdbs policyv1.PodDisruptionBudgetList
		var svcs corev1.ServiceList
		var nps networkingv1.NetworkPolicyList
		for _, l := range []client.ObjectList{&pdbs, &svcs, &nps} {
			if err := g.Reader.List(ctx, l, client.InNamespace(ns), client.MatchingFields{IndexSelects: key}, client.UnsafeDisableDeepCopy); err != nil {
				return fmt.Errorf("listing %T in namespace %q: %w", l, ns, err)
			}
		}
		s.PDBs, s.Services, s.NetworkPolicies = append(s.PDBs, pdbs.Items...), append(s.Services, svcs.Items...), append(s.NetworkPolicies, nps.Items...)
	}
	var hpas autoscalingv2.HorizontalPodAutoscalerList
	if err := g.Reader.List(ctx, &hpas, client.InNamespace(ns), client.MatchingFields{IndexScaleTarget: q.ScaleTarget}, client.UnsafeDisableDeepCopy); err != nil {
		return fmt.Errorf("listing HorizontalPodAutoscalers in namespace %q: %w", ns, err)
	}
	s.HPAs = hpas.Items
	for _, name := range q.Services {
		if slices.ContainsFunc(s.Services, func(svc corev1.Service) bool { return svc.Name == name }) {
			continue
		}
		var svc corev1.Service
		if ok, err := g.getNamed(ctx, ns, name, &svc); err != nil {
			return err
		} else if ok {
			s.Services = append(s.Services, svc)
		}
	}
	var sa corev1.ServiceAccount
	if ok, err := g.getNamed(ctx, ns, q.ServiceAccount, &sa); err != nil {
		return err
	} else if ok {
		s.ServiceAccounts = []corev1.ServiceAccount{sa}
	}
	for _, name := range q.Secrets {
		var sec corev1.Secret
		if ok, err := g.getNamed(ctx, ns, name, &sec); err != nil {
			return err
		} else if ok {
			s.Secrets = append(s.Secrets, secretKeySet(&sec))
		}
	}
	for _, name := range q.ConfigMaps {
		var cm corev1.ConfigMap
		if ok, err := g.getNamed(ctx, ns, name, &cm); err != nil {
			return err
		} else if ok {
			s.ConfigMaps = append(s.ConfigMaps, configMapKeySet(&cm))
		}
	}
	sort.Slice(s.PDBs, func(i, j int) bool { return s.PDBs[i].Name < s.PDBs[j].Name })
	sort.Slice(s.Services, func(i, j int) bool { return s.Services[i].Name < s.Services[j].Name })
	sort.Slice(s.NetworkPolicies, func(i, j int) bool { return s.NetworkPolicies[i].Name < s.NetworkPolicies[j].Name })
	sort.Slice(s.HPAs, func(i, j int) bool { return s.HPAs[i].Name < s.HPAs[j].Name })
	// The custom checks' secrets and configMaps list the namespace: read only if one does.
	type lists struct{ secrets, configMaps []checks.KeySet }
	load := sync.OnceValues(func() (lists, error) {
		secrets, cms, err := g.namespaceKeySets(ctx, ns)
		if err != nil {
			log.FromContext(ctx).Error(err, "listing the Secrets and ConfigMaps of a namespace for custom checks", "namespace", ns)
		}
		return lists{secrets, cms}, err
	})
	s.NamespaceKeySets = func() ([]checks.KeySet, []checks.KeySet, error) {
		l, err := load()
		return l.secrets, l.configMaps, err
	}
	return nil
}

// getNamed reads an object of the workload's namespace by name from the cache, without a deep
// copy; ok is false when it does not exist.
func (g *Gatherer) getNamed(ctx context.Context, ns, name string, into client.Object) (bool, error) {
	if name == "" {
		return false, nil
	}
	err := g.Reader.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, into, client.UnsafeDisableDeepCopy)
	switch {
	case apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reading %T %q in namespace %q: %w", into, name, ns, err)
	}
	return true, nil
}

// namespaceKeySets lists the Secrets and ConfigMaps of a namespace as names and key names.
func (g *Gatherer) namespaceKeySets(ctx context.Context, ns string) ([]checks.KeySet, []checks.KeySet, error) {
	opts := []client.ListOption{client.InNamespace(ns), client.UnsafeDisableDeepCopy}
	var secrets corev1.SecretList
	var cms corev1.ConfigMapList
	for _, l := range []client.ObjectList{&secrets, &cms} {
		if err := g.Reader.List(ctx, l, opts...); err != nil {
			return nil, nil, fmt.Errorf("listing %T in namespace %q: %w", l, ns, err)
		}
	}
	outSecrets := make([]checks.KeySet, 0, len(secrets.Items))
	for i := range secrets.Items {
		outSecrets = append(outSecrets, secretKeySet(&secrets.Items[i]))
	}
	outCMs := make([]checks.KeySet, 0, len(cms.Items))
	for i := range cms.Items {
		outCMs = append(outCMs, configMapKeySet(&cms.Items[i]))
	}
	return outSecrets, outCMs, nil
}

func secretKeySet(sec *corev1.Secret) checks.KeySet {
	return checks.KeySet{Name: sec.Name, Type: string(sec.Type), Keys: sortedKeys(sec.Data)}
}

func configMapKeySet(cm *corev1.ConfigMap) checks.KeySet {
	keys := sortedKeys(cm.BinaryData)
	for k := range cm.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return checks.KeySet{Name: cm.Name, Keys: keys}
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
