#!/usr/bin/env bash
# Compares the prodready CLI with kube-score and Polaris on one generated corpus, side by side in
# one run: wall time and peak RSS of each (GNU time). The peers are built from the Go module
# proxy into bin/tools only with --build (never by make test); without it, the peers found on
# PATH or in bin/tools are used and missing ones are skipped.
#
#   hack/compare-peers.sh [--build] [--namespaces N] [--workloads W]
#
# The corpus: N namespaces × W Deployments, each with a Service, a PDB and an HPA (YAML, one
# file per namespace), the spread-out shape of the issue's comparison (default 100 × 100).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=false NS=100 W=100
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=true ;;
    --namespaces) NS="$2"; shift ;;
    --workloads) W="$2"; shift ;;
    *) echo "usage: $0 [--build] [--namespaces N] [--workloads W]" >&2; exit 2 ;;
  esac
  shift
done
TOOLS="$ROOT/bin/tools"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-latest}"
POLARIS_VERSION="${POLARIS_VERSION:-latest}"

if $BUILD; then
  mkdir -p "$TOOLS"
  GOBIN="$TOOLS" go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
  GOBIN="$TOOLS" go install "github.com/fairwindsops/polaris@$POLARIS_VERSION"
fi
(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o bin/prodready ./cmd/prodready)

CORPUS="$(mktemp -d)"
trap 'rm -rf "$CORPUS"' EXIT
for ((n = 0; n < NS; n++)); do
  ns="app-$n"
  for ((w = 0; w < W; w++)); do
    cat <<YAML
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: w-$w, namespace: $ns, labels: {app.kubernetes.io/name: w-$w}}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: w-$w}}
  template:
    metadata: {labels: {app.kubernetes.io/name: w-$w}}
    spec:
      containers:
      - name: api
        image: registry.example.com/shop/api:1.4.2
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /readyz, port: http}}
        livenessProbe: {httpGet: {path: /livez, port: http}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: w-$w, namespace: $ns}
spec: {selector: {app.kubernetes.io/name: w-$w}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: w-$w, namespace: $ns}
spec: {maxUnavailable: 1, selector: {matchLabels: {app.kubernetes.io/name: w-$w}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: w-$w, namespace: $ns}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w-$w}
  minReplicas: 2
  maxReplicas: 6
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
YAML
  done >"$CORPUS/$ns.yaml"
done
echo "corpus: $NS namespaces × $W Deployments (+ Service, PDB, HPA each) in $CORPUS" >&2

measure() { # name command...
  local name="$1"; shift
  local out
  out="$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1 || true)"
  printf '%-12s %8s s %8s MiB\n' "$name" "${out% *}" "$(( ${out#* } / 1024 ))"
}

find_tool() { command -v "$1" 2>/dev/null || { [ -x "$TOOLS/$1" ] && echo "$TOOLS/$1"; } || true; }

printf '%-12s %10s %12s\n' tool wall 'peak RSS'
measure prodready "$ROOT/bin/prodready" check -f "$CORPUS" -o json
if ks="$(find_tool kube-score)" && [ -n "$ks" ]; then
  measure kube-score "$ks" score "$CORPUS"/*.yaml
else
  echo "kube-score   not found (run with --build)"
fi
if pol="$(find_tool polaris)" && [ -n "$pol" ]; then
  measure polaris "$pol" audit --audit-path "$CORPUS" --format json
else
  echo "polaris      not found (run with --build)"
fi
