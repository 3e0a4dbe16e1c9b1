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

package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Snapshot is everything a check may look at: the target workload and the related objects in its
// namespace, gathered once by a builder (cluster cache, manifest files or admission request).
// Checks treat it as read-only.
type Snapshot struct {
	// Now is the evaluation time (exemption expiry), set by the builder.
	Now time.Time

	// Workload is the target.
	Workload Workload

	PDBs            []policyv1.PodDisruptionBudget
	HPAs            []autoscalingv2.HorizontalPodAutoscaler
	Services        []corev1.Service
	NetworkPolicies []networkingv1.NetworkPolicy
	ServiceAccounts []corev1.ServiceAccount
	// Secrets holds names and key names only: the engine never sees a secret value.
	Secrets []KeySet
	// ConfigMaps holds names and key names only.
	ConfigMaps []KeySet
	// Monitors are the ServiceMonitors and PodMonitors that look at the namespace.
	Monitors []Monitor
	// ScaledObjects are KEDA ScaledObjects (offline only: in a cluster the HPA that KEDA creates
	// for each is read instead).
	ScaledObjects []ScaledObject
	// NamespaceKeySets, when set, lists every Secret and ConfigMap of the namespace, for the
	// custom checks' secrets and configMaps variables: a builder that fills the fields above
	// with what Workload.Related names leaves the other Secrets and ConfigMaps out. Nil means
	// Secrets and ConfigMaps hold the whole namespace. An error (the cache could not be listed)
	// makes the checks that read those variables Error, never judge an empty list.
	NamespaceKeySets func() (secrets, configMaps []KeySet, err error)

	// Offline is true when related objects come from a set of manifests rather than a cluster:
	// an object referenced by name but absent may exist elsewhere, so checks report Skip for it
	// instead of Fail.
	Offline bool
	// MonitorsKnown is true when the builder could look for ServiceMonitors and PodMonitors
	// (their CRDs are installed, or the manifests were searched).
	MonitorsKnown bool

	// selected memoises the selections several checks make, within one Evaluate.
	selected *selections
}

// selections are the related objects that select the pods, computed once per evaluation:
// Evaluate gives the checks a copy of the snapshot carrying them, so the caller's snapshot is
// never written and the checks of one evaluation share the result. The slices are read-only.
type selections struct {
	pdbs         []*policyv1.PodDisruptionBudget
	pdbNotes     []string
	pdbsDone     bool
	services     []*corev1.Service
	servicesDone bool
}

// ScaledObject is a KEDA ScaledObject reduced to what checks use.
type ScaledObject struct {
	Name string
	// Target is spec.scaleTargetRef with KEDA's defaults (apps/v1 Deployment).
	Target autoscalingv2.CrossVersionObjectReference
	// MinReplicaCount (KEDA's default 0: scale to zero when idle) and MaxReplicaCount (default 100).
	MinReplicaCount *int32
	MaxReplicaCount *int32
}

// Watches reports whether the monitor looks at pods of a namespace: spec.namespaceSelector.any,
// a matchNames list naming it, or, without a namespaceSelector, its own namespace. The gatherer
// and the operator's event mapper both use it.
func (m *Monitor) Watches(ns string) bool {
	switch {
	case m.AnyNamespace:
		return true
	case len(m.Namespaces) > 0:
		return slices.Contains(m.Namespaces, ns)
	}
	return m.Namespace == "" || m.Namespace == ns
}

// KeySet is a Secret or ConfigMap reduced to its name and key names.
type KeySet struct {
	Name string
	Keys []string
	// Type is the Secret type (empty for ConfigMaps).
	Type string
}

// HasKey reports whether the object has a key.
func (k *KeySet) HasKey(key string) bool { return slices.Contains(k.Keys, key) }

// Monitor is a Prometheus Operator ServiceMonitor or PodMonitor reduced to what checks use.
type Monitor struct {
	Kind      string // ServiceMonitor or PodMonitor
	Name      string
	Namespace string // the monitor's own namespace; empty means the workload's
	Selector  metav1.LabelSelector
	// AllNamespaces / Namespaces from spec.namespaceSelector; empty means the monitor's own.
	AnyNamespace bool
	Namespaces   []string
}

// ContainerKind distinguishes regular containers, native sidecars and plain init containers.
type ContainerKind int

// Container kinds.
const (
	RegularContainer ContainerKind = iota
	SidecarContainer               // init container with restartPolicy: Always
	InitContainer                  // plain init container, runs to completion before the others
)

// Container is a container of the pod template with its kind.
type Container struct {
	*corev1.Container
	Kind ContainerKind
}

// Describe names the container for messages: `container "api"`, `sidecar "proxy"`,
// `init container "migrate"`.
func (c Container) Describe() string {
	switch c.Kind {
	case SidecarContainer:
		return fmt.Sprintf("sidecar %q", c.Name)
	case InitContainer:
		return fmt.Sprintf("init container %q", c.Name)
	}
	return fmt.Sprintf("container %q", c.Name)
}

// IsSidecar reports whether an init container is a native sidecar.
func IsSidecar(c *corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// AllContainers are Containers plus plain init containers, in pod order (init first).
func (w *Workload) AllContainers() []Container {
	spec := w.PodSpec()
	out := make([]Container, 0, len(spec.Containers)+len(spec.InitContainers))
	for i := range spec.InitContainers {
		kind := InitContainer
		if IsSidecar(&spec.InitContainers[i]) {
			kind = SidecarContainer
		}
		out = append(out, Container{Container: &spec.InitContainers[i], Kind: kind})
	}
	for i := range spec.Containers {
		out = append(out, Container{Container: &spec.Containers[i], Kind: RegularContainer})
	}
	return out
}

// Containers are the long-running containers: regular containers plus native sidecars, in pod
// order (sidecars first).
func (w *Workload) Containers() []Container {
	return slices.DeleteFunc(w.AllContainers(), func(c Container) bool { return c.Kind == InitContainer })
}

// ContainerNames lists every container name of the pod template (init, sidecar and regular).
func (w *Workload) ContainerNames() []string { return containerNames(w.AllContainers()) }

// containerNames lists the containers' names, in order.
func containerNames(cs []Container) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}

