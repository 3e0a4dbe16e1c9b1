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

// PromotableLabel is the label the operator maintains on the target workload: "true" only while
// the ProductionReadiness targeting it is Ready, "false" otherwise.
const PromotableLabel = "readiness.prodready.io/promotable"

// ProductionReadiness declares that a workload must pass a production-readiness profile before it
// may be promoted. The operator evaluates the target and its surroundings, reports the verdict in
// status conditions (Ready, Reconciling, Stalled) and maintains the promotion label on the target.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=readiness;prr,categories=prodready
// +kubebuilder:printcolumn:name="Target",type=string,JSONPath=`.spec.targetRef.name`,description="The workload under evaluation"
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Passed",type=string,JSONPath=`.status.summary.ratio`,description="Passed checks out of applicable (not skipped) checks"
// +kubebuilder:printcolumn:name="Promotable",type=boolean,JSONPath=`.status.promotable`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Profile",type=string,JSONPath=`.spec.profile`,priority=1
// +kubebuilder:printcolumn:name="Message",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].message`,priority=1
type ProductionReadiness struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec says which workload to evaluate and how.
	// +required
	Spec ProductionReadinessSpec `json:"spec"`

	// status is the operator's verdict.
	// +kubebuilder:default={"observedGeneration":-1}
	// +optional
	Status ProductionReadinessStatus `json:"status,omitempty"`
}

// ProductionReadinessSpec is the desired evaluation.
type ProductionReadinessSpec struct {
	// targetRef names the workload, in the same namespace, to evaluate. It cannot be changed:
	// create a new ProductionReadiness to evaluate another workload.
	// +required
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="targetRef is immutable; create a new ProductionReadiness to evaluate another workload"
	TargetRef TargetRef `json:"targetRef"`

	// profile names the set of checks and their enforcement: a built-in profile (baseline,
	// production, strict) or the name of a cluster-scoped ReadinessProfile.
	// +kubebuilder:default=production
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +optional
	Profile string `json:"profile,omitempty"`

	// checks overrides the enforcement and parameters of individual checks of the profile.
	// +listType=map
	// +listMapKey=id
	// +kubebuilder:validation:MaxItems=64
	// +optional
	Checks []CheckOverride `json:"checks,omitempty"`

	// exemptions switch checks off for the whole workload or for named containers, each with a
	// reason and an optional expiry.
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=32
	// +optional
	Exemptions []Exemption `json:"exemptions,omitempty"`

	// promotion controls the promotion label on the target.
	// +optional
	Promotion *Promotion `json:"promotion,omitempty"`
}

// TargetRef identifies a workload in the namespace of the ProductionReadiness. The kinds are
// the engine's workload-kind registry (a test fails when a registered kind is missing here).
// +kubebuilder:validation:XValidation:rule="!has(self.apiVersion) || (self.kind in ['Deployment', 'StatefulSet', 'DaemonSet'] && self.apiVersion == 'apps/v1') || (self.kind in ['CronJob', 'Job'] && self.apiVersion == 'batch/v1') || (self.kind == 'Rollout' && self.apiVersion == 'argoproj.io/v1alpha1')",message="apiVersion does not serve this kind: Deployment, StatefulSet and DaemonSet are apps/v1, CronJob and Job batch/v1, Rollout argoproj.io/v1alpha1"
type TargetRef struct {
	// apiVersion of the target; when unset, the served version of the kind.
	// +kubebuilder:validation:Enum=apps/v1;batch/v1;argoproj.io/v1alpha1
	// +optional
	APIVersion string `json:"apiVersion,omitempty"`

	// kind of the target.
	// +required
	// +kubebuilder:validation:Enum=Deployment;StatefulSet;DaemonSet;Rollout;CronJob;Job
	Kind string `json:"kind"`

	// name of the target.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	Name string `json:"name"`
}

// CheckOverride changes how one check of the profile is applied.
type CheckOverride struct {
	// id of the check, as listed by `prodready checks`.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	ID string `json:"id"`

	// enforcement of the check; empty keeps the profile's.
	// +optional
	Enforcement Enforcement `json:"enforcement,omitempty"`

	// params of the check; each check documents and validates its own.
	// +kubebuilder:validation:MaxProperties=16
	// +optional
	Params map[string]string `json:"params,omitempty"`
}

// Exemption switches checks off, for the whole workload or for some containers.
type Exemption struct {
	// checks exempted, by id.
	// +required
	// +listType=set
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=63
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	Checks []string `json:"checks"`

	// containers exempted; empty exempts the whole workload.
	// +listType=set
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=63
	// +optional
	Containers []string `json:"containers,omitempty"`

	// reason for the exemption; shown in the check's message.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=512
	Reason string `json:"reason"`

	// expires is when the exemption stops applying.
	// +optional
	Expires *metav1.Time `json:"expires,omitempty"`
}

