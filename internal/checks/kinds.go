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

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Object is a Kubernetes object as the engine reads it. controller-runtime's client.Object has
// the same method set, so the two convert freely.
type Object interface {
	metav1.Object
	runtime.Object
}

// Capability is something a workload kind has that a check may need. A check that needs a
// capability the target's kind lacks reports Skip with the capability's reason.
type Capability string

// Capabilities.
const (
	// CapReplicas: the kind runs a replica count of identical pods that can be scaled (and so
	// disrupted, autoscaled and spread): replicas, PDB, HPA and spread checks.
	CapReplicas Capability = "replicas"
	// CapLongRunning: the pods run until replaced, so probes, Services, graceful shutdown and
	// rolling updates matter. Jobs and CronJobs run to completion.
	CapLongRunning Capability = "long-running"
)

// capabilityReasons say, for Skip messages, why a kind without the capability is not judged.
var capabilityReasons = map[Capability]string{
	CapReplicas:    "has no replica count to scale",
	CapLongRunning: "runs its pods to completion, not as long-running servers",
}

// TemplateRef names the object a workload takes its pod template from (an Argo Rollout's
// spec.workloadRef).
type TemplateRef struct {
	APIVersion string
	Kind       string
	Name       string
}

// RemovedVersion is an API version of a kind that Kubernetes no longer serves. Objects of it are
// still read (as the served version) and fail api-version-served.
type RemovedVersion struct {
	GroupVersion string // e.g. "extensions/v1beta1"
	RemovedIn    string // the Kubernetes release that stopped serving it, e.g. "1.16"
}

// WorkloadKind is everything kind-specific about a workload kind: one file per kind registers
// one (kind_<name>.go). Nothing outside those files asks which kind a workload is.
type WorkloadKind struct {
	// Kind, Group and Version are the GVK the engine reads; Resource is the plural resource.
	Kind     string
	Group    string
	Version  string
	Resource string
	// Optional kinds are served by a CRD that a cluster may not have (discovered at run time).
	// The cluster reads them as unstructured objects; the engine converts them with New.
	Optional bool
	// CRDName is the CustomResourceDefinition serving an optional kind ("rollouts.argoproj.io").
	CRDName string
	// TemplatePath is the field path of the pod template for messages; empty means
	// "spec.template".
	TemplatePath string
	// Capabilities the kind has.
	Capabilities []Capability
	// Removed lists versions of the kind that Kubernetes no longer serves.
	Removed []RemovedVersion

	// New returns an empty typed object of the kind.
	New func() Object
	// NewList returns an empty typed list (nil for optional kinds, listed as unstructured).
	NewList func() runtime.Object
	// Template returns the object's inline pod template, nil when it has none (a Rollout with a
	// workloadRef).
	Template func(Object) *corev1.PodTemplateSpec
	// TemplateRef returns the object the pod template comes from, nil when it is inline.
	TemplateRef func(Object) *TemplateRef
	// Selector returns the pod selector.
	Selector func(Object) *metav1.LabelSelector
	// Replicas returns spec.replicas (nil when unset); nil for kinds without a replica count.
	Replicas func(Object) *int32
	// ObservedGeneration returns the kind's status.observedGeneration; nil when the kind's
	// status does not have one (CronJob, Job). rollout-complete is Pending while it is behind
	// metadata.generation, before Rollout is asked.
	ObservedGeneration func(Object) int64
	// Controller names what writes the kind's status, for messages ("the deployment
	// controller"); needed with ObservedGeneration.
	Controller string
	// JobSpec returns the spec of the Jobs the kind runs (Job, CronJob); nil for other kinds.
	JobSpec func(Object) *batchv1.JobSpec
	// ServiceNames returns the Services the object names (a StatefulSet's spec.serviceName),
	// which its checks look up by name; nil for kinds that name none.
	ServiceNames func(Object) []string
	// Rollout judges whether the current generation is rolled out (rollout-complete). It is
	// called only for workloads that carry a status, and only once the status has observed the
	// current generation.
	Rollout func(w *Workload) Outcome
	// Strategy judges the rollout strategy (rollout-strategy); nil for kinds that do not roll
	// out (the check reports Skip).
	Strategy func(s *Snapshot) Outcome
}

// GroupVersionKind is the GVK the engine reads.
func (k *WorkloadKind) GroupVersionKind() schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: k.Group, Version: k.Version, Kind: k.Kind}
}

// APIVersion is "group/version" ("v1" for the core group).
func (k *WorkloadKind) APIVersion() string { return k.GroupVersionKind().GroupVersion().String() }

