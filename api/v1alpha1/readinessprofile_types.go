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

	// customChecks are the platform team's own checks, written in CEL over the workload and the
	// objects around it. Each is a check like a built-in one: it has a status entry, can be
	// exempted and overridden by id, and is listed by `prodready checks`. Ids may not be those
	// of built-in checks (the webhook and the operator refuse them).
	// +listType=map
	// +listMapKey=id
	// +kubebuilder:validation:MaxItems=64
	// +optional
	CustomChecks []CustomCheck `json:"customChecks,omitempty"`
}

// CustomCheck is a check defined in a ReadinessProfile by CEL rules. It passes when every rule's
// expression is true. The rule below lists the built-in check ids (a test keeps it equal to the
// catalogue); the webhook and the operator refuse them too.
// +kubebuilder:validation:XValidation:rule="!(self.id in ['rollout-complete', 'probe-readiness', 'probe-liveness', 'resources-requests', 'resources-limits', 'image-tag-pinned', 'image-digest-pinned', 'image-tag-mutable', 'secrets-no-plaintext', 'secrets-refs-exist', 'replicas-minimum', 'pdb-present', 'pdb-allows-disruption', 'pdb-unhealthy-eviction-policy', 'hpa-present', 'hpa-valid', 'rollout-strategy', 'selector-matches-template', 'shutdown-graceful', 'replicas-hpa-conflict', 'spread-nodes', 'spread-zones', 'probe-liveness-distinct', 'probe-ports-exist', 'probe-startup', 'resources-ephemeral-storage', 'image-pull-policy', 'image-registry-allowed', 'security-run-as-non-root', 'security-run-as-non-root-group', 'security-no-privilege-escalation', 'security-not-privileged', 'security-read-only-root-fs', 'security-capabilities', 'security-seccomp', 'security-host-namespaces', 'security-host-path', 'security-host-ports', 'serviceaccount-dedicated', 'serviceaccount-token', 'network-policy', 'service-ports-valid', 'configmaps-refs-exist', 'configmaps-no-secrets', 'env-no-duplicates', 'metrics-exposed', 'labels-recommended', 'priority-class', 'statefulset-headless-service', 'api-version-served', 'cronjob-concurrency-policy', 'cronjob-starting-deadline', 'job-backoff-limit'])",message="id is the id of a built-in check; custom checks need their own id"
type CustomCheck struct {
	// id is the check's stable kebab-case id; it keys status, exemptions and overrides.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	ID string `json:"id"`

	// title is a short sentence saying what holds when the check passes.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	Title string `json:"title"`

	// category groups the check in output and docs (a built-in category such as health or
	// security, or the team's own).
	// +kubebuilder:default=custom
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +optional
	Category string `json:"category,omitempty"`

	// description says exactly what the check verifies.
	// +kubebuilder:validation:MaxLength=2048
	// +optional
	Description string `json:"description,omitempty"`

	// remediation says how to fix a failure.
	// +kubebuilder:validation:MaxLength=2048
	// +optional
	Remediation string `json:"remediation,omitempty"`

	// kinds are the workload kinds the check applies to (the kinds prodready evaluates; the
	// webhook and the operator check the names); other kinds report Skip. Empty means all.
	// +listType=set
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=63
	// +kubebuilder:validation:items:Pattern=`^[A-Z][A-Za-z0-9]*$`
	// +optional
	Kinds []string `json:"kinds,omitempty"`

	// enforcement in this profile; a ProductionReadiness may override it like any check's.
	// +kubebuilder:default=Required
	// +optional
	Enforcement Enforcement `json:"enforcement,omitempty"`

	// params the rules read as params.<name>, each with a type and an optional default. A
	// ProductionReadiness sets them through spec.checks[].params.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Params []CustomCheckParam `json:"params,omitempty"`

	// rules must all hold for the check to pass. Each is evaluated on its own; the messages of
	// the rules that do not hold make up the check's message.
	// +required
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	Rules []CustomCheckRule `json:"rules"`
}

// CustomCheckParam declares a parameter of a custom check.
// +kubebuilder:validation:XValidation:rule="!has(self.default) || self.type != 'int' || self.default.matches('^-?[0-9]+$')",message="default of an int param must be an integer"
// +kubebuilder:validation:XValidation:rule="!has(self.default) || self.type != 'bool' || self.default in ['true', 'false']",message="default of a bool param must be true or false"
type CustomCheckParam struct {
	// name of the param: params.<name> in the rules.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z][a-zA-Z0-9]*$`
	Name string `json:"name"`

	// type of the param: string, int, bool, or list (a comma-separated list of strings, a
	// list(string) in CEL).
	// +required
	// +kubebuilder:validation:Enum=string;int;bool;list
	Type string `json:"type"`

	// default value, as it would be written in spec.checks[].params. A param without a default
	// is the type's zero value (empty string, 0, false, empty list) unless set.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Default string `json:"default,omitempty"`

	// description of the param, for docs.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Description string `json:"description,omitempty"`
}

// CustomCheckRule is a CEL expression that must be true.
type CustomCheckRule struct {
	// expression is a CEL expression evaluating to a bool; true means the rule holds. Variables:
	// object, podSpec, containers, initContainers, related, secrets, configMaps, params, now.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	Expression string `json:"expression"`

	// messageExpression is a CEL expression evaluating to a string: the message when the rule
	// does not hold. It sees the same variables.
	// +kubebuilder:validation:MaxLength=4096
	// +optional
	MessageExpression string `json:"messageExpression,omitempty"`

	// message is a fixed message when the rule does not hold, used when messageExpression is
	// unset or fails.
	// +kubebuilder:validation:MaxLength=512
	// +optional
	Message string `json:"message,omitempty"`
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
