#!/usr/bin/env bash
# Regenerates tests/vectors/*.json from tests/tools/gen_vectors.cpp (fixed seeds). Review the
# diff: a vector that changes is a change to the format's behaviour (docs/FORMAT.md §8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cmake --preset native >/dev/null
cmake --build --preset native --target gen_vectors
build/native/tests/gen_vectors tests/vectors
git --no-pager diff --stat -- tests/vectors || true
