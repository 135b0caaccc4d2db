#!/usr/bin/env bash
# The main job on the embedded demo data, from a clean clone on Debian 12: install what is
# missing, build, create the demo world, verify its labels with the CLI, then serve the browser
# scanner with the same world on http://127.0.0.1:8080 (Ctrl-C stops it).
# With --registry it also starts the registry service (traceseal-registryd) on the same world
# at http://127.0.0.1:8081 and records one sale through it with the CLI (docs/REGISTRY.md); it is
# stopped (SIGTERM) when the script ends.
# Usage: scripts/run.sh [--no-serve] [--registry]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
serve=1
registry=0
for arg in "$@"; do
  case "$arg" in
    --no-serve) serve=0 ;;
    --registry) registry=1 ;;
    *) echo "usage: scripts/run.sh [--no-serve] [--registry]" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh native
cmake --preset native >/dev/null
cmake --build --preset native

echo "== demo world (seed 1) in build/demo"
rm -rf build/demo
build/native/traceseal demo --out build/demo --seed 1
echo "== traceseal verify on the demo labels"
cd build/demo
mapfile -t verify_args < verify-args.txt  # includes the demo's own clock (--at)
# The demo world is made again on every run (a new version may sign other bytes at the same
# sequence numbers), so its held state (FORMAT.md §4.7) lives and goes with it, not in
# ~/.local/state where it would refuse the next version's world as status_conflict.
export TRACESEAL_STATE_DIR="$root/build/demo/held-state"
# The demo has codes in every lifecycle state, so some are warning or invalid: exit 1 is expected.
rc=0
../native/traceseal verify "${verify_args[@]}" labels/*.png || rc=$?
((rc <= 1)) || exit "$rc"
cd "$root"

if ((registry)); then
  echo "== registry service on the demo world (traceseal-registryd --demo build/demo)"
  # --site: the page (built by serve-web.sh below) beside the API: $url/#inspector
  build/native/traceseal-registryd --demo build/demo --site build/wasm/site --listen 127.0.0.1:8081 \
    >build/demo/registryd.out 2>build/demo/registryd.err &
  registryd=$!
  trap 'kill -TERM "$registryd" 2>/dev/null; wait "$registryd" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [[ -s build/demo/registryd.out ]] && break
    kill -0 "$registryd" 2>/dev/null || { cat build/demo/registryd.err >&2; exit 1; }
    sleep 0.1
  done
  url="$(head -n1 build/demo/registryd.out | sed 's/^listening on //')"
  echo "listening on $url (published files: $url/trust/trust-list.json, $url/status/100.tss)"
  echo "inspector mode: $url/#inspector (import build/demo/keys/DEMO-ONLY-inspector-<role>.*key.json; codes in build/demo/sms-outbox.jsonl)"
  build/native/traceseal sell --server "$url" --key build/demo/keys/DEMO-ONLY-submit-1.key.json \
    --actor till-1 --place "Sanya store" 00000100-00000004
fi

if ((serve)); then
  echo "== browser scanner"
  if ((registry)); then
    bash scripts/serve-web.sh --rebuild
  else
    exec bash scripts/serve-web.sh --rebuild
  fi
fi
