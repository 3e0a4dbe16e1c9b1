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

package snapshot

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/manifest"
)

// defaultCPUUtilization is the API server's default target when an HPA names no metric.
const defaultCPUUtilization int32 = 80

// decodeHPA reads a HorizontalPodAutoscaler of any version a manifest may carry as
// autoscaling/v2, converted as the API server converts it. The object's apiVersion stays the
// one it was written in, so api-version-served can report removed versions.
func decodeHPA(doc manifest.Document) (*autoscalingv2.HorizontalPodAutoscaler, error) {
	gvk := doc.Object.GroupVersionKind()
	name := doc.Object.GetName()
	shape := func(v string) error {
		return fmt.Errorf("%s: HorizontalPodAutoscaler %q: the document does not have the shape of an autoscaling/%s HorizontalPodAutoscaler", doc.Source, name, v)
	}
	out := &autoscalingv2.HorizontalPodAutoscaler{}
	switch gvk.Version {
	case "v2", "v2beta2": // v2beta2 has the shape of v2
		if err := json.Unmarshal(doc.JSON, out); err != nil {
			return nil, shape(gvk.Version)
		}
	case "v1":
		var v1 autoscalingv1.HorizontalPodAutoscaler
		if err := json.Unmarshal(doc.JSON, &v1); err != nil {
			return nil, shape("v1")
		}
		out = HPAFromV1(&v1)
	case "v2beta1":
		var b hpaV2beta1
		if err := json.Unmarshal(doc.JSON, &b); err != nil {
			return nil, shape("v2beta1")
		}
		out = b.toV2()
	default:
		return nil, fmt.Errorf("%s: HorizontalPodAutoscaler %q: apiVersion %s is not a version of HorizontalPodAutoscaler; the served versions are autoscaling/v2 and autoscaling/v1", doc.Source, name, gvk.GroupVersion())
	}
	out.APIVersion, out.Kind = gvk.GroupVersion().String(), gvk.Kind
	defaultHPAMetrics(out)
	return out, nil
}

// HPAFromV1 converts an autoscaling/v1 HorizontalPodAutoscaler to v2 as the API server does:
// targetCPUUtilizationPercentage becomes one cpu Utilization metric (80% when unset, the
// default of both versions).
func HPAFromV1(in *autoscalingv1.HorizontalPodAutoscaler) *autoscalingv2.HorizontalPodAutoscaler {
	out := &autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: in.ObjectMeta}
	out.Spec = autoscalingv2.HorizontalPodAutoscalerSpec{
		ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{
			APIVersion: in.Spec.ScaleTargetRef.APIVersion, Kind: in.Spec.ScaleTargetRef.Kind, Name: in.Spec.ScaleTargetRef.Name,
		},
		MinReplicas: in.Spec.MinReplicas,
		MaxReplicas: in.Spec.MaxReplicas,
	}
	if in.Spec.TargetCPUUtilizationPercentage != nil {
		out.Spec.Metrics = []autoscalingv2.MetricSpec{cpuUtilization(*in.Spec.TargetCPUUtilizationPercentage)}
	}
	return out
}

// defaultHPAMetrics applies the API server's default: no metric means cpu at 80% utilization.
func defaultHPAMetrics(h *autoscalingv2.HorizontalPodAutoscaler) {
	if len(h.Spec.Metrics) == 0 {
		h.Spec.Metrics = []autoscalingv2.MetricSpec{cpuUtilization(defaultCPUUtilization)}
	}
}

func cpuUtilization(pct int32) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{
		Type: autoscalingv2.ResourceMetricSourceType,
		Resource: &autoscalingv2.ResourceMetricSource{
			Name:   corev1.ResourceCPU,
			Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &pct},
		},
	}
}

// hpaV2beta1 is the part of autoscaling/v2beta1 (removed in Kubernetes 1.25) whose shape
// differs from v2: the metric targets.
type hpaV2beta1 struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		ScaleTargetRef autoscalingv2.CrossVersionObjectReference `json:"scaleTargetRef"`
		MinReplicas    *int32                                    `json:"minReplicas"`
		MaxReplicas    int32                                     `json:"maxReplicas"`
		Metrics        []struct {
			Type     autoscalingv2.MetricSourceType `json:"type"`
			Resource *struct {
				Name                     corev1.ResourceName `json:"name"`
				TargetAverageUtilization *int32              `json:"targetAverageUtilization"`
				TargetAverageValue       *resource.Quantity  `json:"targetAverageValue"`
			} `json:"resource"`
			ContainerResource *struct {
				Name                     corev1.ResourceName `json:"name"`
				Container                string              `json:"container"`
				TargetAverageUtilization *int32              `json:"targetAverageUtilization"`
				TargetAverageValue       *resource.Quantity  `json:"targetAverageValue"`
			} `json:"containerResource"`
			Pods *struct {
				MetricName         string                `json:"metricName"`
				TargetAverageValue resource.Quantity     `json:"targetAverageValue"`
				Selector           *metav1.LabelSelector `json:"selector"`
			} `json:"pods"`
			Object *struct {
				Target       autoscalingv2.CrossVersionObjectReference `json:"target"`
				MetricName   string                                    `json:"metricName"`
				TargetValue  resource.Quantity                         `json:"targetValue"`
				AverageValue *resource.Quantity                        `json:"averageValue"`
				Selector     *metav1.LabelSelector                     `json:"selector"`
			} `json:"object"`
			External *struct {
				MetricName         string                `json:"metricName"`
				MetricSelector     *metav1.LabelSelector `json:"metricSelector"`
				TargetValue        *resource.Quantity    `json:"targetValue"`
				TargetAverageValue *resource.Quantity    `json:"targetAverageValue"`
			} `json:"external"`
		} `json:"metrics"`
	} `json:"spec"`
}

