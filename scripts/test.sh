#!/usr/bin/env bash
# Every test, from a clean clone on Debian 12: install what is missing, build the native preset,
# run its CTest suite (core units, vectors, image round trips, corpus, CLI), then the web tests
# (WASM build, vectors under WASM, browser end to end). Exits non-zero if anything fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh all
echo "== native build"
cmake --preset native >/dev/null
cmake --build --preset native
status=0
echo "== native tests (ctest)"
ctest --preset native || status=1
echo "== web tests"
bash scripts/test-web.sh || status=1
exit $status
