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
passed=0; failed=0; failures=()
suite() {  # suite NAME COMMAND...: runs one suite and counts it
  local name="$1"; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}
asan() { cmake --preset asan >/dev/null && cmake --build --preset asan && ctest --preset asan; }

suite "format (clang-format)" bash scripts/check-format.sh
suite "native tests (ctest)" ctest --preset native
suite "native tests under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan)" asan
suite "bounded fuzzing (preset fuzz)" bash scripts/fuzz.sh --seconds "${TRACESEAL_FUZZ_SECONDS:-20}"
suite "web tests (WASM vectors, browser end to end)" bash scripts/test-web.sh
((failed == 0)) || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
((failed == 0))