// toV2 converts the v2beta1 metric targets to v2 as the API server did.
func (b *hpaV2beta1) toV2() *autoscalingv2.HorizontalPodAutoscaler {
	out := &autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: b.ObjectMeta}
	out.Spec.ScaleTargetRef, out.Spec.MinReplicas, out.Spec.MaxReplicas = b.Spec.ScaleTargetRef, b.Spec.MinReplicas, b.Spec.MaxReplicas
	target := func(util *int32, avg *resource.Quantity) autoscalingv2.MetricTarget {
		if util != nil {
			return autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: util}
		}
		return autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: avg}
	}
	for _, m := range b.Spec.Metrics {
		ms := autoscalingv2.MetricSpec{Type: m.Type}
		switch {
		case m.Resource != nil:
			ms.Resource = &autoscalingv2.ResourceMetricSource{Name: m.Resource.Name, Target: target(m.Resource.TargetAverageUtilization, m.Resource.TargetAverageValue)}
		case m.ContainerResource != nil:
			ms.ContainerResource = &autoscalingv2.ContainerResourceMetricSource{Name: m.ContainerResource.Name, Container: m.ContainerResource.Container,
				Target: target(m.ContainerResource.TargetAverageUtilization, m.ContainerResource.TargetAverageValue)}
		case m.Pods != nil:
			v := m.Pods.TargetAverageValue
			ms.Pods = &autoscalingv2.PodsMetricSource{Metric: autoscalingv2.MetricIdentifier{Name: m.Pods.MetricName, Selector: m.Pods.Selector},
				Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: &v}}
		case m.Object != nil:
			t := autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType, Value: &m.Object.TargetValue}
			if m.Object.AverageValue != nil {
				t = autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: m.Object.AverageValue}
			}
			ms.Object = &autoscalingv2.ObjectMetricSource{DescribedObject: m.Object.Target,
				Metric: autoscalingv2.MetricIdentifier{Name: m.Object.MetricName, Selector: m.Object.Selector}, Target: t}
		case m.External != nil:
			t := autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType, Value: m.External.TargetValue}
			if m.External.TargetAverageValue != nil {
				t = autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: m.External.TargetAverageValue}
			}
			ms.External = &autoscalingv2.ExternalMetricSource{Metric: autoscalingv2.MetricIdentifier{Name: m.External.MetricName, Selector: m.External.MetricSelector}, Target: t}
		}
		out.Spec.Metrics = append(out.Spec.Metrics, ms)
	}
	return out
}

// scaledObjectOf reads a KEDA ScaledObject (keda.sh/v1alpha1) as the engine's reduced form.
func scaledObjectOf(doc manifest.Document) (checks.ScaledObject, error) {
	u := doc.Object
	so := checks.ScaledObject{Name: u.GetName()}
	bad := func(field string) error {
		return fmt.Errorf("%s: ScaledObject %q: %s is not of the expected type", doc.Source, so.Name, field)
	}
	var err error
	if so.Target.Name, _, err = unstructured.NestedString(u.Object, "spec", "scaleTargetRef", "name"); err != nil {
		return so, bad("spec.scaleTargetRef.name")
	}
	if so.Target.Kind, _, err = unstructured.NestedString(u.Object, "spec", "scaleTargetRef", "kind"); err != nil {
		return so, bad("spec.scaleTargetRef.kind")
	}
	if so.Target.APIVersion, _, err = unstructured.NestedString(u.Object, "spec", "scaleTargetRef", "apiVersion"); err != nil {
		return so, bad("spec.scaleTargetRef.apiVersion")
	}
	if so.Target.Kind == "" { // KEDA's defaults
		so.Target.Kind = "Deployment"
	}
	if so.Target.APIVersion == "" {
		so.Target.APIVersion = "apps/v1"
	}
	for field, dst := range map[string]**int32{"minReplicaCount": &so.MinReplicaCount, "maxReplicaCount": &so.MaxReplicaCount} {
		v, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", field)
		if !found {
			continue
		}
		n, ok := wholeInt32(v)
		if !ok {
			return so, bad("spec." + field)
		}
		*dst = &n
	}
	return so, nil
}

// shapeError describes why a document does not decode as its kind without quoting the
// document: the JSON decoder's own text can carry input values, so only the field path and the
// JSON types are kept.
func shapeError(err error, kind, apiVersion string) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%s: a %s where the schema wants %s", te.Field, te.Value, goTypeName(te.Type.Kind().String()))
	}
	return fmt.Sprintf("the document does not have the shape of a %s (%s)", kind, apiVersion)
}

// goTypeName renders a Go kind as a schema type for messages.
func goTypeName(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "a list"
	case "map", "struct", "ptr":
		return "an object"
	case "float32", "float64":
		return "a number"
	}
	return "another type"
}

// wholeInt32 reads a JSON number (decoded as int64 or float64) that is a whole int32.
func wholeInt32(v any) (int32, bool) {
	switch n := v.(type) {
	case int64:
		return int32(n), n >= math.MinInt32 && n <= math.MaxInt32
	case float64:
		return int32(n), n == math.Trunc(n) && n >= math.MinInt32 && n <= math.MaxInt32
	}
	return 0, false
}
