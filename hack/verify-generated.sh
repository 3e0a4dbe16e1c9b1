#!/usr/bin/env bash
# Fails when generated files are stale or the tree is not gofmt'd: deepcopy, CRDs, RBAC and
# webhook manifests (controller-gen), docs/checks (gendocs), the Helm chart's CRDs and any other
# generator an area registers in hack/make/*.mk as a `verify-*` target.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

status=0
snapshot() { git status --porcelain --untracked-files=all -- api config docs charts 2>/dev/null | sort; }

echo "[verify] gofmt"
unformatted="$(gofmt -s -l $(git ls-files -co --exclude-standard '*.go') 2>/dev/null || true)"
if [ -n "$unformatted" ]; then
  echo "gofmt -s would change:" >&2
  echo "$unformatted" >&2
  status=1
fi

echo "[verify] controller-gen (deepcopy, CRDs, RBAC, webhooks)"
before="$(snapshot)"
stash="$(mktemp -d)"
trap 'rm -rf "$stash"' EXIT
# Compare the generated files to a fresh generation in a scratch copy, so a failing verify
# leaves the working tree alone.
tar -cf "$stash/tree.tar" --exclude=./bin --exclude=./.git --exclude=./dist .
mkdir "$stash/tree" && tar -xf "$stash/tree.tar" -C "$stash/tree"
(
  cd "$stash/tree"
  go tool controller-gen object:headerFile="hack/boilerplate.go.txt" paths="./api/..."
  go tool controller-gen rbac:roleName=manager-role crd webhook paths="./api/..." paths="./internal/..." paths="./cmd/..." \
    output:crd:artifacts:config=config/crd/bases output:rbac:artifacts:config=config/rbac output:webhook:artifacts:config=config/webhook
) >/dev/null
for f in api/v1alpha1/zz_generated.deepcopy.go config/crd/bases config/rbac/role.yaml config/webhook/manifests.yaml; do
  if ! diff -r "$f" "$stash/tree/$f" >/dev/null 2>&1; then
    echo "stale: $f (run \`make manifests generate\`)" >&2
    diff -r "$f" "$stash/tree/$f" | head -20 >&2 || true
    status=1
  fi
done

echo "[verify] docs/checks"
go run ./hack/gendocs -verify || status=1

[ "$before" = "$(snapshot)" ] || { echo "verify changed the working tree" >&2; status=1; }
exit $status
