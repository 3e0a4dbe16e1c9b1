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
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
	"github.com/prodready/prodready/internal/controller"
)

// FlaggerGatePath is the path the manager serves the Flagger gate on.
const FlaggerGatePath = "/promotion/flagger"

// Webhook metadata keys a Canary may set to name its target when it differs from the Canary's
// name (Flagger sends the Canary's name, not its target's).
const (
	// MetadataTargetKind is the target's kind: Deployment (default) or another registered kind.
	MetadataTargetKind = "targetKind"
	// MetadataTargetName is the target's name (default: the Canary's name).
	MetadataTargetName = "targetName"
)

// maxPayloadBytes bounds a webhook request body; Flagger's payloads are well under 64 KiB.
const maxPayloadBytes = 1 << 20

// flaggerPayload is the part of Flagger's CanaryWebhookPayload the gate reads. Flagger also sends
// checksum, buildId, type, failedChecks, canaryWeight, iterations and remainingTime; they are
// ignored.
type flaggerPayload struct {
	// Name of the Canary.
	Name string `json:"name"`
	// Namespace of the Canary (and of its target).
	Namespace string `json:"namespace"`
	// Phase of the canary analysis.
	Phase string `json:"phase"`
	// Metadata: the webhook's metadata merged with Flagger's own keys.
	Metadata map[string]string `json:"metadata,omitempty"`
}

// GateResponse is the JSON body of every gate answer.
type GateResponse struct {
	// Promote is true when every ProductionReadiness targeting the workload is Ready.
	Promote bool `json:"promote"`
	// Target is the workload, as "Kind namespace/name".
	Target string `json:"target,omitempty"`
	// Message explains the answer.
	Message string `json:"message"`
	// Readiness lists the ProductionReadiness objects targeting the workload.
	Readiness []ReadinessVerdict `json:"readiness,omitempty"`
}

// ReadinessVerdict is one ProductionReadiness as the gate read it.
type ReadinessVerdict struct {
	// Name of the ProductionReadiness.
	Name string `json:"name"`
	// Ready is true when Ready=True at the object's current generation.
	Ready bool `json:"ready"`
	// Reason of the Ready condition ("" before the first evaluation).
	Reason string `json:"reason,omitempty"`
	// Message of the Ready condition.
	Message string `json:"message"`
	// FailingChecks are the Required checks that fail (or could not be evaluated).
	FailingChecks []FailingCheck `json:"failingChecks,omitempty"`
}

// FailingCheck is a Required check that blocks promotion.
type FailingCheck struct {
	// ID of the check.
	ID string `json:"id"`
	// Result: Fail, or Error when the check could not be evaluated.
	Result v1alpha1.Result `json:"result"`
	// Message says what was found and what to change.
	Message string `json:"message"`
}

// flaggerGate answers Flagger's confirm-promotion (or confirm-rollout) webhooks from the
// ProductionReadiness objects targeting the Canary's workload.
type flaggerGate struct {
	reader client.Reader
	log    logr.Logger
}

// NewFlaggerGate returns the handler of Flagger's confirm-promotion webhook. It answers
//
//	200 when every ProductionReadiness targeting the workload is Ready at its current generation,
//	403 when one is not (the body lists its failing checks and Ready message),
//	404 when none targets the workload, 400 on a malformed payload, 405 on a non-POST request,
//	500 when the objects cannot be read.
//
// Flagger promotes only on a 2xx answer and asks again at the next analysis interval otherwise.
// The reader is normally the manager's cached client, with the controller's IndexTargetRef
// index; without that index the gate lists the namespace and filters by spec.targetRef.
func NewFlaggerGate(reader client.Reader) http.Handler {
	return &flaggerGate{reader: reader, log: ctrl.Log.WithName("promotion-gate").WithValues("tool", "flagger")}
}

func (g *flaggerGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, GateResponse{Message: "use POST with Flagger's webhook payload"})
		return
	}
	kind, namespace, name, err := decodeFlaggerPayload(http.MaxBytesReader(w, r.Body, maxPayloadBytes))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, GateResponse{Message: err.Error()})
		return
	}
	target := fmt.Sprintf("%s %s/%s", kind, namespace, name)
	log := g.log.WithValues("target", target)
	items, err := g.targeting(r.Context(), namespace, kind, name)
	if err != nil {
		log.Error(err, "reading ProductionReadiness objects")
		writeJSON(w, http.StatusInternalServerError, GateResponse{Target: target, Message: "cannot read ProductionReadiness objects: " + err.Error()})
		return
	}
	code, resp := decide(target, items)
	log.Info("promotion gate", "promote", resp.Promote, "code", code, "message", resp.Message)
	writeJSON(w, code, resp)
}

// decodeFlaggerPayload reads and validates a webhook payload, returning the target workload.
func decodeFlaggerPayload(body io.Reader) (kind, namespace, name string, err error) {
	var p flaggerPayload
	dec := json.NewDecoder(body)
	if err := dec.Decode(&p); err != nil {
		return "", "", "", fmt.Errorf("malformed Flagger webhook payload: %w", err)
	}
	if errs := validation.IsDNS1123Label(p.Namespace); len(errs) > 0 {
		return "", "", "", fmt.Errorf("payload field namespace %q: %s", p.Namespace, strings.Join(errs, "; "))
	}
	kind, name = "Deployment", p.Name
	if k := p.Metadata[MetadataTargetKind]; k != "" {
		kind = k
	}
	if n := p.Metadata[MetadataTargetName]; n != "" {
		name = n
	}
	if _, ok := checks.LookupKind(kind); !ok {
		return "", "", "", fmt.Errorf("payload field metadata.%s %q: must be one of %s", MetadataTargetKind, kind, strings.Join(checks.KindNames(), ", "))
	}
	field := "name"
	if p.Metadata[MetadataTargetName] != "" {
		field = "metadata." + MetadataTargetName
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return "", "", "", fmt.Errorf("payload field %s %q: %s", field, name, strings.Join(errs, "; "))
	}
	return kind, p.Namespace, name, nil
}

