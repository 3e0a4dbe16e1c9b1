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
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

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
	// packed is the document's JSON, flate-compressed, when the Manifests is Compact: Workload
	// then holds an object of metadata only (kind, namespace, name, labels: enough to name it
	// and match policies; its typed accessors are not to be called) and podLabels its pod
	// template's labels, and Manifests.Decoded restores the whole object.
	packed    []byte
	podLabels map[string]string
}

// Compacted reports whether the document holds its workload compacted (see Manifests.Compact).
func (w *WorkloadDoc) Compacted() bool { return w.packed != nil }

// ReadinessDoc is a ProductionReadiness read from a manifest.
type ReadinessDoc struct {
	Object v1alpha1.ProductionReadiness
	Source manifest.Source
}

// PolicyDoc is a ReadinessPolicy read from a manifest.
type PolicyDoc struct {
	Object v1alpha1.ReadinessPolicy
	Source manifest.Source
}

// Manifests groups the objects of a set of manifests for offline evaluation. Objects without a
// namespace get the default namespace given to NewManifests.
type Manifests struct {
	namespace string
	Workloads []WorkloadDoc
	Readiness []ReadinessDoc
	Profiles  map[string]*v1alpha1.ReadinessProfile
	// Policies are the ReadinessPolicies of the input, in reading order.
	Policies []PolicyDoc
	// Namespaces holds the labels of the Namespace objects of the input, by name.
	Namespaces map[string]map[string]string
	// NotEvaluated lists the workload-shaped documents that are not evaluated, with the reason
	// (a kind prodready does not evaluate, such as a bare Pod or a ReplicaSet).
	NotEvaluated []NotEvaluatedDoc
	related      map[string]*checks.Snapshot // per namespace; only the related-object fields are used
	// indexes are built from related on first use, dropped when an object is added.
	indexes map[string]*relatedIndex
	// workloadsByName finds workloadRef targets (namespace/kind/name), built on first use.
	workloadsByName map[string]int
	// monitors with a namespaceSelector reaching other namespaces, applied in Snapshot.
	crossMonitors []checks.Monitor
	// seen maps kind/namespace/name to the source of the object read first (refused.go).
	seen map[string]manifest.Source

	// Compact, set before the first Add, keeps workloads compacted (WorkloadDoc.packed): a
	// typed workload costs several KiB in memory, its metadata and compressed JSON a few
	// hundred bytes. The
	// CLI sets it and evaluates Decoded workloads; Snapshot and Dangling work on either form.
	Compact bool
	// packers compress workloads per apiVersion and kind, with the first document of that
	// kind as the dictionary: workloads of one input resemble each other, so a compacted
	// workload is mostly its names.
	packers map[string]*packer
	unpack  io.ReadCloser
	packBuf bytes.Buffer
}

// packLevel is the compression of compacted workloads (flate.BestSpeed ignores a dictionary).
const packLevel = 4

// packer compresses the workloads of one apiVersion and kind.
type packer struct {
	dict []byte
	w    *flate.Writer
}

// NotEvaluatedDoc is a workload-shaped document the CLI does not evaluate, and why.
type NotEvaluatedDoc struct {
	Source manifest.Source
	Kind   string
	Name   string
	Reason string
}

// NewManifests starts an empty set; defaultNamespace is used for objects without one.
func NewManifests(defaultNamespace string) *Manifests {
	if defaultNamespace == "" {
		defaultNamespace = metav1.NamespaceDefault
	}
	return &Manifests{namespace: defaultNamespace, Profiles: map[string]*v1alpha1.ReadinessProfile{},
		Namespaces: map[string]map[string]string{}, related: map[string]*checks.Snapshot{}, indexes: map[string]*relatedIndex{}}
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
	if err := m.refuse(doc, ns); err != nil {
		return err
	}
	rel := m.relatedFor(ns)
	delete(m.indexes, ns)
	if checks.IsWorkloadGroupKind(gvk.Group, gvk.Kind) {
		m.workloadsByName = nil
		return m.addWorkload(doc, ns)
	}
	r, ok := readers[gvk.GroupKind().String()]
	if !ok {
		if reason, ok := notEvaluatedReason(doc.Object); ok {
			m.NotEvaluated = append(m.NotEvaluated, NotEvaluatedDoc{Source: doc.Source, Kind: gvk.Kind, Name: doc.Object.GetName(), Reason: reason})
		}
		return nil
	}
	return r.read(m, doc, ns, rel)
}

