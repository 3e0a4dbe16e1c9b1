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
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-logr/logr"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/certwatcher"
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
	reader       client.Reader
	scheme       *runtime.Scheme
	auth         CallerAuthorizer
	requireToken bool
	log          logr.Logger
}

// GateOption configures the gate.
type GateOption func(*flaggerGate)

// WithCallerAuthorizer makes the gate authenticate and authorize callers that present a bearer
// token (Authorization: Bearer ...). Without it, a token is refused rather than ignored.
func WithCallerAuthorizer(a CallerAuthorizer) GateOption {
	return func(g *flaggerGate) { g.auth = a }
}

// WithTokenRequired makes the gate refuse callers without a bearer token (401).
func WithTokenRequired() GateOption { return func(g *flaggerGate) { g.requireToken = true } }

// WithScheme sets the scheme the gate builds workload objects from (default: client-go's).
func WithScheme(s *runtime.Scheme) GateOption { return func(g *flaggerGate) { g.scheme = s } }

// NewFlaggerGate returns the handler of Flagger's confirm-promotion webhook. It answers
//
//	200 when every ProductionReadiness targeting the workload is Ready at its current generation
//	    and was evaluated at the workload's current generation,
//	403 when one is not (the body lists its failing checks and Ready message), when a verdict is
//	    for another generation of the workload ("not evaluated at generation N"), when the
//	    workload does not exist, or when the caller's token may not get productionreadinesses in
//	    the namespace,
//	401 when a presented token is not valid (or, WithTokenRequired, when none is presented),
//	404 when none targets the workload, 400 on a malformed payload, 405 on a non-POST request,
//	500 when the objects cannot be read.
//
// Every message that is not a verdict is a fixed string: nothing of the request or of an error
// is echoed back. Flagger promotes only on a 2xx answer and asks again at the next analysis
// interval otherwise. The reader is normally the manager's cached client, with the
// controller's IndexTargetRef index; without that index the gate lists the namespace and
// filters by spec.targetRef.
func NewFlaggerGate(reader client.Reader, opts ...GateOption) http.Handler {
	g := &flaggerGate{reader: reader, scheme: clientgoscheme.Scheme, log: ctrl.Log.WithName("promotion-gate").WithValues("tool", "flagger")}
	for _, o := range opts {
		o(g)
	}
	return g
}

// Fixed answers to callers: they never carry request values or error texts.
const (
	msgMethod          = "use POST with Flagger's webhook payload"
	msgUnauthenticated = "unauthenticated: the bearer token is not valid"
	msgTokenRequired   = "unauthenticated: a bearer token is required"
	msgBadAuthHeader   = "unauthenticated: the Authorization header must be \"Bearer <token>\""
	msgForbidden       = "forbidden: the caller may not get productionreadinesses in the namespace of the payload"
	msgReviewFailed    = "cannot review the caller's credentials"
	msgReadFailed      = "cannot read ProductionReadiness objects"
	msgTargetFailed    = "cannot read the target workload"
)

func (g *flaggerGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, GateResponse{Message: msgMethod})
		return
	}
	token, hasToken, ok := bearerToken(r)
	if !ok {
		writeJSON(w, http.StatusUnauthorized, GateResponse{Message: msgBadAuthHeader})
		return
	}
	if !hasToken && g.requireToken {
		writeJSON(w, http.StatusUnauthorized, GateResponse{Message: msgTokenRequired})
		return
	}
	kind, namespace, name, err := decodeFlaggerPayload(http.MaxBytesReader(w, r.Body, maxPayloadBytes))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, GateResponse{Message: err.Error()})
		return
	}
	if hasToken {
		if code, msg := g.authorize(r.Context(), token, namespace); code != 0 {
			writeJSON(w, code, GateResponse{Message: msg})
			return
		}
	}
	target := fmt.Sprintf("%s %s/%s", kind, namespace, name)
	log := g.log.WithValues("target", target)
	items, err := g.targeting(r.Context(), namespace, kind, name)
	if err != nil {
		log.Error(err, "reading ProductionReadiness objects")
		writeJSON(w, http.StatusInternalServerError, GateResponse{Target: target, Message: msgReadFailed})
		return
	}
	if len(items) == 0 {
		writeJSON(w, http.StatusNotFound, GateResponse{Target: target, Message: "no ProductionReadiness targets " + target})
		return
	}
	generation, found, err := g.workloadGeneration(r.Context(), namespace, kind, name)
	if err != nil {
		log.Error(err, "reading the target workload")
		writeJSON(w, http.StatusInternalServerError, GateResponse{Target: target, Message: msgTargetFailed})
		return
	}
	if !found {
		writeJSON(w, http.StatusForbidden, GateResponse{Target: target, Message: target + " does not exist"})
		return
	}
	code, resp := decide(target, generation, items)
	log.Info("promotion gate", "promote", resp.Promote, "code", code, "message", resp.Message)
	writeJSON(w, code, resp)
}

