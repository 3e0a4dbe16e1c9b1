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

package admissionpolicy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/testenv"
)

// workloadKind builds a valid object of one workload kind and changes its pod spec.
type workloadKind struct {
	kind, apiVersion string
	build            func(ns, name string) client.Object
	// changeSpec changes something in the spec the API server lets anyone change (the image,
	// or for a Job, whose template is immutable, its parallelism).
	changeSpec func(client.Object)
}

func template(name string) corev1.PodTemplateSpec {
	return testenv.GoodDeployment("", name).Spec.Template
}

func selector(name string) *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": name}}
}

func meta(ns, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"app.kubernetes.io/name": name}}
}

var kinds = []workloadKind{
	{
		kind: "Deployment", apiVersion: "apps/v1",
		build: func(ns, name string) client.Object { return deployment(ns, name) },
		changeSpec: func(o client.Object) {
			o.(*appsv1.Deployment).Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1"
		},
	},
	{
		kind: "StatefulSet", apiVersion: "apps/v1",
		build: func(ns, name string) client.Object {
			return &appsv1.StatefulSet{ObjectMeta: meta(ns, name), Spec: appsv1.StatefulSetSpec{
				Selector: selector(name), Template: template(name), ServiceName: name}}
		},
		changeSpec: func(o client.Object) {
			o.(*appsv1.StatefulSet).Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1"
		},
	},
	{
		kind: "DaemonSet", apiVersion: "apps/v1",
		build: func(ns, name string) client.Object {
			return &appsv1.DaemonSet{ObjectMeta: meta(ns, name), Spec: appsv1.DaemonSetSpec{Selector: selector(name), Template: template(name)}}
		},
		changeSpec: func(o client.Object) {
			o.(*appsv1.DaemonSet).Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1"
		},
	},
	{
		kind: "CronJob", apiVersion: "batch/v1",
		build: func(ns, name string) client.Object {
			t := template(name)
			t.Spec.RestartPolicy = corev1.RestartPolicyNever
			return &batchv1.CronJob{ObjectMeta: meta(ns, name), Spec: batchv1.CronJobSpec{Schedule: "*/5 * * * *",
				JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: t}}}}
		},
		changeSpec: func(o client.Object) {
			o.(*batchv1.CronJob).Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1"
		},
	},
	{
		kind: "Job", apiVersion: "batch/v1",
		build: func(ns, name string) client.Object {
			t := template(name)
			t.Spec.RestartPolicy = corev1.RestartPolicyNever
			return &batchv1.Job{ObjectMeta: meta(ns, name), Spec: batchv1.JobSpec{Template: t}}
		},
		changeSpec: func(o client.Object) { o.(*batchv1.Job).Spec.Parallelism = testenv.Ptr(int32(5)) },
	},
	{
		kind: "Rollout", apiVersion: "argoproj.io/v1alpha1",
		build: rollout,
		changeSpec: func(o client.Object) {
			_ = unstructured.SetNestedField(o.(*unstructured.Unstructured).Object, "evil.example.com/miner:1", "spec", "template", "spec", "image")
		},
	},
}

// rollout is an Argo Rollout (the CRD is a test stub keeping unknown fields).
func rollout(ns, name string) client.Object {
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
		"metadata": map[string]any{"namespace": ns, "name": name, "labels": map[string]any{"app.kubernetes.io/name": name}},
		"spec": map[string]any{
			"replicas": int64(2),
			"selector": map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": name}},
			"template": map[string]any{
				"metadata": map[string]any{"labels": map[string]any{"app.kubernetes.io/name": name}},
				"spec":     map[string]any{"containers": []any{map[string]any{"name": "api", "image": "registry.example.com/shop/api:1.4.2"}}},
			},
		},
	}}
	return u
}

