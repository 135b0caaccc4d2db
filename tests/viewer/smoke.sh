#!/usr/bin/env bash
# Viewer smoke test (issues 4, 5): headless traceseal-viewer under Xvfb on the demo world's labels,
# a blank image and a foreign QR, with the manifest's full verify_args (trust files and, when the
# demo lists them, its status snapshots) and one scan context for both; its --dump-json must equal
# `traceseal verify --json` for the same arguments byte for byte, and the screenshots must not be
# blank. Exit 77 (CTest skip) only without Xvfb.
# Usage: TRACESEAL_CLI=... TRACESEAL_VIEWER=... TRACESEAL_VIEWER_BENCH=... smoke.sh WORKDIR
set -euo pipefail
work="${1:?work dir}"
if ! command -v Xvfb >/dev/null; then
  echo "viewer_smoke: SKIPPED - Xvfb is missing (apt-get install xvfb; scripts/install-deps.sh installs it)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
# Held state (FORMAT.md §4.7) of this run only: never ~/.local/state, never an earlier run's.
export TRACESEAL_STATE_DIR="$work/held-state"
# One X server for the whole test, on a display number the server itself picks and reports
# (-displayfd): `xvfb-run -a` picks "the first free display" without a lock, so two tests started
# at once (ctest -j, two presets) could be handed the same number (docs/TOOLCHAIN.md).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/xvfb.display" 2>"$work/xvfb.log" &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [[ -s "$work/xvfb.display" ]] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { echo "viewer_smoke: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
  sleep 0.1
