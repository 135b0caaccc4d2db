#!/usr/bin/env bash
# Builds libsodium for WebAssembly from Debian's libsodium source package and caches it.
# Usage: scripts/build-libsodium-wasm.sh [OUT_DIR]   (default: build/wasm-deps)
# Result: OUT_DIR/libsodium/{include,lib/libsodium.a}. A second run with the result present is a
# no-op. Needs emconfigure/emmake (emscripten), autoconf, automake, libtool; apt-get is called
# with a private source list and state directory, so the system's apt configuration is untouched.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/wasm-deps}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
prefix="$out/libsodium"
stamp="$prefix/.built-from"
# Debian's emcc needs Debian's node-acorn (TOOLCHAIN.md).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

if [[ -f "$prefix/lib/libsodium.a" && -f "$stamp" ]]; then
  echo "libsodium (wasm): cached in $prefix ($(cat "$stamp"))"
  exit 0
fi

for tool in emconfigure emmake autoreconf libtoolize patch; do
  command -v "$tool" >/dev/null || { echo "build-libsodium-wasm: '$tool' not found; run scripts/test-web.sh or apt-get install emscripten autoconf automake libtool patch" >&2; exit 2; }
done

apt_dir="$out/apt"
src_dir="$out/src"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$src_dir"

# deb-src lines that reuse the mirrors the machine already uses (deb822 and one-line formats).
list="$apt_dir/sources.list"
{
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk 'BEGIN{RS=""; FS="\n"}
      { types=""; uris=""; suites=""; key=""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/)  { types = substr($i, 7) }
          if ($i ~ /^URIs:/)   { uris = substr($i, 6) }
          if ($i ~ /^Suites:/) { suites = substr($i, 8) }
          if ($i ~ /^Signed-By: *\//) { key = substr($i, 11); sub(/^ +/, "", key) }
        }
        if (types ~ /deb/) {
          nu = split(uris, u, " "); ns = split(suites, s, " ")
          for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) if (u[a] != "" && s[b] != "")
            printf "deb-src %s%s %s main\n", (key != "" ? "[signed-by=" key "] " : ""), u[a], s[b]
        } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk '$1 == "deb" { sub(/^deb[ \t]+/, "deb-src "); print }' "$f"
  done
} | sort -u > "$list"
[[ -s "$list" ]] || { echo "build-libsodium-wasm: no Debian mirrors found in /etc/apt" >&2; exit 2; }

apt_opts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
if ! ls "$src_dir"/libsodium_*.orig.tar.* >/dev/null 2>&1; then
  apt-get "${apt_opts[@]}" -q update
  (cd "$src_dir" && apt-get "${apt_opts[@]}" source --download-only libsodium)
fi

orig="$(ls "$src_dir"/libsodium_*.orig.tar.* | head -n1)"
debian_tar="$(ls "$src_dir"/libsodium_*.debian.tar.* | head -n1)"
work="$src_dir/work"
rm -rf "$work" && mkdir -p "$work"
tar -xf "$orig" -C "$work"
tree="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)"
tar -xf "$debian_tar" -C "$tree"
if [[ -f "$tree/debian/patches/series" ]]; then
  while read -r p _; do
    [[ -z "$p" || "$p" == \#* ]] && continue
    patch -d "$tree" -p1 -s < "$tree/debian/patches/$p"
  done < "$tree/debian/patches/series"
fi

cd "$tree"
./autogen.sh -s
emconfigure ./configure --disable-shared --without-pthreads --disable-ssp --disable-asm \
  --enable-minimal --host=wasm32-unknown-emscripten --prefix="$prefix" >/dev/null
emmake make -j"${JOBS:-2}" install >/dev/null
basename "$orig" > "$stamp"
rm -rf "$work"
echo "libsodium (wasm): built into $prefix"
