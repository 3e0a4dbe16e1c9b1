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

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ReadinessProfile is an organisation's profile: a built-in profile with the platform team's own
// enforcement and parameters per check, and the checks that no ProductionReadiness may exempt.
// A ProductionReadiness uses it by naming it in spec.profile.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Cluster,shortName=rprofile,categories=prodready
// +kubebuilder:printcolumn:name="Based On",type=string,JSONPath=`.spec.basedOn`
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Required",type=integer,JSONPath=`.status.required`
// +kubebuilder:printcolumn:name="Advisory",type=integer,JSONPath=`.status.advisory`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Message",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`,priority=1
// +kubebuilder:validation:XValidation:rule="self.metadata.name != 'baseline' && self.metadata.name != 'production' && self.metadata.name != 'strict'",message="metadata.name must not be a built-in profile name (baseline, production, strict)"
type ReadinessProfile struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the profile.
	// +required
	Spec ReadinessProfileSpec `json:"spec"`

	// status reports whether the profile is valid.
	// +kubebuilder:default={"observedGeneration":-1}
	// +optional
	Status ReadinessProfileStatus `json:"status,omitempty"`
}

// ReadinessProfileSpec is an organisation profile.
// +kubebuilder:validation:XValidation:rule="!has(self.checks) || !has(self.disallowExemptions) || self.disallowExemptions.all(d, !self.checks.exists(c, c.id == d && has(c.enforcement) && c.enforcement == 'Disabled'))",message="a check listed in disallowExemptions cannot be Disabled in checks"
type ReadinessProfileSpec struct {
	// basedOn is the built-in profile this one starts from.
	// +kubebuilder:default=production
	// +kubebuilder:validation:Enum=baseline;production;strict
	// +optional
	BasedOn string `json:"basedOn,omitempty"`

	// description for people choosing a profile.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Description string `json:"description,omitempty"`

	// checks sets enforcement and parameters per check on top of basedOn.
	// +listType=map
	// +listMapKey=id
	// +kubebuilder:validation:MaxItems=128
	// +optional
	Checks []CheckOverride `json:"checks,omitempty"`

	// disallowExemptions lists checks that no ProductionReadiness using this profile may exempt
	// or weaken through spec.checks.
	// +listType=set
	// +kubebuilder:validation:MaxItems=128
	// +kubebuilder:validation:items:MaxLength=63
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +optional
	DisallowExemptions []string `json:"disallowExemptions,omitempty"`
}

// ReadinessProfileStatus reports the profile's validity.
type ReadinessProfileStatus struct {
	// observedGeneration is the generation last validated; -1 until then.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// required is the number of checks the profile makes Required.
	// +optional
	Required int32 `json:"required,omitempty"`

	// advisory is the number of checks the profile makes Advisory.
	// +optional
	Advisory int32 `json:"advisory,omitempty"`

	// conditions: Ready (True with reason Valid, or False with reason InvalidSpec).
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// +kubebuilder:object:root=true

// ReadinessProfileList is a list of ReadinessProfile.
type ReadinessProfileList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ReadinessProfile `json:"items"`
}