// targeting returns the ProductionReadiness objects of a namespace targeting kind/name, through
// the controller's index when the reader has it.
func (g *flaggerGate) targeting(ctx context.Context, namespace, kind, name string) ([]v1alpha1.ProductionReadiness, error) {
	var list v1alpha1.ProductionReadinessList
	err := g.reader.List(ctx, &list, client.InNamespace(namespace), client.MatchingFields{controller.IndexTargetRef: kind + "/" + name})
	if err == nil {
		return list.Items, nil
	}
	if ctx.Err() != nil {
		return nil, err
	}
	// No index (a reader without the controller's indexes, or a live client): filter a
	// namespace list instead.
	g.log.V(1).Info("index lookup failed; listing the namespace", "index", controller.IndexTargetRef, "error", err.Error())
	list = v1alpha1.ProductionReadinessList{}
	if err := g.reader.List(ctx, &list, client.InNamespace(namespace)); err != nil {
		return nil, fmt.Errorf("listing ProductionReadiness in namespace %q: %w", namespace, err)
	}
	var out []v1alpha1.ProductionReadiness
	for _, pr := range list.Items {
		if pr.Spec.TargetRef.Kind == kind && pr.Spec.TargetRef.Name == name {
			out = append(out, pr)
		}
	}
	return out, nil
}

// decide turns the objects targeting a workload into the gate's answer.
func decide(target string, items []v1alpha1.ProductionReadiness) (int, GateResponse) {
	if len(items) == 0 {
		return http.StatusNotFound, GateResponse{Target: target, Message: "no ProductionReadiness targets " + target}
	}
	resp := GateResponse{Target: target, Promote: true}
	var notReady []string
	for i := range items {
		v := verdictOf(&items[i])
		if !v.Ready {
			resp.Promote = false
			notReady = append(notReady, fmt.Sprintf("%s: %s", v.Name, v.Message))
		}
		resp.Readiness = append(resp.Readiness, v)
	}
	if resp.Promote {
		resp.Message = fmt.Sprintf("%s is production-ready (%d of %d ProductionReadiness Ready)", target, len(items), len(items))
		return http.StatusOK, resp
	}
	resp.Message = fmt.Sprintf("%s is not production-ready: %s", target, strings.Join(notReady, "; "))
	return http.StatusForbidden, resp
}

// verdictOf reads one ProductionReadiness: Ready only when Ready=True for its current generation.
func verdictOf(pr *v1alpha1.ProductionReadiness) ReadinessVerdict {
	v := ReadinessVerdict{Name: pr.Name}
	ready := meta.FindStatusCondition(pr.Status.Conditions, v1alpha1.ConditionReady)
	if pr.Status.ObservedGeneration != pr.Generation || ready == nil || ready.ObservedGeneration != pr.Generation {
		v.Message = fmt.Sprintf("waiting for the operator to evaluate generation %d", pr.Generation)
		return v
	}
	v.Reason, v.Message = ready.Reason, ready.Message
	v.Ready = ready.Status == metav1.ConditionTrue
	if v.Ready {
		return v
	}
	for _, c := range pr.Status.Checks {
		if c.Result == v1alpha1.ResultFail || (c.Result == v1alpha1.ResultError && c.Enforcement == v1alpha1.EnforcementRequired) {
			v.FailingChecks = append(v.FailingChecks, FailingCheck{ID: c.ID, Result: c.Result, Message: c.Message})
		}
	}
	return v
}

func writeJSON(w http.ResponseWriter, code int, body GateResponse) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// AddFlaggerGate serves the Flagger gate at FlaggerGatePath on addr, as a manager Runnable that
// runs on every replica (no leader election needed: it only reads the cache) once the caches
// have synced. An empty addr or "0" leaves it off. The manager's client must have the
// controller's indexes (controller.SetupIndexes).
func AddFlaggerGate(mgr manager.Manager, addr string) error {
	if addr == "" || addr == "0" {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle(FlaggerGatePath, NewFlaggerGate(mgr.GetClient()))
	srv := &gateServer{
		addr: addr,
		server: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    64 << 10,
		},
		log: mgr.GetLogger().WithName("promotion-gate"),
	}
	if err := mgr.Add(srv); err != nil {
		return fmt.Errorf("adding the Flagger promotion gate on %s: %w", addr, err)
	}
	return nil
}

// gateServer runs an http.Server until the manager stops.
type gateServer struct {
	addr   string
	server *http.Server
	log    logr.Logger
}

// NeedLeaderElection is false: every replica answers, so the Service can balance across them.
func (s *gateServer) NeedLeaderElection() bool { return false }

// Start listens on addr and serves until ctx is done, then shuts down gracefully.
func (s *gateServer) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("promotion gate: listening on %s: %w", s.addr, err)
	}
	s.log.Info("serving the Flagger promotion gate", "address", ln.Addr().String(), "path", FlaggerGatePath)
	errc := make(chan error, 1)
	go func() { errc <- s.server.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("promotion gate: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.server.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("promotion gate: shutting down: %w", err)
	}
	return nil
}

var (
	_ manager.Runnable               = &gateServer{}
	_ manager.LeaderElectionRunnable = &gateServer{}
)
