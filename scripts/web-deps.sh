#!/usr/bin/env bash
# Installs what the web build and tests need and is missing (Debian 12): Emscripten, the tools
# that build libsodium for WASM, chromium and ffmpeg for the browser tests, the native build's
# libraries (the demo world comes from the native CLI), Node.js + npm, and web/node_modules.
# Sourced or run by scripts/test-web.sh and scripts/serve-web.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  cmake g++ make pkg-config patch                               # builds
  emscripten autoconf automake libtool                         # WASM core + libsodium (TOOLCHAIN.md)
  dpkg-dev xz-utils ca-certificates                            # apt-get source; unpacking .tar.xz; npm over TLS
  libsodium-dev nlohmann-json3-dev libzxing-dev libstb-dev doctest-dev  # native CLI (demo world)
  chromium ffmpeg                                              # browser tests, fake camera
)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "web-deps: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian 12's own nodejs is 18.20; every npm package is pinned to a version that supports it
# (docs/TOOLCHAIN.md). Older than 18 cannot run them.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 18)); then
  echo "web-deps: Node $(node --version) is too old: the web tests need Node >= 18 (Debian 12's nodejs is 18.20)" >&2
  exit 2
fi

# npm ci only when the lock file changed since the last install.
if [[ ! -f "$root/web/node_modules/.package-lock.json" ||
      "$root/web/package-lock.json" -nt "$root/web/node_modules/.package-lock.json" ]]; then
  (cd "$root/web" && npm ci --no-audit --no-fund)
fi
