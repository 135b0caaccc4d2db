#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz, clang-14) and runs each for a bounded time with
# seeds from the test vectors and the demo labels. Findings (crash-*, leak-*, timeout-*) land in
# build/fuzz/findings/ and fail the run.
# Usage: scripts/fuzz.sh [--seconds N per target, default 20] [--only TARGET]... (e.g. image)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds=20
targets=""
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) targets="${targets:+$targets }$2"; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N] [--only TARGET]..." >&2; exit 2 ;;
  esac
done

cmake --preset native >/dev/null
cmake --build --preset native --target gen_vectors traceseal
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

seeds=build/fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{code_text,trust_list,image,status,provenance,image_precheck,json_files,tlog,state_file,batch} build/fuzz/findings build/fuzz/vectors
build/native/tests/gen_vectors build/fuzz/vectors --seeds "$seeds"
build/native/traceseal demo --out build/fuzz/demo --count 2 >/dev/null
cp build/fuzz/demo/labels/*.png "$seeds/image/"
cp build/fuzz/demo/codes.txt "$seeds/code_text/demo_codes"
cp build/fuzz/demo/*.tss "$seeds/status/" 2>/dev/null || true
printf '\x00\x00' > "$seeds/status/empty_sets"  # base_state issued, no sets
cp tests/fuzz/regressions/image-* "$seeds/image/"  # past findings stay in every run
printf 'TSPB\x01' > "$seeds/provenance/bundle_magic"; printf 'TSCP\x01' > "$seeds/provenance/checkpoint_magic"
shared="$root/../shared/corpus/zxing-qr"
[[ -d "$shared" ]] && cp "$shared"/qrcode-1/1.png "$shared"/qrcode-5/01.png "$seeds/image/" 2>/dev/null || true

# The image pre-check sees the same files, plus the hostile ones of issue 10 (built by bench_images).
cp "$seeds"/image/* "$seeds/image_precheck/"
printf '#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 8\n\x02\x02\x00\x08' > "$seeds/image_precheck/hdr"
cp "$seeds"/trust_list/* build/fuzz/demo/*.json build/fuzz/demo/keys/*.json "$seeds/json_files/" 2>/dev/null || true

# The held state file (FORMAT.md §4.7): the one a verify run of the demo world writes.
(cd build/fuzz/demo && mapfile -t args < verify-args.txt &&
  ../../native/traceseal verify "${args[@]}" --state-dir ../state-seed - < codes.txt >/dev/null) || true
cp build/fuzz/state-seed/*.json "$seeds/state_file/" 2>/dev/null || true
printf '{"type":"traceseal-verifier-state","version":1}' > "$seeds/state_file/minimal"
# batch: demo submission key files and a signed batch (FORMAT.md §11.2).
cp build/fuzz/demo/keys/DEMO-ONLY-submit-*.key.json "$seeds/batch/"
printf '%s' '{"type":"traceseal-batch","version":1,"batch_id":"b/1","operator":1,"created_at":"2026-11-30T00:00:00Z","events":[{"event":"activate","codes":["00000100-00000001"],"received":1,"time":"2026-11-29T00:00:00Z","actor":"a","place":"p"},{"event":"reissue","old":"00000100-00000001","new":"00000100-00000002","time":"2026-11-29T00:00:00Z","actor":"a","place":"p","reason":"r"}]}' > "$seeds/batch/batch"

status=0
# tlog: the vectors' notes and witness requests, one file each (FORMAT.md §10.15).
node -e 'const d=require(process.argv[1]);let i=0;for(const g of d.testGroups)for(const t of g.tests)for(const k of ["note","request","vkey","bundle"])if(t[k])require("fs").writeFileSync(process.argv[2]+"/v"+(i++),k==="bundle"?Buffer.from(t[k],"base64"):t[k])' "$root/tests/vectors/tlog_v2.json" "$seeds/tlog" 2>/dev/null || true

for target in ${targets:-code_text trust_list image status provenance image_precheck json_files tlog state_file batch}; do
  corpus=build/fuzz/corpus/$target
  mkdir -p "$corpus"
  echo "== fuzz_$target for ${seconds}s"
  extra=()
  [[ $target == image ]] && extra=(-max_len=200000 -rss_limit_mb=2048)
  if ! build/fuzz/fuzz_$target "$corpus" "$seeds/$target" -max_total_time="$seconds" -timeout=10 \
       -artifact_prefix=build/fuzz/findings/${target}- -print_final_stats=1 "${extra[@]}" \
       2> build/fuzz/fuzz_$target.log; then
    status=1
    tail -40 build/fuzz/fuzz_$target.log
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" build/fuzz/fuzz_$target.log || true
done
exit $status