// Has reports whether the kind has a capability.
func (k *WorkloadKind) Has(c Capability) bool { return slices.Contains(k.Capabilities, c) }

// RemovedVersion returns the removed version entry for a group/version, if it is one.
func (k *WorkloadKind) RemovedVersion(groupVersion string) (RemovedVersion, bool) {
	for _, r := range k.Removed {
		if r.GroupVersion == groupVersion {
			return r, true
		}
	}
	return RemovedVersion{}, false
}

// Decode turns an object read from a cluster or a manifest into the kind's typed object: typed
// objects are returned as they are, unstructured ones are converted (fields the type does not
// know are dropped). The object's apiVersion is kept, so a removed version stays visible.
func (k *WorkloadKind) Decode(o Object) (Object, error) {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		return o, nil
	}
	out := k.New()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, out); err != nil {
		return nil, fmt.Errorf("%s %q does not have the shape of a %s", k.Kind, u.GetName(), k.APIVersion())
	}
	out.GetObjectKind().SetGroupVersionKind(u.GroupVersionKind())
	return out, nil
}

var kindRegistry = map[string]*WorkloadKind{}

// registerKind adds a workload kind; called from the kind files' init.
func registerKind(k *WorkloadKind) {
	if _, dup := kindRegistry[k.Kind]; dup {
		panic("duplicate workload kind " + k.Kind)
	}
	kindRegistry[k.Kind] = k
}

