#!/usr/bin/env bash
# Installs one pinned tool from the Go module proxy into bin/tools (once) and prints its path.
#
#   hack/tools.sh golangci-lint|setup-envtest|kwok|kwokctl|helm|kustomize
#
# Versions are pinned here; a binary is named <tool>-<version> so a version bump reinstalls.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/bin/tools"
mkdir -p "$TOOLS"

GOLANGCI_LINT_VERSION=v2.15.0
SETUP_ENVTEST_VERSION=v0.25.1
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.22.0
KUSTOMIZE_VERSION=v5.8.2

log() { echo "[tools] $*" >&2; }

install() { # name version package [ldflags]
  local name="$1" version="$2" pkg="$3" ldflags="${4:-}"
  local dst="$TOOLS/$name-$version"
  if [ ! -x "$dst" ]; then
    log "installing $name $version from the Go module proxy (once; cached in bin/tools)"
    local tmp
    tmp="$(mktemp -d)"
    GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "$pkg@$version" >&2
    mv "$tmp/$(basename "${pkg%/v[0-9]*}")" "$dst" 2>/dev/null || mv "$tmp"/* "$dst"
    rm -rf "$tmp"
  fi
  ln -sf "$(basename "$dst")" "$TOOLS/$name"
  echo "$dst"
}

case "${1:-}" in
  golangci-lint) install golangci-lint "$GOLANGCI_LINT_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint ;;
  setup-envtest) install setup-envtest "$SETUP_ENVTEST_VERSION" sigs.k8s.io/controller-runtime/tools/setup-envtest ;;
  kwok) install kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok ;;
  kwokctl) install kwokctl "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwokctl ;;
  kustomize) install kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5 ;;
  helm)
    # Without the version variables helm assumes Kubernetes 1.20 for capabilities and lint.
    minor="$(echo "${KUBE_VERSION:-1.37.0}" | cut -d. -f2)"
    ld="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
    for p in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
      ld="$ld -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$minor"
    done
    install helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm "$ld" ;;
  *) echo "usage: $0 golangci-lint|setup-envtest|kwok|kwokctl|helm|kustomize" >&2; exit 2 ;;
esac
