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
// The local Rollout type is not an API of prodready: no CRD is generated from this package.
// +kubebuilder:skip

package checks

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// KindRollout is an Argo Rollouts Rollout (argoproj.io/v1alpha1), read through a minimal local
// type: only the fields the checks use, no dependency on the Argo Rollouts module. Its CRD is
// optional: the operator watches Rollouts only while the cluster serves them.
const KindRollout = "Rollout"

func init() {
	registerKind(&WorkloadKind{
		Kind: KindRollout, Group: "argoproj.io", Version: "v1alpha1", Resource: "rollouts",
		Optional: true, CRDName: "rollouts.argoproj.io",
		Capabilities: []Capability{CapReplicas, CapLongRunning},
		New:          func() Object { return &Rollout{} },
		Template: func(o Object) *corev1.PodTemplateSpec {
			r := typedAs[*Rollout](o)
			if r.Spec.WorkloadRef != nil {
				return nil // the template comes from the referenced workload
			}
			return &r.Spec.Template
		},
		TemplateRef: func(o Object) *TemplateRef {
			ref := typedAs[*Rollout](o).Spec.WorkloadRef
			if ref == nil {
				return nil
			}
			return &TemplateRef{APIVersion: ref.APIVersion, Kind: ref.Kind, Name: ref.Name}
		},
		Selector: func(o Object) *metav1.LabelSelector { return typedAs[*Rollout](o).Spec.Selector },
		Replicas: func(o Object) *int32 { return typedAs[*Rollout](o).Spec.Replicas },
		ObservedGeneration: func(o Object) int64 {
			n, _ := strconv.ParseInt(typedAs[*Rollout](o).Status.ObservedGeneration, 10, 64)
			return n
		},
		Controller: "the Argo Rollouts controller",
		Rollout:    func(w *Workload) Outcome { return rolloutRollout(typedAs[*Rollout](w.Object)) },
		Strategy:   func(s *Snapshot) Outcome { return rolloutStrategyOf(typedAs[*Rollout](s.Workload.Object)) },
	})
}

// Rollout is the part of an Argo Rollouts Rollout that prodready reads.
// +kubebuilder:object:generate=true
// +kubebuilder:object:root=true
type Rollout struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RolloutSpec   `json:"spec,omitempty"`
	Status            RolloutStatus `json:"status,omitempty"`
}

// RolloutSpec is the part of a Rollout's spec that prodready reads.
// +kubebuilder:object:generate=true
type RolloutSpec struct {
	Replicas    *int32                 `json:"replicas,omitempty"`
	Selector    *metav1.LabelSelector  `json:"selector,omitempty"`
	Template    corev1.PodTemplateSpec `json:"template,omitempty"`
	WorkloadRef *RolloutWorkloadRef    `json:"workloadRef,omitempty"`
	Strategy    RolloutStrategy        `json:"strategy,omitempty"`
	Paused      bool                   `json:"paused,omitempty"`
}

// RolloutWorkloadRef names the workload a Rollout takes its pod template from.
// +kubebuilder:object:generate=true
type RolloutWorkloadRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Name       string `json:"name,omitempty"`
}

// RolloutStrategy is spec.strategy: canary or blueGreen.
// +kubebuilder:object:generate=true
type RolloutStrategy struct {
	Canary    *RolloutCanary    `json:"canary,omitempty"`
	BlueGreen *RolloutBlueGreen `json:"blueGreen,omitempty"`
}

// RolloutCanary is spec.strategy.canary.
// +kubebuilder:object:generate=true
type RolloutCanary struct {
	Steps          []RolloutCanaryStep  `json:"steps,omitempty"`
	MaxSurge       *intstr.IntOrString  `json:"maxSurge,omitempty"`
	MaxUnavailable *intstr.IntOrString  `json:"maxUnavailable,omitempty"`
	Analysis       *RolloutAnalysisRefs `json:"analysis,omitempty"`
}