// reader reads one non-workload kind of the input into the builder.
type reader struct {
	// clusterScoped kinds are one per name in the input, whatever namespace a document names.
	clusterScoped bool
	read          func(m *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error
}

// readers are the non-workload kinds the builder reads, by group kind: Add files them and
// refuse checks them (names, duplicates); every other kind is ignored.
var readers = map[string]reader{
	"ProductionReadiness.readiness.prodready.io": {read: func(m *Manifests, doc manifest.Document, ns string, _ *checks.Snapshot) error {
		var pr v1alpha1.ProductionReadiness
		if err := decodeInto(doc, ns, &pr); err != nil {
			return err
		}
		m.Readiness = append(m.Readiness, ReadinessDoc{Object: pr, Source: doc.Source})
		return nil
	}},
	"ReadinessProfile.readiness.prodready.io": {clusterScoped: true, read: func(m *Manifests, doc manifest.Document, _ string, _ *checks.Snapshot) error {
		var rp v1alpha1.ReadinessProfile
		if err := decodeInto(doc, "", &rp); err != nil {
			return err
		}
		m.Profiles[rp.Name] = &rp
		return nil
	}},
	"ReadinessPolicy.readiness.prodready.io": {clusterScoped: true, read: func(m *Manifests, doc manifest.Document, _ string, _ *checks.Snapshot) error {
		var rp v1alpha1.ReadinessPolicy
		if err := decodeInto(doc, "", &rp); err != nil {
			return err
		}
		m.Policies = append(m.Policies, PolicyDoc{Object: rp, Source: doc.Source})
		return nil
	}},
	"Namespace": {clusterScoped: true, read: func(m *Manifests, doc manifest.Document, _ string, _ *checks.Snapshot) error {
		l := doc.Object.GetLabels()
		if l == nil {
			l = map[string]string{}
		}
		// The API server sets this label on every namespace.
		l[corev1.LabelMetadataName] = doc.Object.GetName()
		m.Namespaces[doc.Object.GetName()] = l
		return nil
	}},
	"PodDisruptionBudget.policy": {read: func(_ *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
		if v := doc.Object.GroupVersionKind().GroupVersion().String(); v != "policy/v1" && v != "policy/v1beta1" {
			return fmt.Errorf("%s: PodDisruptionBudget %q: apiVersion %s is not a version of PodDisruptionBudget; the served version is policy/v1", doc.Source, doc.Object.GetName(), v)
		}
		var o policyv1.PodDisruptionBudget
		if err := decodeInto(doc, ns, &o); err != nil {
			return err
		}
		rel.PDBs = append(rel.PDBs, o)
		return nil
	}},
	"HorizontalPodAutoscaler.autoscaling": {read: func(_ *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
		o, err := decodeHPA(doc)
		if err != nil {
			return err
		}
		o.Namespace = ns
		rel.HPAs = append(rel.HPAs, *o)
		return nil
	}},
	"ScaledObject.keda.sh": {read: func(_ *Manifests, doc manifest.Document, _ string, rel *checks.Snapshot) error {
		so, err := scaledObjectOf(doc)
		if err != nil {
			return err
		}
		rel.ScaledObjects = append(rel.ScaledObjects, so)
		return nil
	}},
	"Service": {read: func(_ *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
		var o corev1.Service
		if err := decodeInto(doc, ns, &o); err != nil {
			return err
		}
		rel.Services = append(rel.Services, o)
		return nil
	}},
	"NetworkPolicy.networking.k8s.io": {read: func(_ *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
		var o networkingv1.NetworkPolicy
		if err := decodeInto(doc, ns, &o); err != nil {
			return err
		}
		rel.NetworkPolicies = append(rel.NetworkPolicies, o)
		return nil
	}},
	"ServiceAccount": {read: func(_ *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
		var o corev1.ServiceAccount
		if err := decodeInto(doc, ns, &o); err != nil {
			return err
		}
		rel.ServiceAccounts = append(rel.ServiceAccounts, o)
		return nil
	}},
	"Secret": {read: func(_ *Manifests, doc manifest.Document, _ string, rel *checks.Snapshot) error {
		// Keys only: the values in the manifest are never decoded.
		rel.Secrets = append(rel.Secrets, keySetOf(doc.Object, "data", "stringData"))
		return nil
	}},
	"ConfigMap": {read: func(_ *Manifests, doc manifest.Document, _ string, rel *checks.Snapshot) error {
		rel.ConfigMaps = append(rel.ConfigMaps, keySetOf(doc.Object, "data", "binaryData"))
		return nil
	}},
	"ServiceMonitor.monitoring.coreos.com": {read: readMonitor},
	"PodMonitor.monitoring.coreos.com":     {read: readMonitor},
}

func readMonitor(m *Manifests, doc manifest.Document, ns string, rel *checks.Snapshot) error {
	u := doc.Object.DeepCopy()
	u.SetNamespace(ns)
	mon, err := MonitorFromUnstructured(u)
	if err != nil {
		return fmt.Errorf("%s: %w", doc.Source, err)
	}
	if mon.AnyNamespace || len(mon.Namespaces) > 0 {
		m.crossMonitors = append(m.crossMonitors, mon)
	} else {
		rel.Monitors = append(rel.Monitors, mon)
	}
	return nil
}

// decodeInto decodes a document as its typed object, filed under namespace ns ("" for a
// cluster-scoped kind). The error names the field and the types, never the decoder's text
// (which can quote the input).
func decodeInto(doc manifest.Document, ns string, into metav1.Object) error {
	if err := json.Unmarshal(doc.JSON, into); err != nil {
		gvk := doc.Object.GroupVersionKind()
		return fmt.Errorf("%s: %s %q: %s", doc.Source, gvk.Kind, doc.Object.GetName(), shapeError(err, gvk.Kind, gvk.GroupVersion().String()))
	}
	into.SetNamespace(ns)
	return nil
}

// addWorkload reads a document of a registered workload kind, in its served version or a
// removed one (read as the served version; api-version-served reports it).
func (m *Manifests) addWorkload(doc manifest.Document, ns string) error {
	gvk := doc.Object.GroupVersionKind()
	k, err := checks.KindFor(gvk.GroupVersion().String(), gvk.Kind)
	if err != nil {
		return fmt.Errorf("%s: %s %q: %w", doc.Source, gvk.Kind, doc.Object.GetName(), err)
	}
	obj := k.New()
	if err := json.Unmarshal(doc.JSON, obj); err != nil {
		return fmt.Errorf("%s: %s %q: %s", doc.Source, gvk.Kind, doc.Object.GetName(), shapeError(err, k.Kind, gvk.GroupVersion().String()))
	}
	obj.SetNamespace(ns)
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	w := checks.Workload{WorkloadKind: k, Object: obj, HasStatus: hasStatus(doc.Object)}
	if k.Replicas != nil {
		_, found, _ := unstructured.NestedFieldNoCopy(doc.Object.Object, "spec", "replicas")
		w.ReplicasSetInManifest = &found
	}
	wd := WorkloadDoc{Workload: w, Source: doc.Source}
	if m.Compact && k.TemplateRef == nil {
		packed, err := m.pack(gvk.String(), doc.JSON)
		if err != nil {
			return fmt.Errorf("%s: %s %q: %w", doc.Source, gvk.Kind, doc.Object.GetName(), err)
		}
		wd.packed = packed
		identity(&wd)
	}
	m.Workloads = append(m.Workloads, wd)
	return nil
}

// identity reduces a workload to what the input's bookkeeping reads before it is evaluated: an
// object of metadata only (kind, namespace, name, labels) and the pod template's labels (for
// Dangling). A typed workload costs about 1 KiB even with its pod spec emptied; its metadata a
// few hundred bytes. Kinds that take their template from another object (a Rollout's
// workloadRef) are never compacted.
func identity(w *WorkloadDoc) {
	obj := w.Workload.Object
	meta := &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: obj.GetObjectKind().GroupVersionKind().GroupVersion().String(), Kind: obj.GetObjectKind().GroupVersionKind().Kind}}
	meta.Name, meta.Namespace, meta.Labels = obj.GetName(), obj.GetNamespace(), obj.GetLabels()
	w.podLabels = w.Workload.PodLabels()
	if maps.Equal(w.podLabels, meta.Labels) {
		w.podLabels = meta.Labels // one map for both, as most workloads have
	}
	w.Workload.Object = meta
}

