#!/usr/bin/env bash
# Installs the Debian 12 packages the native build, CLI and tests need, if missing.
# Usage: scripts/install-deps.sh [native|all]   (all = native + the web build's, scripts/web-deps.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-native}"

packages=(
  cmake g++ make pkg-config                           # build
  libsodium-dev libzxing-dev nlohmann-json3-dev       # core, image path
  libsqlite3-dev libpq-dev                            # issuer registry stores (native/registry)
  libboost-dev                                        # traceseal-registryd: Boost.Beast (header-only, Boost 1.74)
  libcurl4-openssl-dev                                # the viewer's sync with the registry service
  postgresql-15 postgresql-common                     # test_store_postgresql: pg_virtualenv throwaway cluster
  libstb-dev fonts-noto-cjk doctest-dev               # images, label font, tests
  clang-14 libclang-rt-14-dev clang-format            # fuzz preset (libFuzzer, sanitizers), format check
  libimgui-dev libglfw3-dev xvfb xauth                # viewer, its Xvfb smoke test; xauth for xvfb-run (README), only a Recommends of xvfb
  librsvg2-bin                                        # rsvg-convert: the label SVG round trip test
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [[ "$what" == all ]]; then
  bash "$root/scripts/web-deps.sh"
fi
