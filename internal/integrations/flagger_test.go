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

package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/prodready/prodready/api/v1alpha1"
)

// The Flagger gate against real objects: ProductionReadiness objects with statuses written
// through the status subresource, read through the manager's cache and the controller's
// IndexTargetRef index, served by AddFlaggerGate on a real port.

const (
	failMessage = `2 of 14 required checks fail: probe-readiness, secrets-refs-exist. probe-readiness: container "api" has no readinessProbe`
)

func TestFlaggerGate(t *testing.T) {
	ns := newNamespace(t)
	other := newNamespace(t)

	// web: Ready.
	createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	// api: ChecksFailed, with Fail, Error (Required), Warn and Pass results.
	createWithStatus(t, readiness(ns, "api", "Deployment", "api"), failedStatus)
	// cart: two objects target it, one Ready and one failing: the gate is their AND.
	createWithStatus(t, readiness(ns, "cart", "Deployment", "cart"), readyStatus)
	createWithStatus(t, readiness(ns, "cart-strict", "Deployment", "cart"), failedStatus)
	// fresh: never evaluated (the schema's default status).
	fresh := readiness(ns, "fresh", "Deployment", "fresh")
	ensureWorkload(t, ns, "Deployment", "fresh")
	create(t, fresh)
	waitCached(t, fresh)
	// stale: Ready for generation 1, then its spec changed.
	stale := createWithStatus(t, readiness(ns, "stale", "Deployment", "stale"), readyStatus)
	stale.Spec.Profile = "strict"
	if err := k8s.Update(context.Background(), stale); err != nil {
		t.Fatal(err)
	}
	waitCached(t, stale)
	// lax: every Required check exempted: NoRequiredChecks.
	createWithStatus(t, readiness(ns, "lax", "Deployment", "lax"), noRequiredStatus)
	// db: a StatefulSet, Ready.
	createWithStatus(t, readiness(ns, "db", "StatefulSet", "db"), readyStatus)
	// gone: Ready, but its workload was deleted.
	gone := createWithStatus(t, readiness(ns, "gone", "Deployment", "gone"), readyStatus)
	deleteWorkload(t, ns, "Deployment", gone.Spec.TargetRef.Name)
	// In another namespace, a Ready object targeting a workload named like a failing one here.
	createWithStatus(t, readiness(other, "api", "Deployment", "api"), readyStatus)
	createWithStatus(t, readiness(other, "ghost", "Deployment", "ghost"), readyStatus)

	cases := []struct {
		name     string
		payload  string
		code     int
		promote  bool
		contains []string
	}{
		{"ready", payload("web", ns, nil), http.StatusOK, true, []string{"Deployment " + ns + "/web is production-ready"}},
		{"checks failed", payload("api", ns, nil), http.StatusForbidden, false, []string{failMessage}},
		{"nothing enforced", payload("lax", ns, nil), http.StatusForbidden, false, []string{noRequiredMessage}},
		{"one of two failing", payload("cart", ns, nil), http.StatusForbidden, false, []string{"cart-strict: " + failMessage}},
		{"never evaluated", payload("fresh", ns, nil), http.StatusForbidden, false, []string{"waiting for the operator to evaluate generation 1"}},
		{"stale verdict", payload("stale", ns, nil), http.StatusForbidden, false, []string{"waiting for the operator to evaluate generation 2"}},
		{"no ProductionReadiness", payload("ghost", ns, nil), http.StatusNotFound, false, []string{"no ProductionReadiness targets Deployment " + ns + "/ghost"}},
		{"other namespace", payload("api", other, nil), http.StatusOK, true, nil},
		{"target kind from metadata", payload("db", ns, map[string]string{MetadataTargetKind: "StatefulSet"}), http.StatusOK, true, nil},
		{"kind defaults to Deployment", payload("db", ns, nil), http.StatusNotFound, false, []string{"Deployment " + ns + "/db"}},
		{"target name from metadata", payload("web-canary", ns, map[string]string{MetadataTargetName: "web"}), http.StatusOK, true, []string{ns + "/web"}},
		{"malformed JSON", `{"name": "web",`, http.StatusBadRequest, false, []string{"malformed Flagger webhook payload"}},
		{"no namespace", `{"name": "web", "phase": "Promoting"}`, http.StatusBadRequest, false, []string{"payload field namespace"}},
		{"bad name", payload("Web_1", ns, nil), http.StatusBadRequest, false, []string{"payload field name: not a valid object name"}},
		{"bad target name", payload("web", ns, map[string]string{MetadataTargetName: "Web_1"}), http.StatusBadRequest, false, []string{"payload field metadata.targetName: not a valid object name"}},
		{"bad kind", payload("web", ns, map[string]string{MetadataTargetKind: "ReplicaSet"}), http.StatusBadRequest, false, []string{"payload field metadata.targetKind: must be one of CronJob, DaemonSet, Deployment, Job, Rollout, StatefulSet"}},
		{"workload missing", payload("gone", ns, nil), http.StatusForbidden, false, []string{"Deployment " + ns + "/gone does not exist"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, resp := post(t, gateURL, tc.payload)
			if code != tc.code || resp.Promote != tc.promote {
				t.Fatalf("code %d promote %v, want %d %v; body %+v", code, resp.Promote, tc.code, tc.promote, resp)
			}
			// Error answers are fixed strings: nothing of the request is echoed back.
			if code == http.StatusBadRequest && strings.Contains(resp.Message, "Web_1") {
				t.Errorf("message %q echoes the payload", resp.Message)
			}
			for _, s := range tc.contains {
				if !strings.Contains(resp.Message, s) {
					t.Errorf("message %q does not contain %q", resp.Message, s)
				}
			}
		})
	}

	// The 403 body lists the failing Required checks (Fail and Error) with their messages, and
	// the Ready message; passing and advisory results are left out.
	_, resp := post(t, gateURL, payload("api", ns, nil))
	want := []ReadinessVerdict{{
		Name: "api", Reason: v1alpha1.ReasonChecksFailed, Message: failMessage,
		FailingChecks: []FailingCheck{
			{ID: "probe-readiness", Result: v1alpha1.ResultFail, Message: `container "api" has no readinessProbe`},
			{ID: "secrets-refs-exist", Result: v1alpha1.ResultError, Message: `cannot read Secret "db"`},
		},
	}}
	if !equalJSON(resp.Readiness, want) {
		t.Errorf("readiness of api:\n got %s\nwant %s", toJSON(resp.Readiness), toJSON(want))
	}
	if resp.Target != "Deployment "+ns+"/api" {
		t.Errorf("target %q", resp.Target)
	}
}