// selectionWorkload is the workload as Snapshot's selections need it: the document's own for a
// whole one, else a transient typed object with the identity and pod labels of a compacted one.
func selectionWorkload(w *WorkloadDoc) checks.Workload {
	if w.packed == nil {
		return w.Workload
	}
	k := w.Workload.WorkloadKind
	obj := k.New()
	obj.GetObjectKind().SetGroupVersionKind(w.Workload.Object.GetObjectKind().GroupVersionKind())
	obj.SetName(w.Workload.Name())
	obj.SetNamespace(w.Workload.Namespace())
	obj.SetLabels(w.Workload.Meta().GetLabels())
	if t := k.Template(obj); t != nil {
		t.Labels = w.podLabels
	}
	out := w.Workload
	out.Object = obj
	return out
}

// pack compresses the JSON of a workload of a kind (its GroupVersionKind's String).
func (m *Manifests) pack(kind string, doc []byte) ([]byte, error) {
	m.packBuf.Reset()
	p, ok := m.packers[kind]
	if !ok {
		p = &packer{dict: bytes.Clone(doc[:min(len(doc), 32<<10)])}
		fw, err := flate.NewWriterDict(&m.packBuf, packLevel, p.dict)
		if err != nil {
			return nil, err
		}
		p.w = fw
		if m.packers == nil {
			m.packers = map[string]*packer{}
		}
		m.packers[kind] = p
	} else {
		p.w.Reset(&m.packBuf)
	}
	if _, err := p.w.Write(doc); err != nil {
		return nil, err
	}
	if err := p.w.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(m.packBuf.Bytes()), nil
}

