#!/usr/bin/env bash
# Layout rules of issue 9 (CTest `layout_rules`):
#  1. outside native/cli/ and the CLI's own tests (tests/native/test_cli*.cpp), no file includes
#     a native/cli/ header, and no CMake file links a CLI target;
#  2. core tests (tests/core/) link the core and testkit/demo-world only: no image, label,
#     registry or platform library (so no ZXing, stb or SQLite);
#  3. the rules that used to be repeated exist once: no front end derives "verified" from the
#     verdict or compares status / trust list sequences itself.
# Plain grep over the source folders (no git: a fresh machine or a tarball may have none).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
src=(core native tests testkit web bench)
# src_grep GREP_ARGS... : grep -rn over the sources, never build outputs or node_modules.
src_grep() { grep -rn --exclude-dir=node_modules --exclude-dir=build "$@" "${src[@]}" 2>/dev/null || true; }
for h in native/cli/*.h; do
  name=$(basename "$h")
  hits=$(src_grep -l -E "#include \"(native/cli/)?$name\"" --include='*.cpp' --include='*.h' |
    grep -v -E '^(native/cli/|tests/native/test_cli[^/]*\.cpp$)' || true)
  if [ -n "$hits" ]; then echo "check-layout: $name (native/cli) included by: $hits"; fail=1; fi
done
hits=$(src_grep -E 'traceseal_cli|TARGET_FILE:traceseal>' --include=CMakeLists.txt |
  grep -v -E '^(native/cli/|tests/native/|tests/viewer/)' || true)
if [ -n "$hits" ]; then echo "check-layout: CLI target used outside native/cli: $hits"; fail=1; fi
hits=$(grep -n -E 'traceseal_(image|label|registry|platform|demo)\b|testkit_image|STB|sqlite' tests/core/CMakeLists.txt || true)
if [ -n "$hits" ]; then echo "check-layout: core tests link native code: $hits"; fail=1; fi
hits=$(src_grep -E 'verdict == Verdict::genuine \|\| [a-z_.]*verdict == Verdict::warning' --include='*.cpp' --include='*.h' |
  grep -E '^(native|web)/' || true)
if [ -n "$hits" ]; then echo "check-layout: front end derives authentic/reminder itself: $hits"; fail=1; fi
hits=$(src_grep -E 'accept_(status|trust_list)_update' --include='*.cpp' --include='*.h' |
  grep -E '^(native|web)/' | grep -v '^native/platform/' || true)
if [ -n "$hits" ]; then echo "check-layout: front end applies an update rule itself (use TrustState): $hits"; fail=1; fi
[ "$fail" = 0 ] && echo "check-layout: OK"
exit "$fail"