// Only POST is accepted; answers are JSON.
func TestFlaggerGateMethod(t *testing.T) {
	res, err := http.Get(gateURL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET: %d Allow=%q, want 405 Allow=POST", res.StatusCode, res.Header.Get("Allow"))
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}

// A verdict change is seen by the next call: Flagger asks again at every analysis interval.
func TestFlaggerGateFollowsVerdict(t *testing.T) {
	ns := newNamespace(t)
	pr := createWithStatus(t, readiness(ns, "web", "Deployment", "web"), failedStatus)
	if code, _ := post(t, gateURL, payload("web", ns, nil)); code != http.StatusForbidden {
		t.Fatalf("failing: code %d, want 403", code)
	}
	setStatus(t, pr, readyStatus)
	if code, resp := post(t, gateURL, payload("web", ns, nil)); code != http.StatusOK {
		t.Fatalf("ready: code %d, want 200 (%+v)", code, resp)
	}
}

// With a reader that has no IndexTargetRef index (here a live client), the gate lists the
// namespace and filters by spec.targetRef, with the same answers.
func TestFlaggerGateWithoutIndex(t *testing.T) {
	ns := newNamespace(t)
	createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	createWithStatus(t, readiness(ns, "api", "Deployment", "api"), failedStatus)
	createWithStatus(t, readiness(ns, "db", "StatefulSet", "api"), readyStatus)
	srv := httptest.NewServer(NewFlaggerGate(k8s))
	defer srv.Close()
	for name, want := range map[string]int{"web": http.StatusOK, "api": http.StatusForbidden, "ghost": http.StatusNotFound} {
		code, resp := post(t, srv.URL, payload(name, ns, nil))
		if code != want {
			t.Errorf("%s: code %d, want %d (%+v)", name, code, want, resp)
		}
		if name == "api" && len(resp.Readiness) != 1 {
			t.Errorf("api: %d objects, want 1 (the StatefulSet's does not count): %+v", len(resp.Readiness), resp.Readiness)
		}
	}
}

// AddFlaggerGate adds nothing when the address is "0" or empty, and one Runnable otherwise.
func TestAddFlaggerGate(t *testing.T) {
	for addr, want := range map[string]int{"0": 0, "": 0, "127.0.0.1:0": 1} {
		mgr := newTestManager(t)
		if err := AddFlaggerGate(mgr, GateServerOptions{Addr: addr}); err != nil {
			t.Fatalf("AddFlaggerGate(%q): %v", addr, err)
		}
		if len(mgr.added) != want {
			t.Errorf("AddFlaggerGate(%q) added %d runnables, want %d", addr, len(mgr.added), want)
		}
		for _, r := range mgr.added {
			if le, ok := r.(interface{ NeedLeaderElection() bool }); !ok || le.NeedLeaderElection() {
				t.Errorf("the gate must run on every replica (NeedLeaderElection false)")
			}
		}
	}
}

// The gate's runnable serves until its context ends and then shuts down.
func TestGateServerStops(t *testing.T) {
	addr, err := freeAddress()
	if err != nil {
		t.Fatal(err)
	}
	mgr := newTestManager(t)
	if err := AddFlaggerGate(mgr, GateServerOptions{Addr: addr}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- mgr.added[0].Start(ctx) }()
	if err := waitListening(addr); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Start returned %v after the context ended", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the gate did not stop")
	}
	if res, err := http.Post("http://"+addr+FlaggerGatePath, "application/json", strings.NewReader("{}")); err == nil {
		_ = res.Body.Close()
		t.Error("the gate still answers after stopping")
	}
}