// Decoded returns a workload document with its whole object: w itself when it is not
// compacted, else a copy decoded again from its packed JSON (as Add decoded it). Not safe for
// concurrent use.
func (m *Manifests) Decoded(w *WorkloadDoc) (*WorkloadDoc, error) {
	if w.packed == nil {
		return w, nil
	}
	gvk := w.Workload.Object.GetObjectKind().GroupVersionKind()
	dict := m.packers[gvk.String()].dict
	if m.unpack == nil {
		m.unpack = flate.NewReaderDict(bytes.NewReader(w.packed), dict)
	} else if err := m.unpack.(flate.Resetter).Reset(bytes.NewReader(w.packed), dict); err != nil {
		return nil, err
	}
	m.packBuf.Reset()
	if _, err := m.packBuf.ReadFrom(m.unpack); err != nil {
		return nil, fmt.Errorf("%s: %s %q: unpacking: %w", w.Source, w.Workload.Kind(), w.Workload.Name(), err)
	}
	k := w.Workload.WorkloadKind
	obj := k.New()
	if err := json.Unmarshal(m.packBuf.Bytes(), obj); err != nil {
		return nil, fmt.Errorf("%s: %s %q: decoding again: %w", w.Source, w.Workload.Kind(), w.Workload.Name(), err)
	}
	obj.SetNamespace(w.Workload.Namespace())
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	full := *w
	full.packed = nil
	full.Workload.Object = obj
	return &full, nil
}

// DecodeReferenced replaces the compacted workloads that another workload's template
// reference names (a Rollout's workloadRef) by their whole objects, so that Snapshot resolves
// the template of the referencing workload. Call it once the input is read.
func (m *Manifests) DecodeReferenced() error {
	refs := map[string]bool{}
	for i := range m.Workloads {
		w := &m.Workloads[i].Workload
		if ref := w.TemplateRef(); ref != nil {
			refs[w.Namespace()+"/"+ref.Kind+"/"+ref.Name] = true
		}
	}
	if len(refs) == 0 {
		return nil
	}
	for i := range m.Workloads {
		w := &m.Workloads[i]
		if w.packed == nil || !refs[w.Workload.Namespace()+"/"+w.Workload.Kind()+"/"+w.Workload.Name()] {
			continue
		}
		full, err := m.Decoded(w)
		if err != nil {
			return err
		}
		*w = *full
	}
	return nil
}

// notEvaluatedReason says why a workload-shaped document of a kind prodready does not evaluate
// is not evaluated; ok is false for documents that are not workload-shaped.
func notEvaluatedReason(u *unstructured.Unstructured) (string, bool) {
	kinds := strings.Join(checks.KindNames(), ", ")
	switch gk := u.GroupVersionKind().GroupKind(); {
	case gk.Kind == "Pod" && gk.Group == "":
		return "a bare Pod is not evaluated: nothing recreates it when its node fails; run it from a Deployment (evaluated kinds: " + kinds + ")", true
	case gk.Kind == "ReplicaSet" || gk.Kind == "ReplicationController":
		return fmt.Sprintf("%s is not evaluated: manage its pods with a Deployment (evaluated kinds: %s)", gk.Kind, kinds), true
	}
	if _, found, _ := unstructured.NestedMap(u.Object, "spec", "template", "spec"); found {
		return fmt.Sprintf("%s is not a kind prodready evaluates (evaluated kinds: %s)", u.GetKind(), kinds), true
	}
	return "", false
}