// RolloutCanaryStep is one canary step (only the kinds of step prodready distinguishes).
// +kubebuilder:object:generate=true
type RolloutCanaryStep struct {
	SetWeight *int32               `json:"setWeight,omitempty"`
	Pause     *RolloutPause        `json:"pause,omitempty"`
	Analysis  *RolloutAnalysisRefs `json:"analysis,omitempty"`
}

// RolloutPause is a pause step; no duration pauses until promoted.
// +kubebuilder:object:generate=true
type RolloutPause struct {
	Duration *intstr.IntOrString `json:"duration,omitempty"`
}

// RolloutAnalysisRefs names analysis templates.
// +kubebuilder:object:generate=true
type RolloutAnalysisRefs struct {
	Templates []RolloutAnalysisTemplate `json:"templates,omitempty"`
}

// RolloutAnalysisTemplate names one analysis template.
// +kubebuilder:object:generate=true
type RolloutAnalysisTemplate struct {
	TemplateName string `json:"templateName,omitempty"`
}

// RolloutBlueGreen is spec.strategy.blueGreen.
// +kubebuilder:object:generate=true
type RolloutBlueGreen struct {
	ActiveService         string               `json:"activeService,omitempty"`
	PreviewService        string               `json:"previewService,omitempty"`
	AutoPromotionEnabled  *bool                `json:"autoPromotionEnabled,omitempty"`
	AutoPromotionSeconds  int32                `json:"autoPromotionSeconds,omitempty"`
	ScaleDownDelaySeconds *int32               `json:"scaleDownDelaySeconds,omitempty"`
	PrePromotionAnalysis  *RolloutAnalysisRefs `json:"prePromotionAnalysis,omitempty"`
}

// RolloutStatus is the part of a Rollout's status that prodready reads.
// +kubebuilder:object:generate=true
type RolloutStatus struct {
	// ObservedGeneration is a string in Argo Rollouts.
	ObservedGeneration string                   `json:"observedGeneration,omitempty"`
	Phase              string                   `json:"phase,omitempty"`
	Message            string                   `json:"message,omitempty"`
	Abort              bool                     `json:"abort,omitempty"`
	Replicas           int32                    `json:"replicas,omitempty"`
	UpdatedReplicas    int32                    `json:"updatedReplicas,omitempty"`
	ReadyReplicas      int32                    `json:"readyReplicas,omitempty"`
	AvailableReplicas  int32                    `json:"availableReplicas,omitempty"`
	PauseConditions    []RolloutPauseCondition  `json:"pauseConditions,omitempty"`
	Conditions         []RolloutStatusCondition `json:"conditions,omitempty"`
}

// RolloutPauseCondition is why a Rollout is paused.
// +kubebuilder:object:generate=true
type RolloutPauseCondition struct {
	Reason string `json:"reason,omitempty"`
}