done
[[ -s "$work/xvfb.display" ]] || { echo "viewer_smoke: Xvfb reported no display in 10 s"; exit 1; }
export DISPLAY=":$(tr -dc 0-9 < "$work/xvfb.display")"
echo "viewer_smoke: Xvfb on $DISPLAY"
# Under the asan preset the viewer runs without leak detection: Mesa's GL driver is dlclose'd at
# exit, so LeakSanitizer can neither name nor suppress the driver's one-time allocations. The
# viewer's own state code is leak-checked by test_viewer_state; ASan's other checks stay on.
viewer() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$TRACESEAL_VIEWER" "$@"
}
cd "$work"
"$TRACESEAL_CLI" demo --out world >/dev/null  # default count: codes in every lifecycle state
"$TRACESEAL_VIEWER_BENCH" blank world/blank.png
"$TRACESEAL_VIEWER_BENCH" foreign-qr world/foreign.png "HTTPS://WWW.EXAMPLE.COM/PRODUCT/12345"
cd world
inputs=(labels/*.png blank.png foreign.png)
# A real photo from the shared corpus as a second foreign QR, when the corpus is present.
corpus_photo=""
if [[ -d "${TRACESEAL_CORPUS_DIR:-}" ]]; then
  corpus_photo="$(find "$TRACESEAL_CORPUS_DIR" -type f \( -iname '*.png' -o -iname '*.jpg' \) | sort | head -1)"
fi
[[ -f "$corpus_photo" ]] && inputs+=("$corpus_photo")
at=2026-11-20T00:00:00Z
context=inspector_shop  # the viewer's default; given to both so the dumps can be compared
# The manifest's verify_args, as the demo writes them one per line.
mapfile -t verify_args < verify-args.txt
# The demo keeps its own clock (--at in verify_args, FORMAT.md §9.4): it becomes this test's $at,
# given once to both programs.
rest=()
for ((i = 0; i < ${#verify_args[@]}; i++)); do
  if [[ "${verify_args[i]}" == --at ]]; then at="${verify_args[i + 1]}"; i=$((i + 1)); else rest+=("${verify_args[i]}"); fi
done
verify_args=("${rest[@]}")
has_status=0
for a in "${verify_args[@]}"; do [[ "$a" == --status ]] && has_status=1; done
echo "viewer_smoke: verify_args: ${verify_args[*]}"

set +e
"$TRACESEAL_CLI" verify --json --at "$at" --context "$context" "${verify_args[@]}" "${inputs[@]}" > ../cli-all.jsonl
rc=$?
set -e
# With --provenance in verify_args the CLI adds one line per bundle after the codes; the viewer
# shows those in its detail pane instead, so the code lines are what must match.
grep -v '"provenance":{' ../cli-all.jsonl > ../cli.jsonl || true
[[ $rc -eq 1 ]] || { echo "viewer_smoke: CLI verify exited $rc, expected 1 (not all genuine)"; exit 1; }
if ((has_status)); then
  grep -q '"state":"voided"' ../cli.jsonl || { echo "viewer_smoke: no voided code in the demo dump"; exit 1; }
fi

check_screen() {  # FILE: 1280x800, not blank
  read -r size colours share < <("$TRACESEAL_VIEWER_BENCH" colours "$1" |
    sed -E 's/^([0-9x]+) distinct_colours=([0-9]+) non_background=([0-9.]+)/\1 \2 \3/')
  echo "viewer_smoke: $1 $size, $colours colours, non-background $share"
  [[ "$size" == 1280x800 ]] || { echo "viewer_smoke: unexpected screenshot size $size"; exit 1; }
  (( colours >= 50 )) || { echo "viewer_smoke: screenshot looks blank ($colours colours)"; exit 1; }
  awk -v s="$share" 'BEGIN { exit !(s >= 0.10) }' || { echo "viewer_smoke: screenshot mostly background"; exit 1; }
}

# Detail pane: a resale warning (picked up) in English, a voided code in Chinese.
declare -A show=([en]=00000100-00000002 [zh-CN]=00000200-00000001)
for lang in en zh-CN; do
  viewer "${verify_args[@]}" --context "$context" --at "$at" --lang "$lang" --select "${show[$lang]}" \
    --screenshot "../screen-$lang.png" --dump-json "../viewer-$lang.jsonl" "${inputs[@]}"
  if ! diff -u ../cli.jsonl "../viewer-$lang.jsonl"; then
    echo "viewer_smoke: --dump-json ($lang) differs from traceseal verify --json"; exit 1
  fi
  check_screen "../screen-$lang.png"
done

# The embedded demo world (no files) carries the demo's trust list and status snapshots: the same
# results as the files when the manifest lists its snapshots.
if ((has_status)); then
  viewer --context "$context" --at "$at" --dump-json ../viewer-demo.jsonl "${inputs[@]}"
  diff -u ../cli.jsonl ../viewer-demo.jsonl || { echo "viewer_smoke: embedded demo world differs"; exit 1; }
fi

# A tampered snapshot is refused as the CLI refuses it: exit 2 with the reason word.
if ((has_status)); then
  snap="$(find . -maxdepth 1 -name '*.tss' | sort | head -1)"
  cp "$snap" ../tampered.tss
  printf '\x01' | dd of=../tampered.tss bs=1 seek=40 conv=notrunc status=none
  set +e
  viewer --root root.pub.json --trust-list trust-list.json --status ../tampered.tss --at "$at" \
    --dump-json ../tampered.jsonl "${inputs[@]}" 2> ../tampered.err
  rc=$?
  set -e
  [[ $rc -eq 2 ]] && grep -q status_bad_signature ../tampered.err ||
    { echo "viewer_smoke: tampered snapshot not refused (exit $rc)"; cat ../tampered.err; exit 1; }
fi
# Provenance (§10): a bundle of segment 100 from the demo registry, sale and pickup details sealed
# to an inspector key. The viewer verifies it as the CLI does, the code lines still match, and the
# screenshot shows a picked-up code's timeline with the sealed details opened; a tampered bundle
# makes it exit 2 with the reason word.
prov=0
if [[ -f registry.sqlite && -f keys/DEMO-ONLY-issuing-1.key.json ]] &&
   "$TRACESEAL_CLI" inspector keygen --out ../inspector >/dev/null 2>&1; then
  prov=1
  "$TRACESEAL_CLI" provenance export --store registry.sqlite --key keys/DEMO-ONLY-issuing-1.key.json \
    --segment 100 --inspector ../inspector.pub.json --out ../p100.tsp >/dev/null
  viewer "${verify_args[@]}" --provenance ../p100.tsp --inspector-key ../inspector.key.json \
    --context "$context" --at "$at" --lang zh-CN --select 00000100-00000002 \
    --screenshot ../screen-provenance.png --dump-json ../viewer-prov.jsonl "${inputs[@]}"
  diff -u ../cli.jsonl ../viewer-prov.jsonl || { echo "viewer_smoke: dump with provenance differs"; exit 1; }
  check_screen ../screen-provenance.png
  cp ../p100.tsp ../tampered.tsp
  size=$(stat -c %s ../tampered.tsp)
  printf '\x01' | dd of=../tampered.tsp bs=1 seek=$((size / 2)) conv=notrunc status=none
  set +e
  viewer "${verify_args[@]}" --at "$at" --provenance ../tampered.tsp --dump-json ../tampered-prov.jsonl \
    "${inputs[@]}" 2> ../tampered-prov.err
  rc=$?
  set -e
  [[ $rc -eq 2 ]] && grep -q provenance_ ../tampered-prov.err ||
    { echo "viewer_smoke: tampered bundle not refused (exit $rc)"; cat ../tampered-prov.err; exit 1; }
fi
# Provenance v2 (§10.12): the demo's own logs (DIR/log/1, cosigned by the demo witness, named by
# its version-2 trust list) and its bundle v2 of the picked-up code, sealed details opened with the
# demo inspector key. The viewer's code lines still match the CLI's; its screenshot shows the
# code's verified timeline. Seed 2's registry published under the same log key to a witness that
# never saw log 1 (so its checkpoint is cosigned: another history) is refused against log 1's held
# checkpoint — by the CLI (exit 1, a provenance_* reason of §10.13 step 8) and in the viewer's
# detail pane (screenshot).
v2=0
if [[ -f bundles/00000100-00000002.tspb && -f log/1/checkpoint && -f keys/DEMO-ONLY-log-1.key.json ]]; then
  v2=1
  mkdir -p ../v2
  insp=(--inspector-key keys/DEMO-ONLY-inspector.key.json)
  set +e
  "$TRACESEAL_CLI" verify --json --at "$at" --context "$context" "${verify_args[@]}" \
    --provenance bundles/00000100-00000002.tspb "${insp[@]}" "${inputs[@]}" > ../v2/cli-all.jsonl
  set -e
  grep -q '"provenance":{"code":"00000100-00000002"' ../v2/cli-all.jsonl ||
    { echo "viewer_smoke: the CLI did not verify the demo's bundle v2"; tail -2 ../v2/cli-all.jsonl; exit 1; }
  grep -q '"details":{"actor":"till' ../v2/cli-all.jsonl ||
    { echo "viewer_smoke: the demo inspector key did not open the sale"; tail -1 ../v2/cli-all.jsonl; exit 1; }
  grep -v '"provenance":' ../v2/cli-all.jsonl > ../v2/cli.jsonl || true
  diff -u ../cli.jsonl ../v2/cli.jsonl || { echo "viewer_smoke: a bundle v2 changed the code lines"; exit 1; }
  viewer "${verify_args[@]}" --provenance bundles/00000100-00000002.tspb "${insp[@]}" \
    --context "$context" --at "$at" --lang en --select 00000100-00000002 \
    --screenshot ../screen-provenance-v2.png --dump-json ../v2/viewer.jsonl "${inputs[@]}"
  diff -u ../cli.jsonl ../v2/viewer.jsonl || { echo "viewer_smoke: dump with a bundle v2 differs"; exit 1; }
  check_screen ../screen-provenance-v2.png
  "$TRACESEAL_CLI" demo --out ../v2/world2 --seed 2 >/dev/null
  "$TRACESEAL_CLI" registry publish --store ../v2/world2/registry.sqlite --log ../v2/log2 \
    --operator 1 --origin ts.example/log/1 --log-key keys/DEMO-ONLY-log-1.key.json \
    --witness-key keys/DEMO-ONLY-witness.key.json --witness-name witness.example/demo \
    --witness-state ../v2/ws2 --at "$at" >/dev/null
  "$TRACESEAL_CLI" provenance export --store ../v2/world2/registry.sqlite --log ../v2/log2 \
    --operator 1 --out ../v2/rewritten.tspb 00000100-00000002 >/dev/null
  set +e
  "$TRACESEAL_CLI" verify --json --at "$at" "${verify_args[@]}" --checkpoint log/1/checkpoint \
    --provenance ../v2/rewritten.tspb > ../v2/rewritten.jsonl
  rc=$?
  set -e
  [[ $rc -eq 1 ]] && grep -Eq '"reason":"provenance_(history_rewritten|consistency_missing|rollback)"' ../v2/rewritten.jsonl ||
    { echo "viewer_smoke: another history not refused by the CLI (exit $rc)"; cat ../v2/rewritten.jsonl; exit 1; }
  echo "viewer_smoke: another history under log 1's key: $(grep -o '"reason":"[a-z_]*"' ../v2/rewritten.jsonl)"
  viewer "${verify_args[@]}" --checkpoint log/1/checkpoint --provenance ../v2/rewritten.tspb \
    --context "$context" --at "$at" --lang zh-CN --select 00000100-00000002 \
    --screenshot ../screen-provenance-refused.png --dump-json ../v2/viewer-refused.jsonl "${inputs[@]}"
  diff -u ../cli.jsonl ../v2/viewer-refused.jsonl || { echo "viewer_smoke: dump with a refused bundle differs"; exit 1; }
  check_screen ../screen-provenance-refused.png
fi
# Against a real traceseal-registryd --demo (issue 15): synced, logged in as the demo's police
# inspector, the picked-up code's bundle fetched and its timeline shown; then the server stopped
# and the viewer still working on the kept files.
server=0
if [[ -n "${TRACESEAL_REGISTRYD:-}" ]]; then
  mkdir -p ../server
  "$TRACESEAL_REGISTRYD" --demo . --listen 127.0.0.1:0 > ../server/registryd.out 2>&1 &
  reg_pid=$!
  for _ in $(seq 100); do grep -q '^listening on ' ../server/registryd.out && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' ../server/registryd.out)
  [[ -n "$url" ]] || { echo "viewer_smoke: registryd did not start"; cat ../server/registryd.out; kill $reg_pid; exit 1; }
  keys=keys/DEMO-ONLY-inspector-police
  viewer --state-dir ../server/state --server "$url" --phone +8613800000002 \
    --device-key $keys.device.key.json --inspector-key $keys.key.json --case SMOKE-1 \
    --login-outbox sms-outbox.jsonl --select 00000100-00000002 \
    --screenshot ../screen-server-timeline.png --dump-json ../server/online.jsonl "${inputs[@]}"
  check_screen ../screen-server-timeline.png
  ls ../server/state/sync/*/bundles/00000100-00000002.tspb >/dev/null ||
    { echo "viewer_smoke: no bundle fetched from the server"; kill $reg_pid; exit 1; }
  kill $reg_pid; wait $reg_pid || true
  viewer --state-dir ../server/state --server "$url" --inspector-key $keys.key.json \
    --select 00000100-00000002 --show trust \
    --screenshot ../screen-server-offline.png --dump-json ../server/offline.jsonl "${inputs[@]}" \
    2> ../server/offline.err
  check_screen ../screen-server-offline.png
  diff -u ../server/online.jsonl ../server/offline.jsonl ||
    { echo "viewer_smoke: offline results differ from the synced ones"; exit 1; }
  grep -q '"state":"picked_up"' ../server/offline.jsonl ||
    { echo "viewer_smoke: offline, the kept status data gives no states"; exit 1; }
  server=1
fi
lines=$(wc -l < ../cli.jsonl)
echo "viewer_smoke: OK ($lines results identical to the CLI in en, zh-CN$( ((has_status)) && echo ' and with the embedded demo world'); status files: $has_status; provenance: $prov; bundle v2: $v2; server: $server)"