func readiness(ns, name, kind, target string) *v1alpha1.ProductionReadiness {
	return &v1alpha1.ProductionReadiness{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       v1alpha1.ProductionReadinessSpec{TargetRef: v1alpha1.TargetRef{Kind: kind, Name: target}},
	}
}

func create(t *testing.T, objs ...client.Object) {
	t.Helper()
	for _, o := range objs {
		if err := k8s.Create(context.Background(), o); err != nil {
			t.Fatalf("creating %T %s: %v", o, o.GetName(), err)
		}
	}
}

// createWithStatus creates a ProductionReadiness, writes its status through the status
// subresource and waits until the manager's cache has it.
func createWithStatus(t *testing.T, pr *v1alpha1.ProductionReadiness, status func(*v1alpha1.ProductionReadiness)) *v1alpha1.ProductionReadiness {
	t.Helper()
	ensureWorkload(t, pr.Namespace, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name)
	create(t, pr)
	setStatus(t, pr, status)
	return pr
}

// setStatus writes a status as the operator would (for the target's current generation, when
// the status function leaves status.target unset and the target exists) and waits for the
// cache to see it.
func setStatus(t *testing.T, pr *v1alpha1.ProductionReadiness, status func(*v1alpha1.ProductionReadiness)) {
	t.Helper()
	status(pr)
	if pr.Status.Target == nil {
		if w := getWorkload(t, pr.Namespace, pr.Spec.TargetRef.Kind, pr.Spec.TargetRef.Name); w != nil {
			pr.Status.Target = &v1alpha1.TargetStatus{Kind: pr.Spec.TargetRef.Kind, Name: w.GetName(), Generation: w.GetGeneration()}
		}
	}
	if err := k8s.Status().Update(context.Background(), pr); err != nil {
		t.Fatalf("writing the status of %s: %v", pr.Name, err)
	}
	waitCached(t, pr)
}

