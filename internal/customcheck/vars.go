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

package customcheck

import (
	"reflect"
	"sync"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/interpreter"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/common"

	"github.com/prodready/prodready/internal/checks"
)

// The variables a rule sees. Their Go shapes below are both the declaration (types are derived
// from them, field by JSON name) and the runtime value (wrapped lazily, never copied into maps),
// so what type-checks is what exists at evaluation.
const (
	varObject         = "object"
	varPodSpec        = "podSpec"
	varContainers     = "containers"
	varInitContainers = "initContainers"
	varRelated        = "related"
	varSecrets        = "secrets"
	varConfigMaps     = "configMaps"
	varParams         = "params"
	varNow            = "now"
)

// objectVar is `object`: the workload's apiVersion, kind and metadata (typed, without managed
// fields), and its spec and status as they are. Spec and status differ by kind, so they are dyn.
type objectVar struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   metav1.ObjectMeta `json:"metadata"`
	Spec       any               `json:"spec,omitempty"`
	Status     any               `json:"status,omitempty"`
}

// relatedVar is `related`: the objects around the workload, as the built-in checks see them
// (PDBs, Services and NetworkPolicies selecting its pods, HPAs targeting it, the ServiceAccount
// it runs as when that exists).
type relatedVar struct {
	PDBs            []*policyv1.PodDisruptionBudget          `json:"pdbs"`
	HPAs            []*autoscalingv2.HorizontalPodAutoscaler `json:"hpas"`
	Services        []*corev1.Service                        `json:"services"`
	NetworkPolicies []*networkingv1.NetworkPolicy            `json:"networkPolicies"`
	ServiceAccount  *corev1.ServiceAccount                   `json:"serviceAccount,omitempty"`
}

// keySetVar is an element of `secrets` and `configMaps`: a name and key names, never a value
// (the snapshot holds no values to begin with).
type keySetVar struct {
	Name string   `json:"name"`
	Keys []string `json:"keys"`
	Type string   `json:"type,omitempty"`
}

// varDecls are the declarations of every variable but params.
type varDecls struct {
	object, podSpec, containers, initContainers, related, secrets, configMaps, now *apiservercel.DeclType
}

func declareVars(d *declTypes) varDecls {
	related := d.of(reflect.TypeFor[relatedVar]())
	for _, name := range []string{"pdbs", "hpas", "services", "networkPolicies"} {
		f := related.Fields[name]
		f.Type = apiservercel.NewListType(f.Type.ElemType, estRelated)
	}
	return varDecls{
		object:         d.of(reflect.TypeFor[objectVar]()),
		podSpec:        d.of(reflect.TypeFor[corev1.PodSpec]()),
		containers:     d.containerList(reflect.TypeFor[corev1.Container]()),
		initContainers: d.containerList(reflect.TypeFor[corev1.Container]()),
		related:        related,
		secrets:        apiservercel.NewListType(d.of(reflect.TypeFor[keySetVar]()), estRelated),
		configMaps:     apiservercel.NewListType(d.of(reflect.TypeFor[keySetVar]()), estRelated),
		now:            apiservercel.TimestampType,
	}
}

// activation resolves the variables of one check evaluation lazily: each is built on first use
// and then reused by the check's other rules.
type activation struct {
	s      *checks.Snapshot
	params map[string]any
	mu     sync.Mutex
	vals   map[string]ref.Val
}

func newActivation(s *checks.Snapshot, params map[string]any) *activation {
	return &activation{s: s, params: params, vals: make(map[string]ref.Val, 8)}
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if v, ok := a.vals[name]; ok {
		return v, true
	}
	v, ok := a.build(name)
	if !ok {
		return nil, false
	}
	a.vals[name] = v
	return v, true
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

func (a *activation) build(name string) (ref.Val, bool) {
	s := a.s
	switch name {
	case varObject:
		return a.object(), true
	case varPodSpec:
		return common.SchemalessTypedToVal(s.Workload.PodSpec()), true
	case varContainers, varInitContainers:
		var list []*corev1.Container
		for _, c := range s.Workload.AllContainers() {
			if (c.Kind == checks.InitContainer) == (name == varInitContainers) {
				list = append(list, c.Container)
			}
		}
		if list == nil {
			return types.NewDynamicList(types.DefaultTypeAdapter, []any{}), true
		}
		return common.SchemalessTypedToVal(list), true
	case varRelated:
		return common.SchemalessTypedToVal(a.related()), true
	case varSecrets:
		list, err := s.NamespaceSecrets()
		if err != nil {
			// A fixed text: the reader's error may name more than the rule should see.
			return types.NewErr("the Secrets of namespace %q could not be read", s.Workload.Namespace()), true
		}
		return keySets(list), true
	case varConfigMaps:
		list, err := s.NamespaceConfigMaps()
		if err != nil {
			return types.NewErr("the ConfigMaps of namespace %q could not be read", s.Workload.Namespace()), true
		}
		return keySets(list), true
	case varParams:
		return types.DefaultTypeAdapter.NativeToValue(a.params), true
	case varNow:
		return types.Timestamp{Time: s.Now}, true
	}
	return nil, false
}

// object is the workload: apiVersion and kind, its metadata without managed fields, and its
// spec and status as they are (read lazily from the typed object).
func (a *activation) object() ref.Val {
	w := &a.s.Workload
	meta := objectMeta(w.Meta())
	out := map[string]any{
		"apiVersion": w.APIVersion(),
		"kind":       w.Kind(),
		"metadata":   common.SchemalessTypedToVal(&meta),
	}
	if w.Object != nil {
		if whole, ok := common.SchemalessTypedToVal(w.Object).(traits.Mapper); ok {
			for _, key := range []string{"spec", "status"} {
				if v, found := whole.Find(types.String(key)); found {
					out[key] = v
				}
			}
		}
	}
	return types.NewStringInterfaceMap(types.DefaultTypeAdapter, out)
}

func (a *activation) related() *relatedVar {
	s := a.s
	pdbs, _ := s.PDBsSelecting()
	nps, _ := s.NetworkPoliciesSelecting()
	r := &relatedVar{
		PDBs:            nonNil(pdbs),
		HPAs:            nonNil(s.HPAsTargeting()),
		Services:        nonNil(s.ServicesSelecting()),
		NetworkPolicies: nonNil(nps),
	}
	if sa, ok := s.ServiceAccount(checks.PodServiceAccountName(s.Workload.PodSpec())); ok {
		r.ServiceAccount = sa
	}
	return r
}

// nonNil makes an absent list an empty one, so related.pdbs is [] rather than null.
func nonNil[T any](list []*T) []*T {
	if list == nil {
		return []*T{}
	}
	return list
}

func keySets(list []checks.KeySet) ref.Val {
	out := make([]keySetVar, len(list))
	for i, k := range list {
		out[i] = keySetVar{Name: k.Name, Keys: k.Keys, Type: k.Type}
		if out[i].Keys == nil {
			out[i].Keys = []string{}
		}
	}
	return common.SchemalessTypedToVal(out)
}

// objectMeta copies the workload's metadata through the metav1.Object interface (what the
// snapshot exposes whatever the kind), leaving out managed fields.
func objectMeta(m metav1.Object) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:              m.GetName(),
		Namespace:         m.GetNamespace(),
		UID:               m.GetUID(),
		Generation:        m.GetGeneration(),
		CreationTimestamp: m.GetCreationTimestamp(),
		Labels:            m.GetLabels(),
		Annotations:       m.GetAnnotations(),
		OwnerReferences:   m.GetOwnerReferences(),
	}
}
