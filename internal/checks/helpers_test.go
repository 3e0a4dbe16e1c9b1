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
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prodready/prodready/api/v1alpha1"
)

// Builders for table tests. Each returns a fresh object so cases never share state.

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// ctr is a container with a name and image; mods adjust it.
func ctr(name string, mods ...func(*corev1.Container)) corev1.Container {
	c := corev1.Container{Name: name, Image: "registry.example.com/" + name + ":1.0.0"}
	for _, m := range mods {
		m(&c)
	}
	return c
}

// deploy is a snapshot of a Deployment "web" in namespace "shop" with the containers given.
func deploy(containers ...corev1.Container) *Snapshot {
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Generation: 1, Labels: map[string]string{"app": "web"}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec:       corev1.PodSpec{Containers: containers},
			},
		},
	}
	return &Snapshot{Now: testNow, Workload: workload(KindDeployment, d)}
}

// statefulSet and daemonSet convert a deploy() snapshot's pod template to another kind.
func statefulSet(s *Snapshot) *Snapshot {
	d := dep(s)
	s.Workload = workload(KindStatefulSet, &appsv1.StatefulSet{
		ObjectMeta: d.ObjectMeta,
		Spec:       appsv1.StatefulSetSpec{Replicas: d.Spec.Replicas, Selector: d.Spec.Selector, Template: d.Spec.Template, ServiceName: "web"},
	})
	return s
}

func daemonSet(s *Snapshot) *Snapshot {
	d := dep(s)
	s.Workload = workload(KindDaemonSet, &appsv1.DaemonSet{
		ObjectMeta: d.ObjectMeta,
		Spec:       appsv1.DaemonSetSpec{Selector: d.Spec.Selector, Template: d.Spec.Template},
	})
	return s
}

func ptr[T any](v T) *T { return &v }

// withInit adds init containers to the pod template (native sidecars when built with asSidecar).
func withInit(s *Snapshot, init ...corev1.Container) *Snapshot {
	s.Workload.PodSpec().InitContainers = append(s.Workload.PodSpec().InitContainers, init...)
	return s
}

// asSidecar turns a container into a native sidecar (init container with restartPolicy Always)
// when passed to withInit.
func asSidecar(c *corev1.Container) { c.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways) }

// evalCheck runs one check through the engine as Required with the given params, so the result
// is what a user sees in status (exemptions and message bounds included).
func evalCheck(t *testing.T, c *Check, s *Snapshot, params map[string]string, exemptions ...v1alpha1.Exemption) v1alpha1.CheckResult {
	t.Helper()
	p, errs := ParseParams(&c.Meta, Params{}, params)
	if len(errs) > 0 {
		t.Fatalf("params %v: %v", params, errs)
	}
	pol := &Policy{Entries: []Entry{{Check: c, Enforcement: v1alpha1.EnforcementRequired, Params: p}}, Exemptions: exemptions}
	r := Evaluate(s, pol)
	if len(r.Results) != 1 {
		t.Fatalf("want 1 result, got %d", len(r.Results))
	}
	return r.Results[0]
}

// wantPassExempted asserts that a result passes only because a container exemption dropped that
// container's findings: the message must say the container was exempted, so the test fails if
// the container was never flagged in the first place.
func wantPassExempted(t *testing.T, got v1alpha1.CheckResult, container string) {
	t.Helper()
	if got.Result != v1alpha1.ResultPass || !strings.Contains(got.Message, fmt.Sprintf("container %q exempted: ", container)) {
		t.Fatalf("result = %s (%s), want Pass with container %q exempted", got.Result, got.Message, container)
	}
}

// checkCase is a row of a check's table test.
type checkCase struct {
	name   string
	snap   *Snapshot
	params map[string]string
	want   v1alpha1.Result
	// msg lists substrings the message must contain.
	msg []string
	// notMsg lists substrings the message must not contain.
	notMsg []string
}

// runCases runs a check's table.
func runCases(t *testing.T, c *Check, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := evalCheck(t, c, tc.snap, tc.params)
			if got.Result != tc.want {
				t.Fatalf("result = %s, want %s (message: %s)", got.Result, tc.want, got.Message)
			}
			if got.Message == "" {
				t.Errorf("empty message")
			}
			for _, m := range tc.msg {
				if !strings.Contains(got.Message, m) {
					t.Errorf("message %q does not contain %q", got.Message, m)
				}
			}
			for _, m := range tc.notMsg {
				if strings.Contains(got.Message, m) {
					t.Errorf("message %q contains %q", got.Message, m)
				}
			}
		})
	}
}

// workload wraps a typed object of a registered kind, with a status.
func workload(kind string, o Object) Workload {
	k, ok := LookupKind(kind)
	if !ok {
		panic("unregistered kind " + kind)
	}
	return Workload{WorkloadKind: k, Object: o, HasStatus: true}
}

// dep, sts and ds are the typed objects of deploy(), statefulSet() and daemonSet() snapshots, for
// tests that adjust them.
func dep(s *Snapshot) *appsv1.Deployment { return s.Workload.Object.(*appsv1.Deployment) }

func sts(s *Snapshot) *appsv1.StatefulSet { return s.Workload.Object.(*appsv1.StatefulSet) }

func ds(s *Snapshot) *appsv1.DaemonSet { return s.Workload.Object.(*appsv1.DaemonSet) }

// cronJob, job and rollout convert a deploy() snapshot's pod template to another kind.
func cronJob(s *Snapshot) *Snapshot {
	d := dep(s)
	cj := &batchv1.CronJob{ObjectMeta: d.ObjectMeta, Spec: batchv1.CronJobSpec{Schedule: "*/15 * * * *"}}
	cj.Spec.JobTemplate.Spec.Template = d.Spec.Template
	s.Workload = workload(KindCronJob, cj)
	return s
}

func job(s *Snapshot) *Snapshot {
	d := dep(s)
	s.Workload = workload(KindJob, &batchv1.Job{ObjectMeta: d.ObjectMeta, Spec: batchv1.JobSpec{Template: d.Spec.Template}})
	return s
}

func rollout(s *Snapshot) *Snapshot {
	d := dep(s)
	s.Workload = workload(KindRollout, &Rollout{ObjectMeta: d.ObjectMeta, Spec: RolloutSpec{
		Replicas: d.Spec.Replicas, Selector: d.Spec.Selector, Template: d.Spec.Template,
		Strategy: RolloutStrategy{Canary: &RolloutCanary{Steps: []RolloutCanaryStep{{SetWeight: ptr(int32(20))}, {Pause: &RolloutPause{}}}}},
	}})
	return s
}

func cj(s *Snapshot) *batchv1.CronJob { return s.Workload.Object.(*batchv1.CronJob) }

func ro(s *Snapshot) *Rollout { return s.Workload.Object.(*Rollout) }

func jb(s *Snapshot) *batchv1.Job { return s.Workload.Object.(*batchv1.Job) }