func (m *Manifests) relatedFor(ns string) *checks.Snapshot {
	r, ok := m.related[ns]
	if !ok {
		r = &checks.Snapshot{}
		m.related[ns] = r
	}
	return r
}

// Snapshot builds the offline snapshot of a workload: the related objects of its namespace that
// its evaluation reads (Workload.Related, found through the namespace's index), Offline set,
// MonitorsKnown set (the manifests were searched). It costs what the workload relates to, not
// what its namespace holds. A compacted workload is decoded for it.
func (m *Manifests) Snapshot(w *WorkloadDoc, now time.Time) *checks.Snapshot {
	return m.snapshotOf(m.whole(w), now, false)
}

// whole is the workload with its whole object: decoded again when compacted. Add decoded the
// same bytes, so decoding cannot fail short of memory corruption; if it did, the transient
// identity (names and labels, an empty pod spec) would be evaluated rather than nothing.
func (m *Manifests) whole(w *WorkloadDoc) checks.Workload {
	if w.packed != nil {
		if full, err := m.Decoded(w); err == nil {
			return full.Workload
		}
	}
	return selectionWorkload(w)
}

// snapshotOf builds the snapshot of a workload of the input (whole, or the transient identity of
// a compacted one when only its selections are read: Dangling): indexed, or with every related
// object of the namespace (wholeNamespace).
func (m *Manifests) snapshotOf(w checks.Workload, now time.Time, wholeNamespace bool) *checks.Snapshot {
	ns := w.Namespace()
	rel := m.relatedFor(ns)
	monitors := rel.Monitors
	for i := range m.crossMonitors {
		if m.crossMonitors[i].Watches(ns) {
			monitors = append(slices.Clip(monitors), m.crossMonitors[i])
		}
	}
	workload := m.resolveTemplate(w)
	if wholeNamespace {
		return &checks.Snapshot{
			Now: now, Workload: workload, ScaledObjects: rel.ScaledObjects, PDBs: rel.PDBs, HPAs: rel.HPAs,
			Services: rel.Services, NetworkPolicies: rel.NetworkPolicies, ServiceAccounts: rel.ServiceAccounts,
			Secrets: rel.Secrets, ConfigMaps: rel.ConfigMaps, Monitors: monitors, Offline: true, MonitorsKnown: true,
		}
	}
	q := workload.Related()
	ix := m.indexFor(ns)
	return &checks.Snapshot{
		Now:             now,
		Workload:        workload,
		ScaledObjects:   pick(rel.ScaledObjects, ix.scaledObjects[q.ScaleTarget]),
		PDBs:            pick(rel.PDBs, byKeys(ix.pdbs, q.PodKeys)),
		HPAs:            pick(rel.HPAs, ix.hpas[q.ScaleTarget]),
		Services:        pick(rel.Services, append(byKeys(ix.services, q.PodKeys), byNames(ix.serviceNames, q.Services)...)),
		NetworkPolicies: pick(rel.NetworkPolicies, byKeys(ix.networkPolicies, q.PodKeys)),
		ServiceAccounts: pick(rel.ServiceAccounts, byNames(ix.serviceAccounts, []string{q.ServiceAccount})),
		Secrets:         pick(rel.Secrets, byNames(ix.secrets, q.Secrets)),
		ConfigMaps:      pick(rel.ConfigMaps, byNames(ix.configMaps, q.ConfigMaps)),
		NamespaceKeySets: func() ([]checks.KeySet, []checks.KeySet, error) {
			return rel.Secrets, rel.ConfigMaps, nil
		},
		Monitors:      monitors,
		Offline:       true,
		MonitorsKnown: true,
	}
}

// WholeNamespaceSnapshot is Snapshot holding every related object of the workload's namespace
// from the input: what `check --cluster` merges with the cluster's namespace, so that an input
// object replaces its cluster namesake even when it no longer relates to the workload (a PDB
// whose selector the input changed).
func (m *Manifests) WholeNamespaceSnapshot(w *WorkloadDoc, now time.Time) *checks.Snapshot {
	return m.snapshotOf(m.whole(w), now, true)
}

