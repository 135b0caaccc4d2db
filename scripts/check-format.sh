#!/usr/bin/env bash
# Checks that every C++ file of the project matches .clang-format (clang-format 14). Works in a
# clone and in a tarball without git (a fresh machine may have none). Fix with:
#   bash scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
mode=(--dry-run --Werror)
[[ "${1:-}" == --fix ]] && mode=(-i)
# The project's source folders; build outputs and node_modules are never under them.
mapfile -d '' files < <(find core native tests bench testkit web -path web/node_modules -prune -o \
  -type f \( -name '*.cpp' -o -name '*.h' \) -print0 2>/dev/null | sort -z)
((${#files[@]})) || { echo "check-format: no C++ files found" >&2; exit 1; }
clang-format "${mode[@]}" "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