// RolloutStatusCondition is a Rollout condition.
// +kubebuilder:object:generate=true
type RolloutStatusCondition struct {
	Type    string `json:"type,omitempty"`
	Status  string `json:"status,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// rolloutRollout reads the status of a Rollout whose current generation the Argo Rollouts
// controller observed: its phase is Healthy. Progressing and Paused are Pending (a paused canary waits
// for a promotion), Degraded, an abort, an invalid spec or a passed progress deadline fail.
func rolloutRollout(r *Rollout) Outcome {
	st := &r.Status
	gen := r.Generation
	for _, c := range st.Conditions {
		switch {
		case c.Type == "InvalidSpec" && c.Status == "True":
			return Violation("the Rollout's spec is invalid (condition InvalidSpec): %s", orDash(c.Message))
		case c.Type == "Progressing" && c.Reason == "ProgressDeadlineExceeded":
			return Violation("rollout of generation %d failed (ProgressDeadlineExceeded): %s", gen, orDash(c.Message))
		}
	}
	if st.Abort {
		return Violation("the rollout of generation %d was aborted: %s; fix the release and apply it again, or retry with `kubectl argo rollouts retry rollout %s`",
			gen, orDash(st.Message), r.Name)
	}
	desired := replicasOrOne(r.Spec.Replicas)
	counts := fmt.Sprintf("%d/%d replicas updated, %d available", st.UpdatedReplicas, desired, st.AvailableReplicas)
	switch st.Phase {
	case "Healthy":
		return Pass("generation %d rolled out (phase Healthy): %s", gen, counts)
	case "Degraded":
		return Violation("the Rollout is Degraded: %s (%s)", orDash(st.Message), counts)
	case "Paused":
		reasons := make([]string, 0, len(st.PauseConditions))
		for _, p := range st.PauseConditions {
			reasons = append(reasons, p.Reason)
		}
		why := "spec.paused is true"
		if len(reasons) > 0 {
			why = "paused by " + strings.Join(reasons, ", ")
		}
		return Pending("the Rollout is Paused (%s): %s; promote it with `kubectl argo rollouts promote %s`", why, counts, r.Name)
	case "":
		return Pending("the Argo Rollouts controller has not reported status.phase yet")
	}
	return Pending("the Rollout is %s: %s%s", st.Phase, counts, messageSuffix(st.Message))
}

func messageSuffix(msg string) string {
	if msg == "" {
		return ""
	}
	return " (" + msg + ")"
}

// minScaleDownDelay is the scale-down delay Argo Rollouts recommends at least, so that every
// node has stopped routing to the old pods before they go.
const minScaleDownDelay = 30

// rolloutStrategyOf judges a Rollout's canary or blueGreen strategy.
func rolloutStrategyOf(r *Rollout) Outcome {
	st := &r.Spec.Strategy
	var f Findings
	switch {
	case st.Canary != nil:
		c := st.Canary
		surge, unavailable := defaultSurgeUnavailable, intstr.FromInt32(0) // Argo's canary defaults
		if c.MaxSurge != nil {
			surge = *c.MaxSurge
		}
		if c.MaxUnavailable != nil {
			unavailable = *c.MaxUnavailable
		}
		checkSurgeUnavailable(&f, "spec.strategy.canary", surge, unavailable)
		if len(c.Steps) == 0 {
			f.AddWorkload("spec.strategy.canary has no steps: each release goes to 100%% at once, like a plain rolling update; " +
				"add steps, e.g. [{setWeight: 20}, {pause: {duration: 5m}}, {setWeight: 50}, {pause: {duration: 5m}}]")
			return f.Result("")
		}
		gated := c.Analysis != nil
		for _, step := range c.Steps {
			if step.Pause != nil || step.Analysis != nil {
				gated = true
			}
		}
		if !gated {
			f.AddWorkload("spec.strategy.canary has %d %s but none pauses or runs an analysis, so traffic moves to the new version "+
				"without a moment to notice a bad release; add a pause or analysis step", len(c.Steps), plural(len(c.Steps), "step"))
		}
		return f.Result("canary with %d %s", len(c.Steps), plural(len(c.Steps), "step"))
	case st.BlueGreen != nil:
		bg := st.BlueGreen
		if bg.PreviewService != "" && bg.PreviewService == bg.ActiveService {
			f.AddWorkload("spec.strategy.blueGreen.previewService and activeService are both %q: the preview is what users get; use two Services", bg.ActiveService)
		}
		if d := bg.ScaleDownDelaySeconds; d != nil && *d < minScaleDownDelay {
			f.AddWorkload("spec.strategy.blueGreen.scaleDownDelaySeconds is %d: the old pods go before every node stops routing to them; use at least %d (the default)", *d, minScaleDownDelay)
		}
		promotion := "auto-promotes as soon as the preview is available"
		switch {
		case bg.AutoPromotionEnabled != nil && !*bg.AutoPromotionEnabled:
			promotion = "autoPromotionEnabled false: each release waits for a manual promotion"
		case bg.PrePromotionAnalysis != nil:
			promotion = "auto-promotes after its pre-promotion analysis"
		case bg.AutoPromotionSeconds > 0:
			promotion = fmt.Sprintf("auto-promotes %d s after the preview is available", bg.AutoPromotionSeconds)
		}
		return f.Result("blueGreen with active Service %q; %s", bg.ActiveService, promotion)
	}
	return Violation("spec.strategy names neither canary nor blueGreen; Argo Rollouts refuses such a Rollout")
}
