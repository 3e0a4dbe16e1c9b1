#!/usr/bin/env bash
# make demo-down: stop the demo operator and delete the demo cluster.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/bin/demo"
if [ -f "$DEMO/manager.pid" ]; then
  pid="$(cat "$DEMO/manager.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    echo "[demo] operator (pid $pid) stopped"
  fi
  rm -f "$DEMO/manager.pid"
fi
"$ROOT/hack/kwok-cluster.sh" down "${DEMO_CLUSTER:-prodready-demo}"
