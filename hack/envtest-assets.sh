#!/usr/bin/env bash
# Prints a directory holding kube-apiserver, etcd and kubectl for envtest (KUBEBUILDER_ASSETS).
#
# Order: a pre-set KUBEBUILDER_ASSETS that has the binaries; the project's cache
# (bin/k8s/<version>-<os>-<arch>); setup-envtest's download; building from the Go module proxy
# (hack/k8s-binaries.sh). Progress goes to stderr, the directory to stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_VERSION="${KUBE_VERSION:-1.37.0}"
K8S_BIN_DIR="${K8S_BIN_DIR:-$ROOT/bin/k8s/${KUBE_VERSION}-$(go env GOOS)-$(go env GOARCH)}"

log() { echo "[envtest] $*" >&2; }
complete() { [ -x "$1/kube-apiserver" ] && [ -x "$1/etcd" ] && [ -x "$1/kubectl" ]; }

if [ -n "${KUBEBUILDER_ASSETS:-}" ] && complete "$KUBEBUILDER_ASSETS"; then
  log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi
if complete "$K8S_BIN_DIR"; then
  echo "$K8S_BIN_DIR"
  exit 0
fi

log "kube-apiserver $KUBE_VERSION not cached; trying setup-envtest's download first"
if setup="$("$ROOT/hack/tools.sh" setup-envtest 2>&2)"; then
  if dir="$(timeout 120 "$setup" use -i=false "$KUBE_VERSION" --bin-dir "$ROOT/bin" -p path 2>/dev/null)" && [ -n "$dir" ]; then
    mkdir -p "$K8S_BIN_DIR"
    for b in kube-apiserver etcd kubectl; do
      [ -x "$K8S_BIN_DIR/$b" ] || { [ -x "$dir/$b" ] && cp "$dir/$b" "$K8S_BIN_DIR/$b"; } || true
    done
  else
    log "setup-envtest could not download $KUBE_VERSION (offline?); building from source instead"
  fi
fi

"$ROOT/hack/k8s-binaries.sh" kube-apiserver etcd kubectl >/dev/null
complete "$K8S_BIN_DIR" || { log "binaries missing in $K8S_BIN_DIR"; exit 1; }
echo "$K8S_BIN_DIR"