// HPAsTargeting returns the HPAs whose scaleTargetRef names the workload (kind, name and API
// group), sorted by name.
func (s *Snapshot) HPAsTargeting() []*autoscalingv2.HorizontalPodAutoscaler {
	var out []*autoscalingv2.HorizontalPodAutoscaler
	for i := range s.HPAs {
		ref := &s.HPAs[i].Spec.ScaleTargetRef
		if s.namesWorkload(ref) && apiGroup(ref.APIVersion) == s.Workload.WorkloadKind.Group {
			out = append(out, &s.HPAs[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ScaledObjectsTargeting returns the KEDA ScaledObjects whose scaleTargetRef names the workload
// (kind, name and API group), sorted by name.
func (s *Snapshot) ScaledObjectsTargeting() []*ScaledObject {
	var out []*ScaledObject
	for i := range s.ScaledObjects {
		ref := &s.ScaledObjects[i].Target
		if s.namesWorkload(ref) && apiGroup(ref.APIVersion) == s.Workload.WorkloadKind.Group {
			out = append(out, &s.ScaledObjects[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// namesWorkload reports whether a scaleTargetRef names the workload's kind and name, whatever
// its apiVersion.
func (s *Snapshot) namesWorkload(ref *autoscalingv2.CrossVersionObjectReference) bool {
	return ref.Kind == s.Workload.Kind() && ref.Name == s.Workload.Name()
}

// apiGroup returns the group of an apiVersion ("apps/v1" → "apps", "v1" → "").
func apiGroup(apiVersion string) string {
	group, _, ok := strings.Cut(apiVersion, "/")
	if !ok {
		return ""
	}
	return group
}

// EffectiveReplicas is the HPA's minReplicas (unset = 1) when an HPA targets the workload, else
// spec.replicas (unset = 1). The second value says where the number came from. A kind without a
// replica count (DaemonSet, CronJob, Job) has none: ok is false.
func (s *Snapshot) EffectiveReplicas() (n int32, source string, ok bool) {
	if !s.Workload.Has(CapReplicas) {
		return 0, "", false
	}
	if hpas := s.HPAsTargeting(); len(hpas) > 0 {
		if hpas[0].Spec.MinReplicas == nil {
			return 1, fmt.Sprintf("HorizontalPodAutoscaler %q minReplicas, unset so 1", hpas[0].Name), true
		}
		return *hpas[0].Spec.MinReplicas, fmt.Sprintf("HorizontalPodAutoscaler %q minReplicas", hpas[0].Name), true
	}
	if sos := s.ScaledObjectsTargeting(); len(sos) > 0 {
		if sos[0].MinReplicaCount == nil {
			return 0, fmt.Sprintf("KEDA ScaledObject %q minReplicaCount, unset so 0: KEDA scales the workload to zero when idle", sos[0].Name), true
		}
		if *sos[0].MinReplicaCount == 0 {
			return 0, fmt.Sprintf("KEDA ScaledObject %q minReplicaCount 0: KEDA scales the workload to zero when idle", sos[0].Name), true
		}
		return *sos[0].MinReplicaCount, fmt.Sprintf("KEDA ScaledObject %q minReplicaCount", sos[0].Name), true
	}
	if r := s.Workload.SpecReplicas(); r != nil {
		return *r, "spec.replicas", true
	}
	return 1, "spec.replicas, unset so 1", true
}

// NamespaceSecrets are the Secrets of the namespace (names and key names).
func (s *Snapshot) NamespaceSecrets() ([]KeySet, error) {
	if s.NamespaceKeySets == nil {
		return s.Secrets, nil
	}
	secrets, _, err := s.NamespaceKeySets()
	return secrets, err
}

// NamespaceConfigMaps are the ConfigMaps of the namespace (names and key names).
func (s *Snapshot) NamespaceConfigMaps() ([]KeySet, error) {
	if s.NamespaceKeySets == nil {
		return s.ConfigMaps, nil
	}
	_, cms, err := s.NamespaceKeySets()
	return cms, err
}

// Secret returns the Secret with the name, if present.
func (s *Snapshot) Secret(name string) (*KeySet, bool) { return findKeySet(s.Secrets, name) }

// ConfigMap returns the ConfigMap with the name, if present.
func (s *Snapshot) ConfigMap(name string) (*KeySet, bool) { return findKeySet(s.ConfigMaps, name) }

func findKeySet(list []KeySet, name string) (*KeySet, bool) {
	for i := range list {
		if list[i].Name == name {
			return &list[i], true
		}
	}
	return nil, false
}

// Service returns the Service with the name, if present.
func (s *Snapshot) Service(name string) (*corev1.Service, bool) {
	for i := range s.Services {
		if s.Services[i].Name == name {
			return &s.Services[i], true
		}
	}
	return nil, false
}

// ServiceAccount returns the ServiceAccount with the name, if present.
func (s *Snapshot) ServiceAccount(name string) (*corev1.ServiceAccount, bool) {
	for i := range s.ServiceAccounts {
		if s.ServiceAccounts[i].Name == name {
			return &s.ServiceAccounts[i], true
		}
	}
	return nil, false
}