func namespace(t *testing.T) string {
	t.Helper()
	ns, err := testenv.Namespace(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// create creates a workload without the label, as alice.
func create(t *testing.T, k workloadKind, ns, name string) {
	t.Helper()
	if err := alice.Create(ctx, k.build(ns, name)); err != nil {
		t.Fatalf("creating %s %s/%s: %v", k.kind, ns, name, err)
	}
}

// get reads a workload as the admin identity sees it.
func get(t *testing.T, k workloadKind, ns, name string) client.Object {
	t.Helper()
	o := k.build(ns, name)
	if err := alice.Get(ctx, client.ObjectKeyFromObject(o), o); err != nil {
		t.Fatalf("reading %s %s/%s: %v", k.kind, ns, name, err)
	}
	return o
}

func label(t *testing.T, k workloadKind, ns, name string) (string, bool) {
	t.Helper()
	v, ok := get(t, k, ns, name).GetLabels()[v1alpha1.PromotableLabel]
	return v, ok
}

// labelPatch is the operator's own patch (internal/controller patchLabel): a JSON merge patch of
// the label alone; nil removes it.
func labelPatch(value *string) client.Patch {
	var v any
	if value != nil {
		v = *value
	}
	body, _ := json.Marshal(map[string]any{"metadata": map[string]any{"labels": map[string]any{v1alpha1.PromotableLabel: v}}})
	return client.RawPatch(types.MergePatchType, body)
}

// write is one way of setting the label to value on an existing workload.
type write struct {
	name string
	do   func(c client.Client, k workloadKind, ns, name, value string) error
	// status writes go to the /status subresource, where the API server may also drop label
	// changes instead of persisting them.
	status bool
}

var writes = []write{
	{name: "update", do: func(c client.Client, k workloadKind, ns, name, value string) error {
		o := k.build(ns, name)
		if err := c.Get(ctx, client.ObjectKeyFromObject(o), o); err != nil {
			return err
		}
		setLabel(o, value)
		return c.Update(ctx, o)
	}},
	{name: "merge patch", do: func(c client.Client, k workloadKind, ns, name, value string) error {
		return c.Patch(ctx, k.build(ns, name), labelPatch(&value))
	}},
	{name: "json patch", do: func(c client.Client, k workloadKind, ns, name, value string) error {
		body := fmt.Sprintf(`[{"op":"add","path":"/metadata/labels/readiness.prodready.io~1promotable","value":%q}]`, value)
		return c.Patch(ctx, k.build(ns, name), client.RawPatch(types.JSONPatchType, []byte(body)))
	}},
	{name: "server-side apply", do: func(c client.Client, k workloadKind, ns, name, value string) error {
		body := fmt.Sprintf(`{"apiVersion":%q,"kind":%q,"metadata":{"name":%q,"namespace":%q,"labels":{%q:%q}}}`,
			k.apiVersion, k.kind, name, ns, v1alpha1.PromotableLabel, value)
		return c.Patch(ctx, k.build(ns, name), client.RawPatch(types.ApplyPatchType, []byte(body)), client.FieldOwner("tester"), client.ForceOwnership)
	}},
	{name: "status update", status: true, do: func(c client.Client, k workloadKind, ns, name, value string) error {
		o := k.build(ns, name)
		if err := c.Get(ctx, client.ObjectKeyFromObject(o), o); err != nil {
			return err
		}
		setLabel(o, value)
		return c.Status().Update(ctx, o)
	}},
	{name: "status patch", status: true, do: func(c client.Client, k workloadKind, ns, name, value string) error {
		return c.Status().Patch(ctx, k.build(ns, name), labelPatch(&value))
	}},
}

// editLabels changes an object's labels (GetLabels of an unstructured object is a copy).
func editLabels(o client.Object, edit func(map[string]string)) {
	l := o.GetLabels()
	if l == nil {
		l = map[string]string{}
	}
	edit(l)
	o.SetLabels(l)
}

func setLabel(o client.Object, value string) {
	l := o.GetLabels()
	if l == nil {
		l = map[string]string{}
	}
	l[v1alpha1.PromotableLabel] = value
	o.SetLabels(l)
}

const deniedByGuard = "is maintained by the prodready operator from its ProductionReadiness verdict"

// expectRefused asserts a write by someone else than the operator was refused by the label
// policy, or, for a status write, refused or not persisted; the label must keep its old value.
func expectRefused(t *testing.T, err error, w write, k workloadKind, ns, name, before string, hadBefore bool) {
	t.Helper()
	if err != nil && (!isForbidden(err) || !strings.Contains(err.Error(), deniedByGuard)) {
		t.Errorf("%s of %s: want the policy's denial, got %v", w.name, k.kind, err)
	}
	if err == nil && !w.status {
		t.Errorf("%s of %s: the label write was allowed", w.name, k.kind)
	}
	if got, has := label(t, k, ns, name); got != before || has != hadBefore {
		t.Errorf("%s of %s: the label is now %q (present %v), want %q (present %v)", w.name, k.kind, got, has, before, hadBefore)
	}
}

func TestOthersCannotCreateWithTheLabel(t *testing.T) {
	ns := namespace(t)
	for _, k := range kinds {
		for _, v := range []string{"true", "false", ""} {
			o := k.build(ns, "forged")
			setLabel(o, v)
			err := alice.Create(ctx, o)
			if !isForbidden(err) || !strings.Contains(err.Error(), deniedByGuard) || !strings.Contains(err.Error(), "alice may not add or change it") {
				t.Errorf("alice creating a %s labelled %q: want the policy's denial, got %v", k.kind, v, err)
			}
		}
	}
}

func TestOthersCannotAddOrChangeTheLabel(t *testing.T) {
	ns := namespace(t)
	for _, k := range kinds {
		for i, w := range writes {
			t.Run(k.kind+"/"+w.name, func(t *testing.T) {
				name := fmt.Sprintf("w%d", i)
				create(t, k, ns, name)
				// Adding the label.
				expectRefused(t, w.do(alice, k, ns, name, "true"), w, k, ns, name, "", false)
				// Changing the operator's value.
				if err := operator.Patch(ctx, k.build(ns, name), labelPatch(testenv.Ptr("false"))); err != nil {
					t.Fatalf("the operator setting the label: %v", err)
				}
				expectRefused(t, w.do(alice, k, ns, name, "true"), w, k, ns, name, "false", true)
				// Removing it is allowed; putting it back is an addition.
				if err := alice.Patch(ctx, k.build(ns, name), labelPatch(nil)); err != nil {
					t.Fatalf("alice removing the label: %v", err)
				}
				expectRefused(t, w.do(alice, k, ns, name, "false"), w, k, ns, name, "", false)
			})
		}
	}
}

func TestOthersMayChangeEverythingElse(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	for _, k := range kinds {
		create(t, k, ns, "app")
		g.Expect(operator.Patch(ctx, k.build(ns, "app"), labelPatch(testenv.Ptr("true")))).To(Succeed(), k.kind)
		// An ordinary update carrying the label unchanged, as GitOps tools and kubectl send it.
		o := get(t, k, ns, "app")
		k.changeSpec(o)
		o.SetAnnotations(map[string]string{"team": "payments"})
		editLabels(o, func(l map[string]string) { l["tier"] = "web" })
		g.Expect(alice.Update(ctx, o)).To(Succeed(), k.kind)
		g.Expect(alice.Delete(ctx, o)).To(Succeed(), k.kind)
	}
}

func TestOperatorMaySetChangeAndRemoveTheLabel(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	for _, k := range kinds {
		create(t, k, ns, "app")
		for _, v := range []*string{testenv.Ptr("false"), testenv.Ptr("true"), nil, testenv.Ptr("true")} {
			g.Expect(operator.Patch(ctx, k.build(ns, "app"), labelPatch(v))).To(Succeed(), "%s: label %v", k.kind, v)
			got, has := label(t, k, ns, "app")
			g.Expect(has).To(Equal(v != nil), k.kind)
			if v != nil {
				g.Expect(got).To(Equal(*v), k.kind)
			}
		}
	}
}

func TestBreakGlassIdentitiesMaySetTheLabel(t *testing.T) {
	g := NewWithT(t)
	ns := namespace(t)
	for _, k := range kinds {
		o := k.build(ns, "app")
		setLabel(o, "true")
		g.Expect(carol.Create(ctx, o)).To(Succeed(), k.kind)
		g.Expect(carol.Patch(ctx, k.build(ns, "app"), labelPatch(testenv.Ptr("false")))).To(Succeed(), k.kind)
	}
}

const deniedScope = "the prodready operator may only change"

func TestOperatorCannotChangeAnythingButTheLabel(t *testing.T) {
	ns := namespace(t)
	changes := []struct {
		name   string
		change func(k workloadKind, o client.Object)
	}{
		{"spec (image)", func(k workloadKind, o client.Object) { k.changeSpec(o) }},
		{"annotation", func(_ workloadKind, o client.Object) { o.SetAnnotations(map[string]string{"evil": "1"}) }},
		{"another label", func(_ workloadKind, o client.Object) {
			editLabels(o, func(l map[string]string) { l["app.kubernetes.io/name"] = "other" })
		}},
		{"a new label", func(_ workloadKind, o client.Object) { editLabels(o, func(l map[string]string) { l["evil"] = "1" }) }},
		{"removing a label", func(_ workloadKind, o client.Object) {
			editLabels(o, func(l map[string]string) { delete(l, "app.kubernetes.io/name") })
		}},
		{"finalizer", func(_ workloadKind, o client.Object) { o.SetFinalizers([]string{"example.com/hold"}) }},
		{"label and image", func(k workloadKind, o client.Object) { k.changeSpec(o); setLabel(o, "true") }},
	}
	for _, k := range kinds {
		create(t, k, ns, "app")
		before := get(t, k, ns, "app")
		for _, c := range changes {
			o := get(t, k, ns, "app")
			c.change(k, o)
			if err := operator.Update(ctx, o); !isForbidden(err) || !strings.Contains(err.Error(), deniedScope) {
				t.Errorf("the operator changing the %s of a %s: want the scope policy's denial, got %v", c.name, k.kind, err)
			}
		}
		// The status subresource, creating and deleting.
		o := get(t, k, ns, "app")
		if err := operator.Status().Update(ctx, o); !isForbidden(err) || !strings.Contains(err.Error(), deniedScope) {
			t.Errorf("the operator writing the status of a %s: want the scope policy's denial, got %v", k.kind, err)
		}
		if err := operator.Create(ctx, k.build(ns, "new")); !isForbidden(err) || !strings.Contains(err.Error(), deniedScope) {
			t.Errorf("the operator creating a %s: want the scope policy's denial, got %v", k.kind, err)
		}
		if err := operator.Delete(ctx, k.build(ns, "app")); !isForbidden(err) || !strings.Contains(err.Error(), deniedScope) {
			t.Errorf("the operator deleting a %s: want the scope policy's denial, got %v", k.kind, err)
		}
		after := get(t, k, ns, "app")
		if after.GetResourceVersion() != before.GetResourceVersion() {
			t.Errorf("%s changed (resourceVersion %s -> %s) although every write was refused", k.kind, before.GetResourceVersion(), after.GetResourceVersion())
		}
	}
}

// Every workload kind of the engine's registry, and its /status subresource, is matched by
// both policies for every operation they guard: a kind added to the registry without the
// policies would leave its label forgeable.
func TestPoliciesCoverEveryRegisteredKind(t *testing.T) {
	ops := map[string][]admissionregistrationv1.OperationType{
		"promotion-label":         {admissionregistrationv1.Create, admissionregistrationv1.Update},
		"operator-workload-scope": {admissionregistrationv1.Create, admissionregistrationv1.Update, admissionregistrationv1.Delete},
	}
	for name, operations := range ops {
		p := manifests.Policy(name)
		if p == nil {
			t.Fatalf("policy %s is not in %s", name, Dir)
		}
		if p.Spec.FailurePolicy == nil || *p.Spec.FailurePolicy != admissionregistrationv1.Fail {
			t.Errorf("policy %s: failurePolicy %v, want Fail", name, p.Spec.FailurePolicy)
		}
		for _, op := range operations {
			matched := Resources(p, op)
			for _, k := range checks.Kinds() {
				for _, res := range []string{k.Resource, k.Resource + "/status"} {
					if !matched[k.Group][res] {
						t.Errorf("policy %s does not match %s %s.%s (kind %s of the registry)", name, op, res, k.Group, k.Kind)
					}
				}
			}
		}
	}
}