// bearerToken returns the token of an Authorization header: hasToken false when there is none,
// ok false when the header is not a bearer token.
func bearerToken(r *http.Request) (token string, hasToken, ok bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false, true
	}
	scheme, token, found := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false, false
	}
	return token, true, true
}

// authorize reviews a token: 0 when it may get productionreadinesses in namespace, else the
// answer's code and fixed message.
func (g *flaggerGate) authorize(ctx context.Context, token, namespace string) (int, string) {
	if g.auth == nil {
		return http.StatusUnauthorized, msgUnauthenticated
	}
	authenticated, allowed, err := g.auth.Authorize(ctx, token, namespace)
	switch {
	case err != nil:
		g.log.Error(err, "reviewing a caller's token")
		return http.StatusInternalServerError, msgReviewFailed
	case !authenticated:
		return http.StatusUnauthorized, msgUnauthenticated
	case !allowed:
		return http.StatusForbidden, msgForbidden
	}
	return 0, ""
}

// workloadGeneration reads the target's metadata.generation from the reader (the cache).
func (g *flaggerGate) workloadGeneration(ctx context.Context, namespace, kind, name string) (int64, bool, error) {
	k, ok := checks.LookupKind(kind)
	if !ok {
		return 0, false, fmt.Errorf("%s is not a registered workload kind", kind)
	}
	// Optional kinds (served by a CRD, such as Argo Rollouts) are read as unstructured objects,
	// as the operator's cache holds them.
	var o client.Object
	if obj, err := g.scheme.New(k.GroupVersionKind()); err == nil && !k.Optional {
		if o, ok = obj.(client.Object); !ok {
			return 0, false, fmt.Errorf("%s is not an object kind", kind)
		}
	} else {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(k.GroupVersionKind())
		o = u
	}
	if err := g.reader.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, o); err != nil {
		if apierrors.IsNotFound(err) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return o.GetGeneration(), true, nil
}

// CallerAuthorizer authenticates a bearer token and decides whether its user may get
// productionreadinesses in a namespace.
type CallerAuthorizer interface {
	Authorize(ctx context.Context, token, namespace string) (authenticated, allowed bool, err error)
}

// ReviewAuthorizer asks the API server: a TokenReview, then a SubjectAccessReview for get
// productionreadinesses.readiness.prodready.io in the namespace (as the metrics endpoint does
// for /metrics). It needs create on tokenreviews and subjectaccessreviews.
type ReviewAuthorizer struct {
	Client kubernetes.Interface
}

