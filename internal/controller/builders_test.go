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

package controller

import (
	"context"
	"testing"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Builders for the envtest tests. goodDeployment passes every Required check of the
// production profile once its PDB and Secret exist and its rollout is marked complete.

func ptrTo[T any](v T) *T { return &v }

func goodDeployment(ns, name string) *appsv1.Deployment {
	labels := map[string]string{"app.kubernetes.io/name": name}
	probe := func(path string) *corev1.Probe {
		return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: intstr.FromString("http")}}}
	}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptrTo(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					SecurityContext: &corev1.PodSecurityContext{
						RunAsNonRoot:   ptrTo(true),
						RunAsUser:      ptrTo(int64(10001)),
						SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
					},
					TopologySpreadConstraints: []corev1.TopologySpreadConstraint{{
						MaxSkew: 1, TopologyKey: "kubernetes.io/hostname", WhenUnsatisfiable: corev1.ScheduleAnyway,
						LabelSelector: &metav1.LabelSelector{MatchLabels: labels},
					}},
					Containers: []corev1.Container{{
						Name:  "api",
						Image: "registry.example.com/shop/api:1.4.2",
						Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}},
						Env: []corev1.EnvVar{{Name: "DB_PASSWORD", ValueFrom: &corev1.EnvVarSource{
							SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "password"}}}},
						ReadinessProbe: probe("/readyz"),
						LivenessProbe:  probe("/livez"),
						Resources: corev1.ResourceRequirements{
							Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
							Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
						},
						SecurityContext: &corev1.SecurityContext{
							AllowPrivilegeEscalation: ptrTo(false),
							ReadOnlyRootFilesystem:   ptrTo(true),
							Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
						},
					}},
				},
			},
		},
	}
}

// badDeployment fails several core checks: no probes, no resources, image :latest, one replica.
func badDeployment(ns, name string) *appsv1.Deployment {
	d := goodDeployment(ns, name)
	c := &d.Spec.Template.Spec.Containers[0]
	c.Image = "registry.example.com/shop/api:latest"
	c.ReadinessProbe, c.LivenessProbe = nil, nil
	c.Resources = corev1.ResourceRequirements{}
	d.Spec.Replicas = ptrTo(int32(1))
	return d
}

func pdbFor(ns, name string) *policyv1.PodDisruptionBudget {
	return &policyv1.PodDisruptionBudget{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: policyv1.PodDisruptionBudgetSpec{
			MaxUnavailable: ptrTo(intstr.FromInt32(1)),
			Selector:       &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": name}},
		},
	}
}

func hpaFor(ns, name string, minReplicas int32) *autoscalingv2.HorizontalPodAutoscaler {
	return &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: name},
			MinReplicas:    ptrTo(minReplicas),
			MaxReplicas:    6,
			Metrics: []autoscalingv2.MetricSpec{{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
				Name: corev1.ResourceCPU, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptrTo(int32(70))}}}},
		},
	}
}

func secretFor(ns, name string, keys ...string) *corev1.Secret {
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Data: map[string][]byte{}}
	for _, k := range keys {
		s.Data[k] = []byte("s3cr3t-value-never-logged")
	}
	return s
}

func readinessFor(ns, name string, mods ...func(*v1alpha1.ProductionReadiness)) *v1alpha1.ProductionReadiness {
	pr := &v1alpha1.ProductionReadiness{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       v1alpha1.ProductionReadinessSpec{TargetRef: v1alpha1.TargetRef{Kind: "Deployment", Name: name}},
	}
	for _, m := range mods {
		m(pr)
	}
	return pr
}

// create creates objects with the test's client.
func create(t *testing.T, objs ...client.Object) {
	t.Helper()
	for _, o := range objs {
		if err := k8s.Create(context.Background(), o); err != nil {
			t.Fatalf("creating %T %s: %v", o, o.GetName(), err)
		}
	}
}

// markRolledOut sets a Deployment's status to a completed rollout of its current generation,
// as the deployment controller would (envtest runs no controllers).
func markRolledOut(t *testing.T, ns, name string) {
	t.Helper()
	g := NewWithT(t)
	eventually(g, func() error {
		d := &appsv1.Deployment{}
		if err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, d); err != nil {
			return err
		}
		n := int32(1)
		if d.Spec.Replicas != nil {
			n = *d.Spec.Replicas
		}
		d.Status = appsv1.DeploymentStatus{
			ObservedGeneration: d.Generation, Replicas: n, UpdatedReplicas: n, ReadyReplicas: n, AvailableReplicas: n,
			Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable"}},
		}
		return k8s.Status().Update(context.Background(), d)
	}).Should(Succeed())
}

// getReadiness reads a ProductionReadiness.
func getReadiness(g Gomega, ns, name string) *v1alpha1.ProductionReadiness {
	pr := &v1alpha1.ProductionReadiness{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, pr)).To(Succeed())
	return pr
}

// condition returns "Status/Reason" of a condition, or "" when absent.
func condition(pr *v1alpha1.ProductionReadiness, typ string) string {
	c := meta.FindStatusCondition(pr.Status.Conditions, typ)
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// result returns a check's result word, or "" when the check is not in status.
func result(pr *v1alpha1.ProductionReadiness, id string) v1alpha1.Result {
	for _, c := range pr.Status.Checks {
		if c.ID == id {
			return c.Result
		}
	}
	return ""
}

// label returns the promotion label of a Deployment ("<absent>" when missing).
func label(g Gomega, ns, name string) string {
	d := &appsv1.Deployment{}
	g.Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, d)).To(Succeed())
	v, ok := d.Labels[v1alpha1.PromotableLabel]
	if !ok {
		return "<absent>"
	}
	return v
}

// expectVerdict waits for the Ready/Reconciling/Stalled triple ("" = absent) and returns the
// object.
func expectVerdict(t *testing.T, ns, name, ready, reconciling, stalled string) *v1alpha1.ProductionReadiness {
	t.Helper()
	g := NewWithT(t)
	var pr *v1alpha1.ProductionReadiness
	eventually(g, func(g Gomega) {
		pr = getReadiness(g, ns, name)
		g.Expect(pr.Status.ObservedGeneration).To(Equal(pr.Generation))
		g.Expect([]string{condition(pr, v1alpha1.ConditionReady), condition(pr, v1alpha1.ConditionReconciling), condition(pr, v1alpha1.ConditionStalled)}).
			To(Equal([]string{ready, reconciling, stalled}), "conditions of %s/%s: %+v", ns, name, pr.Status.Conditions)
	}).Should(Succeed())
	return pr
}