// Kinds returns every registered workload kind, sorted by kind.
func Kinds() []*WorkloadKind {
	out := make([]*WorkloadKind, 0, len(kindRegistry))
	for _, k := range kindRegistry {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// KindNames returns the names of every registered kind, sorted.
func KindNames() []string {
	ks := Kinds()
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Kind
	}
	return out
}

// LookupKind returns the registered kind of a name ("Deployment").
func LookupKind(kind string) (*WorkloadKind, bool) {
	k, ok := kindRegistry[kind]
	return k, ok
}

// KindFor returns the registered kind of an apiVersion and kind: the served version, or a
// removed version of the same kind. An unknown version of a known kind is an error that names
// the served version.
func KindFor(apiVersion, kind string) (*WorkloadKind, error) {
	k, ok := kindRegistry[kind]
	if !ok {
		return nil, fmt.Errorf("kind %q is not a workload kind prodready evaluates (want one of %s)", kind, strings.Join(KindNames(), ", "))
	}
	if apiVersion == k.APIVersion() {
		return k, nil
	}
	if _, removed := k.RemovedVersion(apiVersion); removed {
		return k, nil
	}
	return nil, fmt.Errorf("apiVersion %q is not a version of %s; the served version is %s", apiVersion, kind, k.APIVersion())
}

// IsWorkloadGroupKind reports whether a group and kind are a registered workload kind in any
// version (served or removed), so a reader never drops a workload-shaped document silently.
func IsWorkloadGroupKind(group, kind string) bool {
	k, ok := kindRegistry[kind]
	if !ok {
		return false
	}
	if group == k.Group {
		return true
	}
	for _, r := range k.Removed {
		if apiGroup(r.GroupVersion) == group {
			return true
		}
	}
	return false
}

// Workload is the target: a registered kind and its typed object.
type Workload struct {
	// Kind is the workload's registered kind.
	WorkloadKind *WorkloadKind
	// Object is the typed object (its TypeMeta carries the apiVersion it was read as).
	Object Object

	// HasStatus is false when the workload comes from a manifest that carries no status.
	HasStatus bool

	// RefTemplate is the pod template of the object TemplateRef names, set by the snapshot
	// builder; RefProblem says why it could not be resolved (the object is missing).
	RefTemplate *corev1.PodTemplateSpec
	RefSelector *metav1.LabelSelector
	RefProblem  string

	// ReplicasSetInManifest reports, for workloads read from manifests, whether the manifest
	// sets spec.replicas. Nil when unknown (cluster objects).
	ReplicasSetInManifest *bool
	// ReplicasManagers lists the field managers that own spec.replicas, from managedFields
	// (cluster objects). Nil when unknown.
	ReplicasManagers []FieldManager
}

// NewWorkload wraps an object of a registered kind (typed or unstructured).
func NewWorkload(k *WorkloadKind, o Object) (Workload, error) {
	typed, err := k.Decode(o)
	if err != nil {
		return Workload{}, err
	}
	return Workload{WorkloadKind: k, Object: typed}, nil
}

// FieldManager is a manager owning a field, from metadata.managedFields.
type FieldManager struct {
	Manager     string
	Operation   string // Apply or Update
	Subresource string // "scale" when written through the scale subresource
}

// Kind is the workload's kind name.
func (w *Workload) Kind() string {
	if w.WorkloadKind == nil {
		return ""
	}
	return w.WorkloadKind.Kind
}

// Has reports whether the workload's kind has a capability.
func (w *Workload) Has(c Capability) bool { return w.WorkloadKind != nil && w.WorkloadKind.Has(c) }

// Meta is the workload's object metadata.
func (w *Workload) Meta() metav1.Object {
	if w.Object == nil {
		return &metav1.ObjectMeta{}
	}
	return w.Object
}

// APIVersion is the apiVersion the object was read as (the served version when unknown).
func (w *Workload) APIVersion() string {
	if w.Object != nil {
		if gv := w.Object.GetObjectKind().GroupVersionKind().GroupVersion(); !gv.Empty() {
			return gv.String()
		}
	}
	if w.WorkloadKind == nil {
		return ""
	}
	return w.WorkloadKind.APIVersion()
}

// Name is the workload's name.
func (w *Workload) Name() string { return w.Meta().GetName() }

// Namespace is the workload's namespace.
func (w *Workload) Namespace() string { return w.Meta().GetNamespace() }

// String is "Deployment/name" for messages.
func (w *Workload) String() string { return fmt.Sprintf("%s/%s", w.Kind(), w.Name()) }

// Generation is metadata.generation.
func (w *Workload) Generation() int64 { return w.Meta().GetGeneration() }

// Template is the pod template: inline, or resolved from TemplateRef by the snapshot builder.
// It is never nil.
func (w *Workload) Template() *corev1.PodTemplateSpec {
	if w.WorkloadKind != nil && w.Object != nil {
		if t := w.WorkloadKind.Template(w.Object); t != nil {
			return t
		}
	}
	if w.RefTemplate != nil {
		return w.RefTemplate
	}
	return &corev1.PodTemplateSpec{}
}

// TemplatePath is the field path of the pod template, for messages ("spec.template",
// "spec.jobTemplate.spec.template").
func (w *Workload) TemplatePath() string {
	if w.WorkloadKind == nil || w.WorkloadKind.TemplatePath == "" {
		return "spec.template"
	}
	return w.WorkloadKind.TemplatePath
}

// TemplateRef is the object the pod template comes from, nil when it is inline.
func (w *Workload) TemplateRef() *TemplateRef {
	if w.WorkloadKind == nil || w.WorkloadKind.TemplateRef == nil || w.Object == nil {
		return nil
	}
	return w.WorkloadKind.TemplateRef(w.Object)
}

// PodSpec is the pod template's spec.
func (w *Workload) PodSpec() *corev1.PodSpec { return &w.Template().Spec }

// PodLabels are the pod template's labels.
func (w *Workload) PodLabels() map[string]string { return w.Template().Labels }

// Selector is the workload's pod selector.
func (w *Workload) Selector() *metav1.LabelSelector {
	if w.WorkloadKind == nil || w.Object == nil {
		return nil
	}
	if sel := w.WorkloadKind.Selector(w.Object); sel != nil {
		return sel
	}
	return w.RefSelector // a Rollout with a workloadRef and no selector uses the workload's
}

// ResolveRef sets the pod template and selector taken from the object TemplateRef names.
func (w *Workload) ResolveRef(from *Workload) {
	w.RefTemplate = from.Template()
	w.RefSelector = from.Selector()
}

// SpecReplicas is spec.replicas (nil when unset, and always nil for kinds without a replica
// count).
func (w *Workload) SpecReplicas() *int32 {
	if w.WorkloadKind == nil || w.WorkloadKind.Replicas == nil || w.Object == nil {
		return nil
	}
	return w.WorkloadKind.Replicas(w.Object)
}

// ObservedGeneration is the workload controller's status.observedGeneration; for kinds whose
// status has none, the generation itself.
func (w *Workload) ObservedGeneration() int64 {
	if w.WorkloadKind == nil || w.Object == nil {
		return 0
	}
	if w.WorkloadKind.ObservedGeneration == nil {
		return w.Object.GetGeneration()
	}
	return w.WorkloadKind.ObservedGeneration(w.Object)
}

// typedAs returns the workload's object as T (the kind files' accessors use it).
func typedAs[T any](o Object) T {
	t, _ := o.(T)
	return t
}

// replicasOrOne is spec.replicas with the API default.
func replicasOrOne(r *int32) int32 {
	if r == nil {
		return 1
	}
	return *r
}