// Promotion controls the promotion label.
type Promotion struct {
	// enabled maintains the label readiness.prodready.io/promotable on the target: "true" only
	// while Ready is True. When false the operator leaves the workload untouched.
	// +kubebuilder:default=true
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// PromotionEnabled reports whether the operator maintains the promotion label (default true).
func (s *ProductionReadinessSpec) PromotionEnabled() bool {
	return s.Promotion == nil || s.Promotion.Enabled == nil || *s.Promotion.Enabled
}

// ProductionReadinessStatus is the observed verdict.
type ProductionReadinessStatus struct {
	// observedGeneration is the generation of the spec last evaluated; -1 until the first evaluation.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// target is the workload as last evaluated.
	// +optional
	Target *TargetStatus `json:"target,omitempty"`

	// summary counts the check results.
	// +optional
	Summary *Summary `json:"summary,omitempty"`

	// promotable is true while Ready is True (and every other ProductionReadiness with
	// promotion enabled on the same target is Ready too).
	// +kubebuilder:default=false
	// +optional
	Promotable bool `json:"promotable"`

	// checks holds one result per evaluated check. The operator writes the list whole, so it is
	// atomic: the API server records one managed field for it, not five per check.
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=128
	// +optional
	Checks []CheckResult `json:"checks,omitempty"`

	// conditions: Ready, Reconciling and Stalled, kstatus-compatible.
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=8
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// ChecksDigest is internal to the operator and never serialized: it is set only on an
	// in-memory copy whose Pass results CompactChecks dropped (the operator's cache), to the
	// digest of the whole list. Use CompactChecks, SameChecks and SetChecks, not the field.
	ChecksDigest string `json:"-"`
}

// TargetStatus describes the workload as last evaluated.
type TargetStatus struct {
	// apiVersion of the workload.
	// +optional
	APIVersion string `json:"apiVersion,omitempty"`
	// kind of the workload.
	Kind string `json:"kind"`
	// name of the workload.
	Name string `json:"name"`
	// generation is the workload's metadata.generation when evaluated.
	// +optional
	Generation int64 `json:"generation,omitempty"`
	// observedGeneration is the workload's status.observedGeneration when evaluated.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// Summary counts check results.
type Summary struct {
	// required is the number of evaluated checks with enforcement Required.
	Required int32 `json:"required"`
	// passed is the number of checks that passed.
	Passed int32 `json:"passed"`
	// failed is the number of Required checks that failed.
	Failed int32 `json:"failed"`
	// warnings is the number of Advisory checks that failed.
	Warnings int32 `json:"warnings"`
	// skipped is the number of checks that did not apply or were exempted.
	Skipped int32 `json:"skipped"`
	// errors is the number of checks that could not be evaluated.
	// +optional
	Errors int32 `json:"errors,omitempty"`
	// pending is the number of checks waiting for the workload to settle (a rollout in progress).
	// +optional
	Pending int32 `json:"pending,omitempty"`
	// score is passed checks as a percentage of applicable (not skipped) checks.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	Score int32 `json:"score"`
	// ratio is "passed/applicable", as shown by kubectl get.
	// +optional
	Ratio string `json:"ratio,omitempty"`
}

// CheckResult is the outcome of one check.
type CheckResult struct {
	// id of the check.
	ID string `json:"id"`
	// category of the check (availability, health, resources, images, secrets, scaling, ...).
	// +optional
	Category string `json:"category,omitempty"`
	// enforcement applied.
	Enforcement Enforcement `json:"enforcement"`
	// result of the check.
	Result Result `json:"result"`
	// message says what was found and what to change. It never contains a secret value.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Message string `json:"message,omitempty"`
}

// Enforcement says what a failing check means.
// +kubebuilder:validation:Enum=Required;Advisory;Disabled
type Enforcement string

const (
	// EnforcementRequired checks must pass for the workload to be Ready.
	EnforcementRequired Enforcement = "Required"
	// EnforcementAdvisory checks report a warning when they fail.
	EnforcementAdvisory Enforcement = "Advisory"
	// EnforcementDisabled checks are not evaluated.
	EnforcementDisabled Enforcement = "Disabled"
)

// Result is the outcome of one check.
// +kubebuilder:validation:Enum=Pass;Fail;Warn;Skip;Error;Pending
type Result string

const (
	// ResultPass means the check passed.
	ResultPass Result = "Pass"
	// ResultFail means a Required check failed.
	ResultFail Result = "Fail"
	// ResultWarn means an Advisory check failed.
	ResultWarn Result = "Warn"
	// ResultSkip means the check did not apply or was exempted; the message says why.
	ResultSkip Result = "Skip"
	// ResultError means the check could not be evaluated; the message says why.
	ResultError Result = "Error"
	// ResultPending means the check waits for the workload to settle (rollout in progress).
	ResultPending Result = "Pending"
)

// +kubebuilder:object:root=true

// ProductionReadinessList is a list of ProductionReadiness.
type ProductionReadinessList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ProductionReadiness `json:"items"`
}
