#!/usr/bin/env bash
# Runs every benchmark on demand (never part of the test command) and prints their figures;
# docs/PERFORMANCE.md records them. Builds what is missing first.
# `bash scripts/bench.sh registryd` runs only the registry service benchmark (issue 14) and prints
# its whole table: SQLite, PostgreSQL with fsync on (as a real server runs) and with
# pg_virtualenv's default fsync=off, each with group commit and without (--group-commit 0).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cmake --preset native >/dev/null
registryd_table() {
  cmake --build --preset native --target bench_registryd traceseal traceseal-registryd >/dev/null
  local b=build/native/bench/bench_registryd bins="build/native/traceseal-registryd build/native/traceseal"
  echo "== registry service (traceseal-registryd): 8 tills, batches of 50, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "| store | events/s, signed batches | bare insert, same rows | ratio | p50 / p99 at 500 events/s | writes per commit | load (1 min, start-end) |"
  echo "|---|---:|---:|---:|---|---:|---|"
  for gc in 1 0; do
    rm -rf build/bench-registryd
    $b $bins build/bench-registryd --label "SQLite (WAL, synchronous=FULL), group commit $gc" \
      --service-arg --group-commit --service-arg $gc | grep '^|' || echo "| SQLite, group commit $gc: the run failed |"
  done
  if command -v pg_virtualenv >/dev/null; then
    for fsync in on off; do
      rm -rf build/bench-registryd-pg*
      pg_virtualenv -t -o fsync=$fsync bash -c "for gc in 1 0; do createdb bench\$gc; \
        $b $bins build/bench-registryd-pg\$gc --store postgresql:///bench\$gc \
        --label \"PostgreSQL 15 (fsync=$fsync), group commit \$gc\" \
        --service-arg --group-commit --service-arg \$gc; done" 2>&1 | grep '^|' || true
    done
  fi
}
if [[ "${1:-}" == registryd ]]; then registryd_table; exit 0; fi
cmake --build --preset native --target bench_verify bench_images bench_status bench_tlog traceseal-viewer-bench \
  bench_registryd traceseal traceseal-registryd
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== verify only (native)"; build/native/bench/bench_verify
echo "== image batch, corpus, memory (native)"; build/native/bench/bench_images 1000
echo "== status snapshots"; build/native/bench/bench_status
echo "== transparency log: 10^7 entries by the real writer, bundle v2 sizes and verify time"
build/native/bench/bench_tlog 10000000 build/bench-tlog
registryd_table
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
