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
	"bytes"
	"fmt"
	"testing"

	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/snapshot"
	"github.com/prodready/prodready/internal/testenv"
)

// The manager's cache never holds a Secret or ConfigMap value, nor last-applied annotations, and
// keeps of a workload's managedFields only the owners of spec.replicas.
func TestCacheHoldsNoValues(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	secret := secretFor(ns, "db", "password", "username")
	secret.Annotations = map[string]string{snapshot.LastAppliedAnnotation: `{"data":{"password":"` + testenv.SecretValue + `"}}`}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings", Namespace: ns}, Data: map[string]string{"level": "debug-value-not-cached"}}
	d := goodDeployment(ns, "shop")
	create(t, secret, cm, d)

	eventually(g, func(g Gomega) {
		got := &corev1.Secret{}
		g.Expect(cached.Get(ctx, client.ObjectKeyFromObject(secret), got)).To(Succeed())
		g.Expect(got.Data).To(HaveLen(2))
		g.Expect(got.Data).To(HaveKeyWithValue("password", BeEmpty()))
		g.Expect(got.Annotations).NotTo(HaveKey(snapshot.LastAppliedAnnotation))
		g.Expect(got.ManagedFields).To(BeNil())
		g.Expect(bytes.Contains([]byte(fmt.Sprintf("%+v", got)), []byte(testenv.SecretValue))).To(BeFalse())

		gotCM := &corev1.ConfigMap{}
		g.Expect(cached.Get(ctx, client.ObjectKeyFromObject(cm), gotCM)).To(Succeed())
		g.Expect(gotCM.Data).To(Equal(map[string]string{"level": ""}))

		gotD := &appsv1.Deployment{}
		g.Expect(cached.Get(ctx, client.ObjectKeyFromObject(d), gotD)).To(Succeed())
		// Created by this test's client (manager "controller.test" or similar) with replicas 2:
		// that creator owns spec.replicas and is the only entry kept.
		g.Expect(gotD.ManagedFields).To(HaveLen(1))
		g.Expect(string(gotD.ManagedFields[0].FieldsV1.GetRawBytes())).To(Equal(`{"f:spec":{"f:replicas":{}}}`))
	}).Should(Succeed())
}

// Helm release Secrets are not cached at all (they are large, and no pod references them); other
// Secrets of the namespace are.
func TestCacheLeavesOutHelmReleases(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	release := secretFor(ns, "sh.helm.release.v1.shop.v1", "release")
	release.Type = HelmReleaseSecretType
	other := secretFor(ns, "db", "password")
	create(t, release, other)
	eventually(g, func(g Gomega) {
		g.Expect(cached.Get(ctx, client.ObjectKeyFromObject(other), &corev1.Secret{})).To(Succeed())
	}).Should(Succeed())
	var list corev1.SecretList
	g.Expect(cached.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
	var names []string
	for _, s := range list.Items {
		names = append(names, s.Name)
	}
	g.Expect(names).To(Equal([]string{"db"}))
}

// The per-workload indexes answer namespaced lookups and hold each value once: no copy for
// lookups across namespaces (snapshot.NamespacedIndexer), in the layout the cache's List reads.
func TestNamespacedIndexerLayout(t *testing.T) {
	g := NewWithT(t)
	nsA, nsB := newNamespace(t), newNamespace(t)
	a, b := goodDeployment(nsA, "shop"), goodDeployment(nsB, "shop")
	for _, d := range []*appsv1.Deployment{a, b} {
		d.Spec.Template.Spec.Volumes = append(d.Spec.Template.Spec.Volumes, corev1.Volume{Name: "creds",
			VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "layout-creds"}}})
		c := &d.Spec.Template.Spec.Containers[0]
		c.EnvFrom = append(c.EnvFrom, corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "layout-settings"}}})
	}
	create(t, a, b)
	eventually(g, func(g Gomega) {
		for _, ns := range []string{nsA, nsB} {
			var list appsv1.DeploymentList
			g.Expect(cached.List(ctx, &list, client.InNamespace(ns), client.MatchingFields{IndexSecrets: "layout-creds"})).To(Succeed())
			g.Expect(list.Items).To(HaveLen(1))
			g.Expect(list.Items[0].Namespace).To(Equal(ns))
		}
	}).Should(Succeed())

	inf, err := informers.GetInformer(ctx, &appsv1.Deployment{})
	g.Expect(err).NotTo(HaveOccurred())
	indexer := inf.(toolscache.SharedIndexInformer).GetIndexer()
	for _, name := range []string{IndexSecrets, IndexConfigMaps, IndexServiceAccount, IndexPodLabels} {
		values := indexer.ListIndexFuncValues("field:" + name)
		g.Expect(values).NotTo(BeEmpty(), name)
		g.Expect(values).NotTo(ContainElement(HavePrefix("__all_namespaces/")), name)
	}
	g.Expect(indexer.ListIndexFuncValues("field:" + IndexSecrets)).To(ContainElements(nsA+"/layout-creds", nsB+"/layout-creds"))
}

// The cache holds ProductionReadiness statuses without their Pass results (the API server has
// them all), and a change to a Pass result's message alone is still written: the reconciler
// compares a new evaluation with the digest of the whole list.
func TestCompactedStatusesStillWritePassMessages(t *testing.T) {
	g := NewWithT(t)
	ns := newNamespace(t)
	readyApp(t, ns)
	message := func(pr *v1alpha1.ProductionReadiness, id string) string {
		for _, c := range pr.Status.Checks {
			if c.ID == id {
				return string(c.Result) + ": " + c.Message
			}
		}
		return ""
	}
	eventually(g, func(g Gomega) {
		live := getReadiness(g, ns, "shop")
		g.Expect(message(live, "pdb-allows-disruption")).To(HavePrefix("Pass: "))
		g.Expect(message(live, "pdb-allows-disruption")).To(ContainSubstring("maxUnavailable 1"))
		var inCache v1alpha1.ProductionReadiness
		g.Expect(cached.Get(ctx, client.ObjectKeyFromObject(live), &inCache)).To(Succeed())
		g.Expect(inCache.ResourceVersion).To(Equal(live.ResourceVersion))
		g.Expect(inCache.Status.ChecksCompacted()).To(BeTrue())
		g.Expect(inCache.Status.SameChecks(live.Status.Checks)).To(BeTrue())
		for _, c := range inCache.Status.Checks {
			g.Expect(c.Result).NotTo(Equal(v1alpha1.ResultPass), c.ID)
		}
		g.Expect(len(inCache.Status.Checks)).To(BeNumerically("<", len(live.Status.Checks)))
	}).Should(Succeed())

	pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "shop"}}
	update(t, pdb, func() {
		one := intstr.FromInt32(1)
		pdb.Spec.MaxUnavailable, pdb.Spec.MinAvailable = nil, &one
	})
	eventually(g, func(g Gomega) {
		live := getReadiness(g, ns, "shop")
		g.Expect(message(live, "pdb-allows-disruption")).To(HavePrefix("Pass: "))
		g.Expect(message(live, "pdb-allows-disruption")).To(ContainSubstring("minAvailable 1"))
		g.Expect(condition(live, v1alpha1.ConditionReady)).To(Equal("True/ChecksPassed"))
	}).Should(Succeed())
}
