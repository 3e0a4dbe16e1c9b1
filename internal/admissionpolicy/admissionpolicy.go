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

// Package admissionpolicy tests the ValidatingAdmissionPolicies of config/admission-policy (also
// rendered by the Helm chart) on a real kube-apiserver: the promotion-label guard and the
// policy confining the operator's own identity to that label. It loads the manifests as they
// are installed; it has no code of its own besides the loader.
package admissionpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// Dir is the kustomize directory of the policies, relative to the repository root.
const Dir = "config/admission-policy"

// Files are the manifests of Dir, each a policy and its binding.
var Files = []string{"promotion_label_policy.yaml", "operator_scope_policy.yaml"}

// Manifests are the policies and bindings of config/admission-policy.
type Manifests struct {
	Policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	Bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
}

// Load reads the manifests of Dir under the repository root.
func Load(root string) (*Manifests, error) {
	m := &Manifests{}
	for _, f := range Files {
		path := filepath.Join(root, Dir, f)
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		dec := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(raw), 4096)
		for i := 0; ; i++ {
			var probe struct {
				Kind string `json:"kind"`
			}
			var doc json.RawMessage
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				return nil, fmt.Errorf("%s: document %d is not valid YAML", path, i+1)
			}
			if err := json.Unmarshal(doc, &probe); err != nil {
				return nil, fmt.Errorf("%s: document %d has no kind", path, i+1)
			}
			switch probe.Kind {
			case "ValidatingAdmissionPolicy":
				p := &admissionregistrationv1.ValidatingAdmissionPolicy{}
				if err := json.Unmarshal(doc, p); err != nil {
					return nil, fmt.Errorf("%s: document %d is not a ValidatingAdmissionPolicy", path, i+1)
				}
				m.Policies = append(m.Policies, p)
			case "ValidatingAdmissionPolicyBinding":
				b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
				if err := json.Unmarshal(doc, b); err != nil {
					return nil, fmt.Errorf("%s: document %d is not a ValidatingAdmissionPolicyBinding", path, i+1)
				}
				m.Bindings = append(m.Bindings, b)
			default:
				return nil, fmt.Errorf("%s: document %d is a %q, want a policy or a binding", path, i+1, probe.Kind)
			}
		}
	}
	return m, nil
}

// Policy returns the policy of that name, or nil.
func (m *Manifests) Policy(name string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	for _, p := range m.Policies {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Resources returns, per API group, the resources (with subresources, e.g. "deployments/status")
// a policy matches for an operation.
func Resources(p *admissionregistrationv1.ValidatingAdmissionPolicy, op admissionregistrationv1.OperationType) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	if p.Spec.MatchConstraints == nil {
		return out
	}
	for _, r := range p.Spec.MatchConstraints.ResourceRules {
		hasOp := false
		for _, o := range r.Operations {
			hasOp = hasOp || o == op || o == admissionregistrationv1.OperationAll
		}
		if !hasOp {
			continue
		}
		for _, g := range r.APIGroups {
			if out[g] == nil {
				out[g] = map[string]bool{}
			}
			for _, res := range r.Resources {
				out[g][res] = true
			}
		}
	}
	return out
}
