#!/usr/bin/env bash
# make demo: a local cluster, the operator, a sample app that fails a few checks, then its fix.
# Needs nothing but Go: every binary is built from the Go module proxy into bin/ on first use
# (about 15 minutes on 2 cores) and reused afterwards (the demo then takes under a minute).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NAME="${DEMO_CLUSTER:-prodready-demo}"
NS="${DEMO_NAMESPACE:-shop}"
DEMO="$ROOT/bin/demo"
PROBE_PORT="${DEMO_PROBE_PORT:-38081}"
METRICS_PORT="${DEMO_METRICS_PORT:-38080}"
mkdir -p "$DEMO"

bold() { if [ -t 1 ]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }
say() { echo "    $*"; }

bold "==> 1/8 A local Kubernetes v1.37.0 cluster (kwok; kube-apiserver, controller-manager, scheduler, etcd from source)"
KUBECONFIG="$(hack/kwok-cluster.sh up "$NAME" | tail -n1)"
export KUBECONFIG
KBIN="$(hack/k8s-binaries.sh kubectl | tail -n1)"
kubectl() { "$KBIN/kubectl" "$@"; }
kubectl get nodes -L topology.kubernetes.io/zone

bold "==> 2/8 Build the manager and the prodready CLI"
CGO_ENABLED=0 go build -trimpath -o bin/manager ./cmd
CGO_ENABLED=0 go build -trimpath -o bin/prodready ./cmd/prodready
say "bin/manager, bin/prodready"

bold "==> 3/8 Install the CRDs"
kubectl apply --server-side -f config/crd/bases
kubectl wait --for=condition=Established --timeout=60s \
  crd/productionreadinesses.readiness.prodready.io crd/readinessprofiles.readiness.prodready.io \
  crd/readinesspolicies.readiness.prodready.io

bold "==> 4/8 Start the operator (logs: bin/demo/manager.log)"
if [ -f "$DEMO/manager.pid" ] && kill -0 "$(cat "$DEMO/manager.pid")" 2>/dev/null; then
  kill "$(cat "$DEMO/manager.pid")" && sleep 1
fi
nohup bin/manager --kubeconfig "$KUBECONFIG" \
  --health-probe-bind-address "127.0.0.1:$PROBE_PORT" \
  --metrics-bind-address "127.0.0.1:$METRICS_PORT" --metrics-secure=false \
  > "$DEMO/manager.log" 2>&1 &
echo $! > "$DEMO/manager.pid"
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PROBE_PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$(cat "$DEMO/manager.pid")" 2>/dev/null || { cat "$DEMO/manager.log"; exit 1; }
  sleep 0.2
done
say "manager running, pid $(cat "$DEMO/manager.pid")"

bold "==> 5/8 Apply the sample app \"checkout\" and its ProductionReadiness (it fails a few checks)"
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl apply -n "$NS" -k config/samples
kubectl wait -n "$NS" --for=condition=Stalled readiness/checkout --timeout=120s >/dev/null
echo
kubectl get readiness -n "$NS"
echo
bin/prodready status -n "$NS" --kubeconfig "$KUBECONFIG"
echo
kubectl get deployment checkout -n "$NS" -L readiness.prodready.io/promotable

bold "==> 6/8 Apply the fixed Deployment; the operator follows the rollout to Ready"
kubectl apply -n "$NS" -f config/samples/fixed/
sleep 1
kubectl get readiness -n "$NS"
kubectl wait -n "$NS" --for=condition=Ready readiness/checkout --timeout=180s
echo
kubectl get readiness -n "$NS" -o wide
echo
kubectl get deployment checkout -n "$NS" -L readiness.prodready.io/promotable

bold "==> 7/8 A platform ReadinessPolicy covers the namespace: a workload nobody gated gets a ProductionReadiness"
kubectl label namespace "$NS" prodready.io/demo=covered --overwrite >/dev/null
kubectl apply -f config/samples/readiness_v1alpha1_readinesspolicy.yaml
kubectl create deployment worker -n "$NS" --image=registry.k8s.io/pause:3.10 --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl wait -n "$NS" --for=create readiness/deployment-worker --timeout=60s >/dev/null
kubectl wait -n "$NS" --for=condition=Stalled readiness/deployment-worker --timeout=120s >/dev/null
echo
kubectl get readiness -n "$NS" -L readiness.prodready.io/generated-by
echo
sleep 1
kubectl get readinesspolicies
echo
bin/prodready status -A --kubeconfig "$KUBECONFIG"

bold "==> 8/8 Done"
say "The cluster and the operator keep running. Try:"
say "  export KUBECONFIG=$KUBECONFIG"
say "  kubectl get readiness -A                        # or: bin/prodready status -A"
say "  kubectl describe readiness checkout -n $NS"
say "  kubectl get readinesspolicies                   # coverage of the demo-floor policy"
say "  curl -s 127.0.0.1:$METRICS_PORT/metrics | grep ^prodready_"
say "  bin/prodready check -f docs/examples/shop.yaml  # the same engine, offline"
say "  make demo-down                                  # stop the operator, delete the cluster"
