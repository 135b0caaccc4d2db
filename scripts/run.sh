#!/usr/bin/env bash
# The main job on the embedded demo data, from a clean clone on Debian 12: install what is
# missing, build, create the demo world, verify its labels with the CLI, then serve the browser
# scanner with the same world on http://127.0.0.1:8080 (Ctrl-C stops it).
# Usage: scripts/run.sh [--no-serve]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
serve=1
[[ "${1:-}" == --no-serve ]] && serve=0

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

if ((serve)); then
  echo "== browser scanner"
  exec bash scripts/serve-web.sh --rebuild
fi
