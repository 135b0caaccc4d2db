#!/usr/bin/env bash
# The web tests, from a clean clone on Debian 12: install what is missing, build the native CLI
# (for the demo world), build preset wasm (core binding + static site in build/wasm/site), then
# type-check the page against the binding's types, run the core's test vectors under WASM in Node
# and the Playwright end-to-end tests in chromium (e2e_clock.mjs pins the device clock, so no
# verdict depends on the day the tests run).
# Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"  # Debian emcc needs node-acorn

bash scripts/web-deps.sh

echo "== native CLI (demo world)"
cmake --preset native >/dev/null
cmake --build --preset native --target traceseal

echo "== wasm preset"
cmake --preset wasm >/dev/null
cmake --build --preset wasm

status=0
echo "== page types: web/site/*.js against web/bindings.d.ts (tsc --noEmit)"
(cd web && npx --no-install tsc -p tsconfig.json && npx --no-install tsc -p tsconfig.worker.json) || status=1
echo "== test vectors under WASM (Node)"
node tests/web/vectors.mjs || status=1
echo "== end-to-end (playwright-core, Debian chromium)"
node tests/web/e2e.mjs || status=1
echo "== the page and today's date: demo clock, device clock pinned (playwright clock)"
node tests/web/e2e_clock.mjs || status=1
echo "== inspector mode end-to-end (chromium + traceseal-registryd --demo --site)"
cmake --build --preset native --target traceseal-registryd
node tests/web/e2e_inspector.mjs || status=1
exit $status
