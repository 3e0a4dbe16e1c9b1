#!/usr/bin/env bash
# A real local Kubernetes cluster without a container engine: kwokctl's binary runtime running
# kube-apiserver, kube-controller-manager, kube-scheduler (v1.37.0), etcd and kwok, with fake
# nodes spread over three zones. Deployments really roll out, HPAs, PDBs and labels behave as on
# any cluster.
#
#   hack/kwok-cluster.sh up NAME      create (or recreate) the cluster; prints its kubeconfig path
#   hack/kwok-cluster.sh down NAME    delete it
#   hack/kwok-cluster.sh kubeconfig NAME
#
# Everything lives in bin/kwok (KWOK_WORKDIR); binaries come from bin/k8s and bin/tools, built
# from the Go module proxy on first use (downloads are tried first) and cached.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_VERSION="${KUBE_VERSION:-1.37.0}"
export KWOK_WORKDIR="${KWOK_WORKDIR:-$ROOT/bin/kwok}"
NODES="${KWOK_NODES:-3}"

log() { echo "[kwok] $*" >&2; }

cmd="${1:-}"
name="${2:-prodready}"
[ -n "$cmd" ] || { echo "usage: $0 up|down|kubeconfig [NAME]" >&2; exit 2; }

kubeconfig="$KWOK_WORKDIR/$name.kubeconfig"

tools() {
  BIN="$("$ROOT/hack/k8s-binaries.sh" kube-apiserver etcd kubectl kube-controller-manager kube-scheduler | tail -n1)"
  KWOK="$("$ROOT/hack/tools.sh" kwok)"
  KWOKCTL="$("$ROOT/hack/tools.sh" kwokctl)"
}

case "$cmd" in
  up)
    tools
    mkdir -p "$KWOK_WORKDIR"
    if "$KWOKCTL" get clusters 2>/dev/null | grep -qx "$name"; then
      log "deleting the previous cluster $name"
      "$KWOKCTL" delete cluster --name "$name" >&2
    fi
    cfg="$KWOK_WORKDIR/$name-config.yaml"
    cat > "$cfg" <<CFG
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  kubeVersion: v$KUBE_VERSION
  kubeApiserverBinary: $BIN/kube-apiserver
  kubeControllerManagerBinary: $BIN/kube-controller-manager
  kubeSchedulerBinary: $BIN/kube-scheduler
  kubectlBinary: $BIN/kubectl
  etcdBinary: $BIN/etcd
  kwokControllerBinary: $KWOK
CFG
    log "creating cluster $name (kube $KUBE_VERSION, binary runtime)"
    start=$(date +%s)
    "$KWOKCTL" create cluster --name "$name" --config "$cfg" --wait 2m >&2
    "$KWOKCTL" get kubeconfig --name "$name" > "$kubeconfig"
    kubectl() { "$BIN/kubectl" --kubeconfig "$kubeconfig" "$@"; }
    zones=(zone-a zone-b zone-c)
    for i in $(seq 0 $((NODES - 1))); do
      zone="${zones[$((i % 3))]}"
      kubectl apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/role: agent
    topology.kubernetes.io/zone: $zone
    type: kwok
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
NODE
    done
    kubectl wait --for=condition=Ready nodes --all --timeout=60s >&2
    log "cluster $name is up in $(( $(date +%s) - start ))s with $NODES fake nodes; kubeconfig: $kubeconfig"
    echo "$kubeconfig"
    ;;
  down)
    KWOKCTL="$("$ROOT/hack/tools.sh" kwokctl)"
    if "$KWOKCTL" get clusters 2>/dev/null | grep -qx "$name"; then
      "$KWOKCTL" delete cluster --name "$name" >&2
      log "cluster $name deleted"
    else
      log "no cluster $name"
    fi
    ;;
  kubeconfig)
    echo "$kubeconfig"
    ;;
  *) echo "usage: $0 up|down|kubeconfig [NAME]" >&2; exit 2 ;;
esac
