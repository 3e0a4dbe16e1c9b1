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

// Package snapshot builds check-engine Snapshots: from the manager's cache (cluster.go), from
// manifests (manifests.go) and from an admission request. All builders feed checks.Evaluate.
package snapshot

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

// WorkloadDoc is a workload read from a manifest.
type WorkloadDoc struct {
	Workload checks.Workload
	Source   manifest.Source
}

// ReadinessDoc is a ProductionReadiness read from a manifest.
type ReadinessDoc struct {
	Object v1alpha1.ProductionReadiness
	Source manifest.Source
}

// Manifests groups the objects of a set of manifests for offline evaluation. Objects without a
// namespace get the default namespace given to NewManifests.
type Manifests struct {
	namespace string
	Workloads []WorkloadDoc
	Readiness []ReadinessDoc
	Profiles  map[string]*v1alpha1.ReadinessProfile
	related   map[string]*checks.Snapshot // per namespace; only the related-object fields are used
}

// NewManifests starts an empty set; defaultNamespace is used for objects without one.
func NewManifests(defaultNamespace string) *Manifests {
	if defaultNamespace == "" {
		defaultNamespace = metav1.NamespaceDefault
	}
	return &Manifests{namespace: defaultNamespace, Profiles: map[string]*v1alpha1.ReadinessProfile{}, related: map[string]*checks.Snapshot{}}
}

// Add files one decoded document. Kinds prodready does not read are ignored. A document that
// does not decode as its kind returns an error naming its source.
func (m *Manifests) Add(doc manifest.Document) error {
	if doc.Err != nil {
		return doc.Err
	}
	gvk := doc.Object.GroupVersionKind()
	ns := doc.Object.GetNamespace()
	if ns == "" {
		ns = m.namespace
	}
	decode := func(into metav1.Object) error {
		if err := json.Unmarshal(doc.JSON, into); err != nil {
			return fmt.Errorf("%s: %s %q: %w", doc.Source, gvk.Kind, doc.Object.GetName(), err)
		}
		into.SetNamespace(ns)
		return nil
	}
	rel := m.relatedFor(ns)
	switch gvk.GroupKind().String() {
	case "Deployment.apps", "StatefulSet.apps", "DaemonSet.apps":
		if gvk.Version != "v1" {
			return fmt.Errorf("%s: %s %q: apiVersion %s is not supported; use apps/v1", doc.Source, gvk.Kind, doc.Object.GetName(), gvk.GroupVersion())
		}
		w := checks.Workload{HasStatus: hasStatus(doc.Object)}
		_, found, _ := unstructured.NestedFieldNoCopy(doc.Object.Object, "spec", "replicas")
		w.ReplicasSetInManifest = &found
		var err error
		switch gvk.Kind {
		case checks.KindDeployment:
			w.Deployment = &appsv1.Deployment{}
			err = decode(w.Deployment)
		case checks.KindStatefulSet:
			w.StatefulSet = &appsv1.StatefulSet{}
			err = decode(w.StatefulSet)
		default:
			w.DaemonSet = &appsv1.DaemonSet{}
			err = decode(w.DaemonSet)
		}
		if err != nil {
			return err
		}
		m.Workloads = append(m.Workloads, WorkloadDoc{Workload: w, Source: doc.Source})
	case "ProductionReadiness.readiness.prodready.io":
		var pr v1alpha1.ProductionReadiness
		if err := decode(&pr); err != nil {
			return err
		}
		m.Readiness = append(m.Readiness, ReadinessDoc{Object: pr, Source: doc.Source})
	case "ReadinessProfile.readiness.prodready.io":
		var rp v1alpha1.ReadinessProfile
		if err := json.Unmarshal(doc.JSON, &rp); err != nil {
			return fmt.Errorf("%s: ReadinessProfile %q: %w", doc.Source, doc.Object.GetName(), err)
		}
		m.Profiles[rp.Name] = &rp
	case "PodDisruptionBudget.policy":
		var o policyv1.PodDisruptionBudget
		if err := decode(&o); err != nil {
			return err
		}
		rel.PDBs = append(rel.PDBs, o)
	case "HorizontalPodAutoscaler.autoscaling":
		if gvk.Version != "v2" {
			return fmt.Errorf("%s: HorizontalPodAutoscaler %q: apiVersion %s is not supported; use autoscaling/v2", doc.Source, doc.Object.GetName(), gvk.GroupVersion())
		}
		var o autoscalingv2.HorizontalPodAutoscaler
		if err := decode(&o); err != nil {
			return err
		}
		rel.HPAs = append(rel.HPAs, o)
	case "Service":
		var o corev1.Service
		if err := decode(&o); err != nil {
			return err
		}
		rel.Services = append(rel.Services, o)
	case "NetworkPolicy.networking.k8s.io":
		var o networkingv1.NetworkPolicy
		if err := decode(&o); err != nil {
			return err
		}
		rel.NetworkPolicies = append(rel.NetworkPolicies, o)
	case "ServiceAccount":
		var o corev1.ServiceAccount
		if err := decode(&o); err != nil {
			return err
		}
		rel.ServiceAccounts = append(rel.ServiceAccounts, o)
	case "Secret":
		// Keys only: the values in the manifest are never decoded.
		rel.Secrets = append(rel.Secrets, keySetOf(doc.Object, "data", "stringData"))
	case "ConfigMap":
		rel.ConfigMaps = append(rel.ConfigMaps, keySetOf(doc.Object, "data", "binaryData"))
	case "ServiceMonitor.monitoring.coreos.com", "PodMonitor.monitoring.coreos.com":
		mon, err := MonitorFromUnstructured(doc.Object)
		if err != nil {
			return fmt.Errorf("%s: %w", doc.Source, err)
		}
		rel.Monitors = append(rel.Monitors, mon)
	}
	return nil
}

