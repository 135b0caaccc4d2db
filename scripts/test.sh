#!/usr/bin/env bash
# Every test, from a clean clone on Debian 12: install what is missing, build the native preset,
# run its CTest suite (core units, vectors, image round trips, corpus, CLI, viewer), the same
# suite under ASan + UBSan (preset asan), a short bounded libFuzzer run (preset fuzz), then the
# web tests (WASM build, vectors under WASM, browser end to end). Exits non-zero on any failure.
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
echo "== native tests under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan)"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan || status=1
echo "== bounded fuzzing (preset fuzz)"
bash scripts/fuzz.sh --seconds "${TRACESEAL_FUZZ_SECONDS:-20}" || status=1
echo "== web tests"
bash scripts/test-web.sh || status=1
((status == 0)) && echo "== all test suites passed" || echo "== SOME TEST SUITES FAILED"
exit $status
