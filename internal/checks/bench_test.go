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

package checks

import (
	"fmt"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/prodready/prodready/api/v1alpha1"
)

// realisticSnapshot is a production-like Deployment (app container, native sidecar, init
// container, probes, resources, env from Secrets and ConfigMaps) in a busy namespace: 20 PDBs,
// 10 HPAs, 30 Services, 10 NetworkPolicies, 20 ServiceAccounts, 100 Secrets, 100 ConfigMaps.
func realisticSnapshot() *Snapshot {
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("512Mi")},
	}
	probe := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/readyz", Port: intstr.FromString("http")}}}
	live := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/livez", Port: intstr.FromString("http")}}}
	app := ctr("api", func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}, {Name: "metrics", ContainerPort: 9090}}
		c.ReadinessProbe, c.LivenessProbe, c.Resources = probe, live, res
		for i := 0; i < 20; i++ {
			c.Env = append(c.Env, corev1.EnvVar{Name: fmt.Sprintf("SETTING_%d", i), Value: "value"})
		}
		c.Env = append(c.Env, corev1.EnvVar{Name: "DB_PASSWORD", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "secret-7"}, Key: "k1"}}})
		c.EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "config-3"}}}}
		c.SecurityContext = &corev1.SecurityContext{AllowPrivilegeEscalation: ptr(false), ReadOnlyRootFilesystem: ptr(true),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}
	})
	sidecar := ctr("proxy", asSidecar, func(c *corev1.Container) {
		c.Ports = []corev1.ContainerPort{{Name: "proxy", ContainerPort: 15001}}
		c.ReadinessProbe, c.Resources = probe, res
	})
	s := withInit(deploy(app), sidecar, ctr("migrate", func(c *corev1.Container) { c.Resources = res }))
	dep(s).Spec.Template.Labels = map[string]string{"app": "web", "app.kubernetes.io/name": "web"}
	s.Workload.PodSpec().SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
	s.Workload.PodSpec().TopologySpreadConstraints = []corev1.TopologySpreadConstraint{{TopologyKey: "kubernetes.io/hostname", MaxSkew: 1,
		LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}}
	for i := 0; i < 20; i++ {
		s.PDBs = append(s.PDBs, policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pdb-%d", i)},
			Spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr(intstr.FromInt32(1)), Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": fmt.Sprintf("app-%d", i)}}}})
	}
	s.PDBs[3].Spec.Selector.MatchLabels = map[string]string{"app": "web"}
	for i := 0; i < 10; i++ {
		s.HPAs = append(s.HPAs, autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("hpa-%d", i)},
			Spec: autoscalingv2.HorizontalPodAutoscalerSpec{ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: fmt.Sprintf("app-%d", i)}, MinReplicas: ptr(int32(2)), MaxReplicas: 5}})
	}
	for i := 0; i < 30; i++ {
		s.Services = append(s.Services, corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("svc-%d", i)},
			Spec: corev1.ServiceSpec{Selector: map[string]string{"app": fmt.Sprintf("app-%d", i)}, Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromString("http")}}}})
	}
	s.Services[5].Spec.Selector = map[string]string{"app": "web"}
	for i := 0; i < 10; i++ {
		s.NetworkPolicies = append(s.NetworkPolicies, networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("np-%d", i)},
			Spec: networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": fmt.Sprintf("app-%d", i)}}, PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}}})
	}
	for i := 0; i < 20; i++ {
		s.ServiceAccounts = append(s.ServiceAccounts, corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("sa-%d", i)}})
	}
	for i := 0; i < 100; i++ {
		s.Secrets = append(s.Secrets, KeySet{Name: fmt.Sprintf("secret-%d", i), Keys: []string{"k1", "k2", "k3"}})
		s.ConfigMaps = append(s.ConfigMaps, KeySet{Name: fmt.Sprintf("config-%d", i), Keys: []string{"a", "b"}})
	}
	return s
}

// BenchmarkEvaluate measures one evaluation of the realistic workload: every check of the
// production and strict profiles.
func BenchmarkEvaluate(b *testing.B) {
	s := realisticSnapshot()
	for _, profile := range []string{ProfileProduction, ProfileStrict} {
		pol, errs := Resolve(&v1alpha1.ProductionReadinessSpec{Profile: profile}, nil)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		b.Run(profile, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Evaluate(s, pol)
			}
		})
	}
}

// BenchmarkResolve measures turning a spec with overrides and exemptions into a policy.
func BenchmarkResolve(b *testing.B) {
	spec := &v1alpha1.ProductionReadinessSpec{Profile: ProfileProduction,
		Checks:     []v1alpha1.CheckOverride{{ID: "replicas-minimum", Params: map[string]string{"min": "3"}}, {ID: "hpa-present", Enforcement: v1alpha1.EnforcementRequired}},
		Exemptions: []v1alpha1.Exemption{{Checks: []string{"resources-limits"}, Containers: []string{"proxy"}, Reason: "mesh"}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := Resolve(spec, nil); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