// Authorize implements CallerAuthorizer.
func (a *ReviewAuthorizer) Authorize(ctx context.Context, token, namespace string) (bool, bool, error) {
	tr, err := a.Client.AuthenticationV1().TokenReviews().Create(ctx, &authenticationv1.TokenReview{
		Spec: authenticationv1.TokenReviewSpec{Token: token},
	}, metav1.CreateOptions{})
	if err != nil {
		return false, false, fmt.Errorf("TokenReview: %w", err)
	}
	if !tr.Status.Authenticated {
		return false, false, nil
	}
	u := tr.Status.User
	extra := map[string]authorizationv1.ExtraValue{}
	for k, v := range u.Extra {
		extra[k] = authorizationv1.ExtraValue(v)
	}
	sar, err := a.Client.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
		Spec: authorizationv1.SubjectAccessReviewSpec{
			User: u.Username, UID: u.UID, Groups: u.Groups, Extra: extra,
			ResourceAttributes: &authorizationv1.ResourceAttributes{
				Namespace: namespace, Verb: "get",
				Group: v1alpha1.GroupVersion.Group, Resource: "productionreadinesses",
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		return true, false, fmt.Errorf("SubjectAccessReview: %w", err)
	}
	return true, sar.Status.Allowed, nil
}

// decodeFlaggerPayload reads and validates a webhook payload, returning the target workload.
// Its errors are fixed strings naming the field, never its value or the decoder's text.
func decodeFlaggerPayload(body io.Reader) (kind, namespace, name string, err error) {
	var p flaggerPayload
	dec := json.NewDecoder(body)
	if err := dec.Decode(&p); err != nil {
		return "", "", "", errors.New("malformed Flagger webhook payload: not a JSON object with string fields name, namespace and metadata")
	}
	if errs := validation.IsDNS1123Label(p.Namespace); len(errs) > 0 {
		return "", "", "", errors.New("payload field namespace: not a valid namespace name")
	}
	kind, name = "Deployment", p.Name
	if k := p.Metadata[MetadataTargetKind]; k != "" {
		kind = k
	}
	if n := p.Metadata[MetadataTargetName]; n != "" {
		name = n
	}
	if _, ok := checks.LookupKind(kind); !ok {
		return "", "", "", fmt.Errorf("payload field metadata.%s: must be one of %s", MetadataTargetKind, strings.Join(checks.KindNames(), ", "))
	}
	field := "name"
	if p.Metadata[MetadataTargetName] != "" {
		field = "metadata." + MetadataTargetName
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return "", "", "", fmt.Errorf("payload field %s: not a valid object name", field)
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

// decide turns the objects targeting a workload at its current generation (at least one: the
// handler answers 404 for none) into the gate's answer.
func decide(target string, generation int64, items []v1alpha1.ProductionReadiness) (int, GateResponse) {
	resp := GateResponse{Target: target, Promote: true}
	var notReady []string
	for i := range items {
		v := verdictOf(&items[i], generation)
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

// verdictOf reads one ProductionReadiness: Ready only when Ready=True for its current generation
// and the verdict was reached at the workload's current generation (a verdict for the previous
// revision never promotes the next one, e.g. while the operator is down or behind).
func verdictOf(pr *v1alpha1.ProductionReadiness, generation int64) ReadinessVerdict {
	v := ReadinessVerdict{Name: pr.Name}
	ready := pr.CurrentReady()
	if pr.Status.ObservedGeneration != pr.Generation || ready == nil {
		v.Message = fmt.Sprintf("waiting for the operator to evaluate generation %d", pr.Generation)
		return v
	}
	if pr.Status.Target == nil || pr.Status.Target.Generation != generation {
		evaluated := "no generation"
		if pr.Status.Target != nil {
			evaluated = fmt.Sprintf("generation %d", pr.Status.Target.Generation)
		}
		v.Message = fmt.Sprintf("not evaluated at generation %d of the target (the verdict is for %s)", generation, evaluated)
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

// GateServerOptions configure the gate's server.
type GateServerOptions struct {
	// Addr is the listen address; "" or "0" leaves the gate off.
	Addr string
	// CertDir, when set, serves TLS with tls.crt and tls.key of that directory (the webhook
	// server's certificate directory), reloaded when they change; empty serves plain HTTP.
	CertDir string
	// RequireToken refuses callers without a bearer token.
	RequireToken bool
}

// AddFlaggerGate serves the Flagger gate at FlaggerGatePath, as a manager Runnable that runs on
// every replica (no leader election needed: it only reads the cache) once the caches have
// synced. Callers presenting a bearer token are authenticated and authorized through the API
// server (ReviewAuthorizer). The manager's client must have the controller's indexes
// (controller.SetupIndexes).
func AddFlaggerGate(mgr manager.Manager, o GateServerOptions) error {
	if o.Addr == "" || o.Addr == "0" {
		return nil
	}
	cs, err := kubernetes.NewForConfig(mgr.GetConfig())
	if err != nil {
		return fmt.Errorf("promotion gate: %w", err)
	}
	opts := []GateOption{WithCallerAuthorizer(&ReviewAuthorizer{Client: cs}), WithScheme(mgr.GetScheme())}
	if o.RequireToken {
		opts = append(opts, WithTokenRequired())
	}
	mux := http.NewServeMux()
	mux.Handle(FlaggerGatePath, NewFlaggerGate(mgr.GetClient(), opts...))
	srv := &gateServer{
		addr:    o.Addr,
		certDir: o.CertDir,
		server: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    64 << 10,
			// TLS handshake failures and the like, at debug level through the manager's logger.
			ErrorLog: stdlog.New(logWriter{mgr.GetLogger().WithName("promotion-gate").V(1)}, "", 0),
		},
		log: mgr.GetLogger().WithName("promotion-gate"),
	}
	if err := mgr.Add(srv); err != nil {
		return fmt.Errorf("adding the Flagger promotion gate on %s: %w", o.Addr, err)
	}
	return nil
}

// logWriter writes the http.Server's own messages to a logger.
type logWriter struct{ log logr.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Info(strings.TrimSpace(string(p)))
	return len(p), nil
}

// gateServer runs an http.Server until the manager stops.
type gateServer struct {
	addr    string
	certDir string
	server  *http.Server
	log     logr.Logger
}

// NeedLeaderElection is false: every replica answers, so the Service can balance across them.
func (s *gateServer) NeedLeaderElection() bool { return false }

// Start listens on addr and serves until ctx is done, then shuts down gracefully.
func (s *gateServer) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("promotion gate: listening on %s: %w", s.addr, err)
	}
	scheme := "http"
	if s.certDir != "" {
		watcher, err := certwatcher.New(filepath.Join(s.certDir, "tls.crt"), filepath.Join(s.certDir, "tls.key"))
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("promotion gate: loading the serving certificate: %w", err)
		}
		go func() {
			if err := watcher.Start(ctx); err != nil {
				s.log.Error(err, "watching the serving certificate")
			}
		}()
		// HTTP/1.1 only, as the webhook server (CVE-2023-44487).
		ln = tls.NewListener(ln, &tls.Config{GetCertificate: watcher.GetCertificate, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
		scheme = "https"
	}
	s.log.Info("serving the Flagger promotion gate", "address", ln.Addr().String(), "path", FlaggerGatePath, "scheme", scheme)
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