func (m *Manifests) relatedFor(ns string) *checks.Snapshot {
	r, ok := m.related[ns]
	if !ok {
		r = &checks.Snapshot{}
		m.related[ns] = r
	}
	return r
}

// Snapshot builds the offline snapshot of a workload: the related objects of its namespace from
// the manifests, Offline set, MonitorsKnown set (the manifests were searched).
func (m *Manifests) Snapshot(w *WorkloadDoc, now time.Time) *checks.Snapshot {
	rel := m.relatedFor(w.Workload.Namespace())
	return &checks.Snapshot{
		Now:             now,
		Workload:        w.Workload,
		PDBs:            rel.PDBs,
		HPAs:            rel.HPAs,
		Services:        rel.Services,
		NetworkPolicies: rel.NetworkPolicies,
		ServiceAccounts: rel.ServiceAccounts,
		Secrets:         rel.Secrets,
		ConfigMaps:      rel.ConfigMaps,
		Monitors:        rel.Monitors,
		Offline:         true,
		MonitorsKnown:   true,
	}
}

// ReadinessFor returns the ProductionReadiness of the manifests that targets a workload.
func (m *Manifests) ReadinessFor(w *WorkloadDoc) (*ReadinessDoc, bool) {
	for i := range m.Readiness {
		pr := &m.Readiness[i]
		ref := pr.Object.Spec.TargetRef
		if pr.Object.Namespace == w.Workload.Namespace() && ref.Kind == w.Workload.Kind() && ref.Name == w.Workload.Name() {
			return pr, true
		}
	}
	return nil, false
}

// ProfileGetter looks up ReadinessProfiles among the manifests.
func (m *Manifests) ProfileGetter() checks.ProfileGetter {
	return func(name string) (*v1alpha1.ReadinessProfile, bool) {
		rp, ok := m.Profiles[name]
		return rp, ok
	}
}

func hasStatus(u *unstructured.Unstructured) bool {
	st, found, _ := unstructured.NestedMap(u.Object, "status")
	return found && len(st) > 0
}

// keySetOf reduces a Secret or ConfigMap to its name and key names.
func keySetOf(u *unstructured.Unstructured, fields ...string) checks.KeySet {
	ks := checks.KeySet{Name: u.GetName()}
	if u.GetKind() == "Secret" {
		ks.Type, _, _ = unstructured.NestedString(u.Object, "type")
	}
	seen := map[string]bool{}
	for _, f := range fields {
		m, ok := u.Object[f].(map[string]any)
		if !ok {
			continue
		}
		for k := range m {
			if !seen[k] {
				seen[k] = true
				ks.Keys = append(ks.Keys, k)
			}
		}
	}
	sort.Strings(ks.Keys)
	return ks
}

// MonitorFromUnstructured reads a ServiceMonitor or PodMonitor's selector and namespace
// selector.
func MonitorFromUnstructured(u *unstructured.Unstructured) (checks.Monitor, error) {
	mon := checks.Monitor{Kind: u.GetKind(), Name: u.GetName()}
	if sel, found, _ := unstructured.NestedMap(u.Object, "spec", "selector"); found {
		raw, err := json.Marshal(sel)
		if err == nil {
			err = json.Unmarshal(raw, &mon.Selector)
		}
		if err != nil {
			return mon, fmt.Errorf("%s %q: spec.selector: %w", mon.Kind, mon.Name, err)
		}
	}
	mon.AnyNamespace, _, _ = unstructured.NestedBool(u.Object, "spec", "namespaceSelector", "any")
	mon.Namespaces, _, _ = unstructured.NestedStringSlice(u.Object, "spec", "namespaceSelector", "matchNames")
	return mon, nil
}
