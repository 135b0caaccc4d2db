#!/usr/bin/env bash
# Viewer smoke test (issue 4): headless traceseal-viewer under Xvfb on the demo world's labels,
# a blank image and a foreign QR; its --dump-json must equal `traceseal verify --json` for the
# same files, and the screenshot must not be blank. Exit 77 (CTest skip) only without xvfb-run.
# Usage: TRACESEAL_CLI=... TRACESEAL_VIEWER=... TRACESEAL_VIEWER_BENCH=... smoke.sh WORKDIR
set -euo pipefail
work="${1:?work dir}"
if ! command -v xvfb-run >/dev/null; then
  echo "viewer_smoke: SKIPPED - xvfb-run is missing (apt-get install xvfb; scripts/install-deps.sh installs it)"
  exit 77
fi
# Under the asan preset the viewer runs without leak detection: Mesa's GL driver is dlclose'd at
# exit, so LeakSanitizer can neither name nor suppress the driver's one-time allocations. The
# viewer's own state code is leak-checked by test_viewer_state; ASan's other checks stay on.
viewer() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    xvfb-run -a -s "-screen 0 1280x800x24" "$TRACESEAL_VIEWER" "$@"
}
rm -rf "$work" && mkdir -p "$work"
cd "$work"
"$TRACESEAL_CLI" demo --out world --count 6 >/dev/null
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

set +e
"$TRACESEAL_CLI" verify --json --at "$at" --root root.pub.json --trust-list trust-list.json "${inputs[@]}" > ../cli.jsonl
rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "viewer_smoke: CLI verify exited $rc, expected 1 (not all genuine)"; exit 1; }

for lang in en zh-CN; do
  viewer --root root.pub.json --trust-list trust-list.json \
    --at "$at" --lang "$lang" --screenshot "../screen-$lang.png" --dump-json "../viewer-$lang.jsonl" "${inputs[@]}"
  if ! diff -u ../cli.jsonl "../viewer-$lang.jsonl"; then
    echo "viewer_smoke: --dump-json ($lang) differs from traceseal verify --json"; exit 1
  fi
  read -r size colours share < <("$TRACESEAL_VIEWER_BENCH" colours "../screen-$lang.png" |
    sed -E 's/^([0-9x]+) distinct_colours=([0-9]+) non_background=([0-9.]+)/\1 \2 \3/')
  echo "viewer_smoke: $lang screenshot $size, $colours colours, non-background $share"
  [[ "$size" == 1280x800 ]] || { echo "viewer_smoke: unexpected screenshot size $size"; exit 1; }
  (( colours >= 50 )) || { echo "viewer_smoke: screenshot looks blank ($colours colours)"; exit 1; }
  awk -v s="$share" 'BEGIN { exit !(s >= 0.10) }' || { echo "viewer_smoke: screenshot mostly background"; exit 1; }
done

# The embedded demo world (no trust files) gives the same verdicts for the same labels.
viewer --at "$at" --dump-json ../viewer-demo.jsonl "${inputs[@]}"
diff -u ../cli.jsonl ../viewer-demo.jsonl || { echo "viewer_smoke: embedded demo world differs"; exit 1; }
lines=$(wc -l < ../cli.jsonl)
echo "viewer_smoke: OK ($lines results identical to the CLI in en, zh-CN and with the embedded demo world)"
