#!/usr/bin/env bash
# Compares the prodready CLI with kube-score and Polaris on one generated corpus, side by side in
# one run: wall time and peak RSS of each (GNU time). The peers are built from the Go module
# proxy into bin/tools only with --build (never by make test); without it, the peers found on
# PATH or in bin/tools are used and missing ones are skipped (and said to be).
#
#   hack/compare-peers.sh [--build] [--namespaces N] [--workloads W]
#
# The corpus (hack/gencorpus): N namespaces × W Deployments, each with a Service, a PDB and an
# HPA, one YAML file per namespace, the spread-out shape of the issue's comparison (default
# 100 × 100). prodready is built from this checkout into a temporary directory (bin/ may be
# shared between worktrees and is left alone).
#
# Versions: kube-score is pinned to v1.20.0 (the version the module proxy serves here);
# Polaris (github.com/fairwindsops/polaris) is refused by the proxy here, so --build tries it
# but carries on without it.
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
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
POLARIS_VERSION="${POLARIS_VERSION:-latest}"
TIME=/usr/bin/time
if ! "$TIME" -f %M true >/dev/null 2>&1; then
  echo "GNU time ($TIME) is needed for the peak RSS" >&2
  exit 2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if $BUILD; then
  mkdir -p "$TOOLS"
  if GOBIN="$WORK" go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"; then
    mv "$WORK/kube-score" "$TOOLS/kube-score-$KUBE_SCORE_VERSION"
    ln -sf "kube-score-$KUBE_SCORE_VERSION" "$TOOLS/kube-score"
  else
    echo "kube-score $KUBE_SCORE_VERSION could not be built" >&2
  fi
  if GOBIN="$WORK" go install "github.com/fairwindsops/polaris@$POLARIS_VERSION" 2>"$WORK/polaris.log"; then
    mv "$WORK/polaris" "$TOOLS/polaris"
  else
    echo "polaris could not be built from the module proxy ($(tail -1 "$WORK/polaris.log")); skipped unless on PATH" >&2
  fi
fi
(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o "$WORK/prodready" ./cmd/prodready)

CORPUS="$WORK/corpus"
(cd "$ROOT" && go run ./hack/gencorpus -namespaces "$NS" -workloads "$W" -services -pdbs -hpas -dir "$CORPUS")
echo "corpus: $NS namespaces × $W Deployments (+ Service, PDB, HPA each), $(du -sh "$CORPUS" | cut -f1)" >&2

measure() { # name command...
  local name="$1"; shift
  local code=0
  "$TIME" -o "$WORK/time" -f '%e %M' "$@" >/dev/null 2>"$WORK/stderr" || code=$?
  local t rss
  read -r t rss < <(tail -1 "$WORK/time")
  printf '%-12s %8s s %8s MiB   (exit %d)\n' "$name" "$t" "$((rss / 1024))" "$code"
}

find_tool() { command -v "$1" 2>/dev/null || { [ -x "$TOOLS/$1" ] && echo "$TOOLS/$1"; } || true; }

printf '%-12s %10s %12s\n' tool wall 'peak RSS'
measure prodready "$WORK/prodready" check -f "$CORPUS" -o json
ks="$(find_tool kube-score)"
if [ -n "$ks" ]; then
  measure kube-score "$ks" score "$CORPUS"/*.yaml
else
  echo "kube-score   skipped: not on PATH nor in bin/tools (run with --build)"
fi
pol="$(find_tool polaris)"
if [ -n "$pol" ]; then
  measure polaris "$pol" audit --audit-path "$CORPUS" --format json
else
  echo "polaris      skipped: not on PATH nor in bin/tools (the module proxy refuses it here)"
fi
