#!/usr/bin/env bash
# Builds the static site if needed and serves build/wasm/site with the demo world on
# http://127.0.0.1:8080 (label URLs like /C/<token> get the page). Ctrl-C to stop.
# Usage: scripts/serve-web.sh [--rebuild] [--port N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
rebuild=0; port=8080
while (($#)); do
  case "$1" in
    --rebuild) rebuild=1; shift ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: scripts/serve-web.sh [--rebuild] [--port N]" >&2; exit 2 ;;
  esac
done
if ((rebuild)) || [[ ! -f build/wasm/site/index.html ]]; then
  bash scripts/web-deps.sh
  cmake --preset native >/dev/null && cmake --build --preset native --target traceseal
  cmake --preset wasm >/dev/null && cmake --build --preset wasm
fi
echo "demo codes: build/wasm/site/demo/manifest.json; open e.g. http://127.0.0.1:$port/?code=<text>"
exec node web/serve.mjs --root build/wasm/site --port "$port"
