#!/usr/bin/env bash
# Provides Kubernetes and etcd binaries, built from the Go module proxy when they are not cached.
#
#   hack/k8s-binaries.sh [NAME...]     NAME: kube-apiserver etcd kube-controller-manager
#                                      kube-scheduler kubectl (default: kube-apiserver etcd kubectl)
#
# Binaries land in $K8S_BIN_DIR (default bin/k8s/<version>-<os>-<arch>, the layout setup-envtest
# uses) and are never rebuilt once present. The script prints the directory on its last line of
# stdout; progress goes to stderr.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-1.37.0}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OS="$(go env GOOS)"
ARCH="$(go env GOARCH)"
KUBE_MINOR="$(echo "$KUBE_VERSION" | cut -d. -f2)"
K8S_BIN_DIR="${K8S_BIN_DIR:-$ROOT/bin/k8s/${KUBE_VERSION}-${OS}-${ARCH}}"
WORK="$ROOT/bin/.k8s-build"

log() { echo "[k8s-binaries] $*" >&2; }

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(kube-apiserver etcd kubectl)

mkdir -p "$K8S_BIN_DIR"

missing_kube=()
need_etcd=0
for n in "${names[@]}"; do
  case "$n" in
    etcd) [ -x "$K8S_BIN_DIR/etcd" ] || need_etcd=1 ;;
    kube-apiserver|kube-controller-manager|kube-scheduler|kubectl)
      [ -x "$K8S_BIN_DIR/$n" ] || missing_kube+=("$n") ;;
    *) log "unknown binary '$n' (want kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kubectl)"; exit 2 ;;
  esac
done

# try_download URL DEST: a release download first (fails fast without internet), so machines that
# can reach dl.k8s.io or GitHub skip the source build.
try_download() {
  [ "${PRODREADY_NO_DOWNLOAD:-}" = "1" ] && return 1
  command -v curl >/dev/null 2>&1 || return 1
  log "trying $1"
  if curl -fsSL --connect-timeout 5 --max-time 300 -o "$2.tmp" "$1" 2>/dev/null; then
    chmod +x "$2.tmp" && mv "$2.tmp" "$2" && return 0
  fi
  rm -f "$2.tmp"
  log "download failed; building from the Go module proxy instead"
  return 1
}

if [ ${#missing_kube[@]} -gt 0 ]; then
  still=()
  for n in "${missing_kube[@]}"; do
    try_download "https://dl.k8s.io/v$KUBE_VERSION/bin/$OS/$ARCH/$n" "$K8S_BIN_DIR/$n" || still+=("$n")
  done
  missing_kube=("${still[@]}")
fi

if [ ${#missing_kube[@]} -gt 0 ]; then
  mod="$WORK/kubernetes-$KUBE_VERSION"
  if [ ! -f "$mod/.ready" ]; then
    log "preparing wrapper module for k8s.io/kubernetes v$KUBE_VERSION"
    rm -rf "$mod" && mkdir -p "$mod"
    gomod="$(go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
    {
      echo "module prodready.local/k8sbuild"
      echo
      echo "go $(go env GOVERSION | sed 's/^go//; s/^\([0-9]*\.[0-9]*\).*/\1/').0"
      echo
      echo "require k8s.io/kubernetes v$KUBE_VERSION"
      echo
      echo "replace ("
      grep -E '^\s*k8s\.io/[^ ]+ => \./staging/' "$gomod" | awk -v v="v0.${KUBE_VERSION#*.}" '{print "\t" $1 " => " $1 " " v}'
      echo ")"
    } > "$mod/go.mod"
    {
      echo "//go:build tools"
      echo
      echo "package tools"
      echo
      echo "import ("
      for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
        echo "	_ \"k8s.io/kubernetes/cmd/$c\""
      done
      echo ")"
    } > "$mod/tools.go"
    (cd "$mod" && log "go mod tidy (downloads modules on a cold cache)" && go mod tidy >&2)
    touch "$mod/.ready"
  fi
  LD=""
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LD="$LD -X $p.gitVersion=v$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$KUBE_MINOR -X $p.gitTreeState=clean"
  done
  for n in "${missing_kube[@]}"; do
    log "building $n v$KUBE_VERSION from source (cold: kube-apiserver ~5 min, kube-controller-manager ~2 min, kubectl ~35 s)"
    start=$(date +%s)
    (cd "$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $LD" -o "$K8S_BIN_DIR/$n.tmp" "k8s.io/kubernetes/cmd/$n")
    mv "$K8S_BIN_DIR/$n.tmp" "$K8S_BIN_DIR/$n"
    log "built $n in $(( $(date +%s) - start ))s"
  done
fi

if [ "$need_etcd" = 1 ] && [ "${PRODREADY_NO_DOWNLOAD:-}" != "1" ] && command -v curl >/dev/null 2>&1; then
  tarball="etcd-v$ETCD_VERSION-$OS-$ARCH.tar.gz"
  log "trying https://github.com/etcd-io/etcd/releases/download/v$ETCD_VERSION/$tarball"
  tmpd="$(mktemp -d)"
  if curl -fsSL --connect-timeout 5 --max-time 300 -o "$tmpd/$tarball" "https://github.com/etcd-io/etcd/releases/download/v$ETCD_VERSION/$tarball" 2>/dev/null &&
     tar -xzf "$tmpd/$tarball" -C "$tmpd" && mv "$tmpd/etcd-v$ETCD_VERSION-$OS-$ARCH/etcd" "$K8S_BIN_DIR/etcd"; then
    need_etcd=0
  else
    log "download failed; building from the Go module proxy instead"
  fi
  rm -rf "$tmpd"
fi

if [ "$need_etcd" = 1 ]; then
  mod="$WORK/etcd-$ETCD_VERSION"
  if [ ! -f "$mod/.ready" ]; then
    log "preparing wrapper module for etcd v$ETCD_VERSION"
    rm -rf "$mod" && mkdir -p "$mod"
    cat > "$mod/go.mod" <<MOD
module prodready.local/etcdbuild

go 1.24.0

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
MOD
    cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
    (cd "$mod" && go mod tidy >&2)
    touch "$mod/.ready"
  fi
  log "building etcd v$ETCD_VERSION from source (cold: ~1 min)"
  start=$(date +%s)
  (cd "$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$K8S_BIN_DIR/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$K8S_BIN_DIR/etcd.tmp" "$K8S_BIN_DIR/etcd"
  log "built etcd in $(( $(date +%s) - start ))s"
fi

echo "$K8S_BIN_DIR"