var transition = metav1.NewTime(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))

func readyStatus(pr *v1alpha1.ProductionReadiness) {
	pr.Status = v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: pr.Generation,
		Promotable:         true,
		Summary:            &v1alpha1.Summary{Required: 2, Passed: 2, Score: 100, Ratio: "2/2"},
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Category: "health", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass},
			{ID: "image-digest-pinned", Category: "images", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultWarn, Message: `container "api" image is not pinned by digest`},
		},
		Conditions: []metav1.Condition{{
			Type: v1alpha1.ConditionReady, Status: metav1.ConditionTrue, Reason: v1alpha1.ReasonChecksPassed,
			Message: "all 2 required checks pass", ObservedGeneration: pr.Generation, LastTransitionTime: transition,
		}},
	}
}

const noRequiredMessage = "no Required check applies (10 Required, all skipped or exempted): nothing is enforced; enable or un-exempt at least one Required check"

// noRequiredStatus is the operator's status for an object whose Required checks are all
// exempted.
func noRequiredStatus(pr *v1alpha1.ProductionReadiness) {
	cond := func(typ string, st metav1.ConditionStatus) metav1.Condition {
		return metav1.Condition{Type: typ, Status: st, Reason: v1alpha1.ReasonNoRequiredChecks,
			Message: noRequiredMessage, ObservedGeneration: pr.Generation, LastTransitionTime: transition}
	}
	pr.Status = v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: pr.Generation,
		Summary:            &v1alpha1.Summary{Required: 10, Skipped: 10, Score: 100, Ratio: "0/0"},
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Category: "health", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultSkip, Message: "exempted: we know better"},
		},
		Conditions: []metav1.Condition{cond(v1alpha1.ConditionReady, metav1.ConditionFalse), cond(v1alpha1.ConditionStalled, metav1.ConditionTrue)},
	}
}

func failedStatus(pr *v1alpha1.ProductionReadiness) {
	cond := func(typ string) metav1.Condition {
		return metav1.Condition{Type: typ, Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonChecksFailed,
			Message: failMessage, ObservedGeneration: pr.Generation, LastTransitionTime: transition}
	}
	stalled := cond(v1alpha1.ConditionStalled)
	stalled.Status = metav1.ConditionTrue
	pr.Status = v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: pr.Generation,
		Summary:            &v1alpha1.Summary{Required: 14, Passed: 12, Failed: 1, Warnings: 1, Errors: 1, Score: 85, Ratio: "12/14"},
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Category: "health", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultFail, Message: `container "api" has no readinessProbe`},
			{ID: "resources-requests", Category: "resources", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass},
			{ID: "image-digest-pinned", Category: "images", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultWarn, Message: `container "api" image is not pinned by digest`},
			{ID: "network-policy", Category: "network", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultError, Message: "cannot list NetworkPolicies"},
			{ID: "secrets-refs-exist", Category: "secrets", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultError, Message: `cannot read Secret "db"`},
			{ID: "replicas-minimum", Category: "availability", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultSkip, Message: "exempted: scaled by KEDA"},
		},
		Conditions: []metav1.Condition{cond(v1alpha1.ConditionReady), stalled},
	}
}

// payload is a Flagger webhook payload as Flagger sends it for confirm-promotion.
func payload(name, ns string, metadata map[string]string) string {
	md := map[string]string{"timestamp": "1772442000000", "phase": "Promoting", "canaryWeight": "50", "iterations": "0"}
	for k, v := range metadata {
		md[k] = v
	}
	b, _ := json.Marshal(map[string]any{
		"name": name, "namespace": ns, "phase": "Promoting", "checksum": "6d8c7b9f", "buildId": "",
		"type": "confirm-promotion", "failedChecks": 0, "canaryWeight": 50, "iterations": 0, "remainingTime": 0,
		"metadata": md,
	})
	return string(b)
}

