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

// GeneratedByLabel marks a ProductionReadiness the operator generated for a ReadinessPolicy; its
// value is the policy's name. The operator never touches a ProductionReadiness without it.
const GeneratedByLabel = "readiness.prodready.io/generated-by"

// ReasonNoRequiredChecks: no Required check applies (all Disabled, exempted or Skip), so nothing
// is enforced and the workload is not Ready.
const ReasonNoRequiredChecks = "NoRequiredChecks"

// ReadinessPolicy is a platform team's fleet rule: every workload of the listed kinds in the
// namespaces it selects is evaluated at least as strictly as its profile (the floor), and, with
// generate, gets a ProductionReadiness when no team wrote one.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Cluster,shortName=rpolicy,categories=prodready
// +kubebuilder:printcolumn:name="Profile",type=string,JSONPath=`.spec.profile`
// +kubebuilder:printcolumn:name="Namespaces",type=integer,JSONPath=`.status.namespaces`,description="Namespaces matched"
// +kubebuilder:printcolumn:name="Workloads",type=integer,JSONPath=`.status.workloads`,description="Workloads matched"
// +kubebuilder:printcolumn:name="Covered",type=integer,JSONPath=`.status.covered`,description="Matched workloads targeted by a ProductionReadiness"
// +kubebuilder:printcolumn:name="Ready",type=integer,JSONPath=`.status.ready`,description="Covered workloads that are Ready"
// +kubebuilder:printcolumn:name="Not Ready",type=integer,JSONPath=`.status.notReady`,description="Covered workloads that are not Ready"
// +kubebuilder:printcolumn:name="Valid",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`,priority=1
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Message",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`,priority=1
type ReadinessPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the policy.
	// +required
	Spec ReadinessPolicySpec `json:"spec"`

	// status counts what the policy covers.
	// +kubebuilder:default={"observedGeneration":-1}
	// +optional
	Status ReadinessPolicyStatus `json:"status,omitempty"`
}

// ReadinessPolicySpec selects workloads and sets the floor they are evaluated against.
type ReadinessPolicySpec struct {
	// namespaceSelector selects namespaces by label; {} selects every namespace.
	// +required
	NamespaceSelector *metav1.LabelSelector `json:"namespaceSelector"`

	// workloadSelector selects workloads by their own labels; unset selects every workload.
	// +optional
	WorkloadSelector *metav1.LabelSelector `json:"workloadSelector,omitempty"`

	// kinds of workload covered; unset means every registered kind but Job. The kinds are the
	// engine's workload-kind registry (a test fails when a registered kind is missing here).
	// +listType=set
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:Enum=Deployment;StatefulSet;DaemonSet;Rollout;CronJob;Job
	// +optional
	Kinds []string `json:"kinds,omitempty"`

	// profile is the floor: a built-in profile (baseline, production, strict) or a
	// ReadinessProfile. Generated ProductionReadiness objects use it.
	// +kubebuilder:default=production
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Profile string `json:"profile,omitempty"`

	// generate creates a ProductionReadiness for every matching workload that none targets.
	// +optional
	Generate bool `json:"generate,omitempty"`

	// exemptions governs the exemptions of every ProductionReadiness the policy covers.
	// +optional
	Exemptions *ExemptionGovernance `json:"exemptions,omitempty"`

	// promotion is copied into generated ProductionReadiness objects.
	// +optional
	Promotion *Promotion `json:"promotion,omitempty"`

	// admission decides what the workload admission webhook does when a covered workload is
	// applied with a failing Required check: Warn (the default) admits it with warnings; Deny
	// rejects it, for checks judged from the object alone (docs/admission.md).
	// +kubebuilder:validation:Enum=Warn;Deny
	// +kubebuilder:default=Warn
	// +optional
	Admission AdmissionMode `json:"admission,omitempty"`
}

// AdmissionMode is what workload admission does with a failing Required check.
type AdmissionMode string

// Admission modes.
const (
	AdmissionWarn AdmissionMode = "Warn"
	AdmissionDeny AdmissionMode = "Deny"
)

// ExemptionGovernance limits the exemptions teams may grant themselves.
type ExemptionGovernance struct {
	// requireExpiry refuses exemptions without spec.exemptions[].expires.
	// +optional
	RequireExpiry bool `json:"requireExpiry,omitempty"`

	// maxDuration is the longest an exemption may last from now (a Go duration such as 720h).
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:XValidation:rule="self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$') && duration(self) > duration('0s')",message="maxDuration must be a positive duration such as 720h or 90m"
	// +optional
	MaxDuration string `json:"maxDuration,omitempty"`
}

// ReadinessPolicyStatus counts the workloads the policy covers.
type ReadinessPolicyStatus struct {
	// observedGeneration is the generation last reconciled; -1 until then.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// namespaces is the number of namespaces matched.
	// +optional
	Namespaces int32 `json:"namespaces"`
	// workloads is the number of workloads matched.
	// +optional
	Workloads int32 `json:"workloads"`
	// covered is the number of matched workloads that a ProductionReadiness targets.
	// +optional
	Covered int32 `json:"covered"`
	// generated is the number of ProductionReadiness objects this policy generated.
	// +optional
	Generated int32 `json:"generated"`
	// ready is the number of covered workloads whose every ProductionReadiness is Ready.
	// +optional
	Ready int32 `json:"ready"`
	// notReady is the number of covered workloads with a ProductionReadiness not Ready.
	// +optional
	NotReady int32 `json:"notReady"`
	// failingChecks lists the most frequent failing Required checks, with counts (at most 10).
	// +listType=map
	// +listMapKey=id
	// +kubebuilder:validation:MaxItems=10
	// +optional
	FailingChecks []FailingCheck `json:"failingChecks,omitempty"`
	// conditions: Ready (the policy is valid and applied) and Stalled (it is not).
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// FailingCheck counts the covered workloads failing one check.
type FailingCheck struct {
	// id of the check.
	ID string `json:"id"`
	// count of covered workloads failing it.
	Count int32 `json:"count"`
}

// +kubebuilder:object:root=true

// ReadinessPolicyList is a list of ReadinessPolicy.
type ReadinessPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ReadinessPolicy `json:"items"`
}