// relatedIndex holds the positions of a namespace's related objects by the keys a
// checks.RelatedQuery names: selecting objects by their index key (checks.PDBIndexKey, ...),
// autoscalers by checks.ScaleTargetKey, the rest by name (the first of a name, as the engine's
// lookups by name find it).
type relatedIndex struct {
	pdbs, services, networkPolicies map[string][]int
	hpas, scaledObjects             map[string][]int
	serviceNames, serviceAccounts   map[string]int
	secrets, configMaps             map[string]int
}

// indexFor returns the namespace's index, built on first use after the last Add.
func (m *Manifests) indexFor(ns string) *relatedIndex {
	if ix, ok := m.indexes[ns]; ok {
		return ix
	}
	rel := m.relatedFor(ns)
	ix := &relatedIndex{
		pdbs: map[string][]int{}, services: map[string][]int{}, networkPolicies: map[string][]int{},
		hpas: map[string][]int{}, scaledObjects: map[string][]int{},
		serviceNames: map[string]int{}, serviceAccounts: map[string]int{}, secrets: map[string]int{}, configMaps: map[string]int{},
	}
	for i := range rel.PDBs {
		k := checks.PDBIndexKey(&rel.PDBs[i])
		ix.pdbs[k] = append(ix.pdbs[k], i)
	}
	for i := range rel.Services {
		if k, ok := checks.ServiceIndexKey(&rel.Services[i]); ok {
			ix.services[k] = append(ix.services[k], i)
		}
		firstOf(ix.serviceNames, rel.Services[i].Name, i)
	}
	for i := range rel.NetworkPolicies {
		k := checks.NetworkPolicyIndexKey(&rel.NetworkPolicies[i])
		ix.networkPolicies[k] = append(ix.networkPolicies[k], i)
	}
	for i := range rel.HPAs {
		ref := &rel.HPAs[i].Spec.ScaleTargetRef
		k := checks.ScaleTargetKey(ref.Kind, ref.Name)
		ix.hpas[k] = append(ix.hpas[k], i)
	}
	for i := range rel.ScaledObjects {
		ref := &rel.ScaledObjects[i].Target
		k := checks.ScaleTargetKey(ref.Kind, ref.Name)
		ix.scaledObjects[k] = append(ix.scaledObjects[k], i)
	}
	for i := range rel.ServiceAccounts {
		firstOf(ix.serviceAccounts, rel.ServiceAccounts[i].Name, i)
	}
	for i := range rel.Secrets {
		firstOf(ix.secrets, rel.Secrets[i].Name, i)
	}
	for i := range rel.ConfigMaps {
		firstOf(ix.configMaps, rel.ConfigMaps[i].Name, i)
	}
	m.indexes[ns] = ix
	return ix
}

func firstOf(m map[string]int, name string, i int) {
	if _, seen := m[name]; !seen {
		m[name] = i
	}
}

func byKeys(m map[string][]int, keys []string) []int {
	var out []int
	for _, k := range keys {
		out = append(out, m[k]...)
	}
	return out
}

func byNames(m map[string]int, names []string) []int {
	var out []int
	for _, n := range names {
		if i, ok := m[n]; ok {
			out = append(out, i)
		}
	}
	return out
}

// pick copies the items at the positions, in input order and once each (the order the engine
// would have met them in the whole list, so notes and ties come out the same).
func pick[T any](items []T, positions []int) []T {
	if len(positions) == 0 {
		return nil
	}
	slices.Sort(positions)
	positions = slices.Compact(positions)
	out := make([]T, len(positions))
	for j, i := range positions {
		out[j] = items[i]
	}
	return out
}

// resolveTemplate fills in the pod template of a workload that takes it from another object of
// the input (a Rollout's workloadRef), or says that the object is not in the input.
func (m *Manifests) resolveTemplate(w checks.Workload) checks.Workload {
	ref := w.TemplateRef()
	if ref == nil {
		return w
	}
	if m.workloadsByName == nil {
		m.workloadsByName = map[string]int{}
		for i := range m.Workloads {
			o := &m.Workloads[i].Workload
			if o.TemplateRef() == nil {
				firstOf(m.workloadsByName, o.Namespace()+"/"+o.Kind()+"/"+o.Name(), i)
			}
		}
	}
	if i, ok := m.workloadsByName[w.Namespace()+"/"+ref.Kind+"/"+ref.Name]; ok {
		w.ResolveRef(&m.Workloads[i].Workload)
		return w
	}
	w.RefProblem = fmt.Sprintf("spec.workloadRef names %s %q, which is not in the input (namespace %q)", ref.Kind, ref.Name, w.Namespace())
	return w
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
	mon := checks.Monitor{Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace()}
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
