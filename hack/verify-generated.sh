#!/usr/bin/env bash
# Fails when the tree is not gofmt'd or generated files are stale: deepcopy, CRDs, RBAC and
# webhook manifests (`make manifests generate`) and docs/checks (`make docs`). Generators of other
# areas (chart CRDs, argocd-cm patch) are checked by the targets in VERIFY_TARGETS, which
# `make verify` runs as well. Nothing here writes to the working tree.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
status=0

echo "[verify] gofmt"
unformatted="$(gofmt -s -l $(git ls-files -co --exclude-standard '*.go') 2>/dev/null || true)"
if [ -n "$unformatted" ]; then
  echo "gofmt -s would change:" >&2
  echo "$unformatted" >&2
  status=1
fi

echo "[verify] controller-gen (deepcopy, CRDs, RBAC, webhooks)"
# Regenerate in a scratch copy with the Makefile's own targets and compare.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tar -c --exclude=./bin --exclude=./.git --exclude=./dist . | tar -x -C "$scratch"
make -s -C "$scratch" manifests generate >/dev/null
for f in api/v1alpha1/zz_generated.deepcopy.go config/crd/bases config/rbac/role.yaml config/webhook/manifests.yaml; do
  if ! diff -r "$f" "$scratch/$f" >/dev/null 2>&1; then
    echo "stale: $f (run \`make manifests generate\`)" >&2
    diff -r "$f" "$scratch/$f" | head -20 >&2 || true
    status=1
  fi
done

echo "[verify] docs/checks"
go run ./hack/gendocs -verify || status=1
exit $status
