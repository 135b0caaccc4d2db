#!/usr/bin/env bash
# Runs every benchmark on demand (never part of the test command) and prints their figures;
# docs/PERFORMANCE.md records them. Builds what is missing first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cmake --preset native >/dev/null
cmake --build --preset native --target bench_verify bench_images bench_status bench_tlog traceseal-viewer-bench \
  bench_registryd traceseal traceseal-registryd
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== verify only (native)"; build/native/bench/bench_verify
echo "== image batch, corpus, memory (native)"; build/native/bench/bench_images 1000
echo "== status snapshots"; build/native/bench/bench_status
echo "== transparency log: 10^7 entries by the real writer, bundle v2 sizes and verify time"
build/native/bench/bench_tlog 10000000 build/bench-tlog
echo "== registry service (traceseal-registryd), SQLite"
rm -rf build/bench-registryd
build/native/bench/bench_registryd build/native/traceseal-registryd build/native/traceseal build/bench-registryd
if command -v pg_virtualenv >/dev/null; then
  echo "== registry service, PostgreSQL (throwaway cluster)"
  rm -rf build/bench-registryd-pg
  pg_virtualenv -t bash -c "build/native/bench/bench_registryd build/native/traceseal-registryd \
    build/native/traceseal build/bench-registryd-pg --store postgresql:///" 2>&1 | grep -v NOTICE
fi
echo "== viewer batch pool, 1 vs 2 threads"
build/native/traceseal-viewer-bench photos --out build/bench-viewer --count 1000 >/dev/null
build/native/traceseal-viewer-bench throughput build/bench-viewer/photos
if [[ -f build/wasm/site/index.html && -d web/node_modules ]]; then
  echo "== browser page (headless chromium)"; node tests/web/bench.mjs
  echo "== corpus with zxing-wasm"; node tests/web/corpus_bench.mjs
  echo "== bundle v2 verification under WASM (Node)"; node tests/web/bench_tlog.mjs
else
  echo "(web benchmarks skipped: run bash scripts/test-web.sh once to build the site)"
fi
