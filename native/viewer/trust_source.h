// Where trust comes from: the CLI's files (--root, --trust-list) or the embedded demo world.
#pragma once

#include <string>

#include "app_state.h"

namespace traceseal::viewer {

inline constexpr std::uint64_t kDemoSeed = 1;    // the world `traceseal demo` makes by default
inline constexpr std::uint32_t kDemoCount = 10;  // its default --count (every state)

TrustSource load_trust_files(const std::string& root_path, const std::string& trust_path);
// The demo world generated in memory (no files): the same root and trust list as
// `traceseal demo --seed 1`.
TrustSource demo_trust(std::uint64_t seed = kDemoSeed);
// Whole days until the list expires at `now` (negative: expired that many days ago).
long long days_until_expiry(const TrustList& list, UnixTime now);

}  // namespace traceseal::viewer

namespace traceseal::viewer {
// Every name a trust list can make the UI show (authority, operators, categories): the font
// atlas must have their glyphs too.
std::string trust_display_text(const TrustList& list);
}  // namespace traceseal::viewer