func post(t *testing.T, url, body string) (int, GateResponse) {
	t.Helper()
	res, err := http.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var resp GateResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatalf("the answer is not JSON: %v: %s", err, raw)
	}
	return res.StatusCode, resp
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func equalJSON(a, b any) bool { return toJSON(a) == toJSON(b) }

// newTestManager is a manager that records what is added to it and is never started.
func newTestManager(t *testing.T) *recordingManager {
	t.Helper()
	g := NewWithT(t)
	m, err := newManager(skipNameValidation)
	g.Expect(err).NotTo(HaveOccurred())
	return &recordingManager{Manager: m}
}

// skipNameValidation lets a test manager register a controller name the suite's manager uses.
func skipNameValidation(o *ctrl.Options) { o.Controller.SkipNameValidation = ptr.To(true) }

// With the manager's cached client, the gate makes one List through the IndexTargetRef index.
func TestFlaggerGateUsesIndex(t *testing.T) {
	ns := newNamespace(t)
	createWithStatus(t, readiness(ns, "web", "Deployment", "web"), readyStatus)
	rec := &listRecorder{Reader: cached}
	srv := httptest.NewServer(NewFlaggerGate(rec))
	defer srv.Close()
	if code, resp := post(t, srv.URL, payload("web", ns, nil)); code != http.StatusOK {
		t.Fatalf("code %d (%+v)", code, resp)
	}
	want := []string{"spec.targetRef=Deployment/web"}
	if got := rec.selectors(); !equalJSON(got, want) {
		t.Errorf("lists: %q, want %q", got, want)
	}
}

// listRecorder records the field selectors of a reader's Lists.
type listRecorder struct {
	client.Reader
	mu   sync.Mutex
	seen []string
}

func (r *listRecorder) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	o := &client.ListOptions{}
	o.ApplyOptions(opts)
	sel := ""
	if o.FieldSelector != nil {
		sel = o.FieldSelector.String()
	}
	r.mu.Lock()
	r.seen = append(r.seen, sel)
	r.mu.Unlock()
	return r.Reader.List(ctx, list, opts...)
}

func (r *listRecorder) selectors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

// The gate gives the same answer from a cached status whose Pass results were compacted away
// (controller.CompactReadinessStatuses): it reads only the results that fail.
func TestFlaggerVerdictOfCompactedStatus(t *testing.T) {
	pr := &v1alpha1.ProductionReadiness{ObjectMeta: metav1.ObjectMeta{Name: "web", Generation: 1}, Status: v1alpha1.ProductionReadinessStatus{
		ObservedGeneration: 1,
		Target:             &v1alpha1.TargetStatus{Kind: "Deployment", Name: "web", Generation: 4},
		Checks: []v1alpha1.CheckResult{
			{ID: "probe-readiness", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultFail, Message: "no readinessProbe"},
			{ID: "pdb-present", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultPass, Message: "ok"},
			{ID: "custom-owner", Enforcement: v1alpha1.EnforcementRequired, Result: v1alpha1.ResultError, Message: "expression failed"},
			{ID: "spread-zones", Enforcement: v1alpha1.EnforcementAdvisory, Result: v1alpha1.ResultWarn, Message: "no spread"},
		},
		Conditions: []metav1.Condition{{Type: v1alpha1.ConditionReady, Status: metav1.ConditionFalse, Reason: v1alpha1.ReasonChecksFailed, Message: "2 fail", ObservedGeneration: 1}},
	}}
	compacted := pr.DeepCopy()
	compacted.Status.CompactChecks()
	whole, fromCache := verdictOf(pr, 4), verdictOf(compacted, 4)
	if got, want := mustJSON(t, fromCache), mustJSON(t, whole); got != want || len(whole.FailingChecks) != 2 {
		t.Errorf("compacted: %s\nwhole:     %s", got, want)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
