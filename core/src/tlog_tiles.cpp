// C2SP tlog-tiles paths, widths and entry bundles (FORMAT.md §10.8).
#include <cstdio>

#include "traceseal/tlog.h"

namespace traceseal::tlog {
namespace {

// tlog-tiles: zero-padded 3-digit path elements, all but the last prefixed with `x`
// (1234067 -> x001/x234/067).
std::string index_path(std::uint64_t n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03u", static_cast<unsigned>(n % 1000));
    std::string out = buf;
    while (n >= 1000) {
        n /= 1000;
        std::snprintf(buf, sizeof buf, "x%03u/", static_cast<unsigned>(n % 1000));
        out = buf + out;
    }
    return out;
}

std::string width_suffix(unsigned width) {
    return width == 0 || width >= kTileWidth ? "" : ".p/" + std::to_string(width);
}

}  // namespace

std::string tile_path(int level, std::uint64_t index, unsigned width) {
    return "tile/" + std::to_string(level) + "/" + index_path(index) + width_suffix(width);
}

std::string entries_path(std::uint64_t index, unsigned width) {
    return "tile/entries/" + index_path(index) + width_suffix(width);
}

unsigned tile_width(int level, std::uint64_t index, std::uint64_t size) {
    if (level < 0 || level >= 8) return 0;
    const std::uint64_t hashes = size >> (8 * level);
    const std::uint64_t full = hashes / kTileWidth;
    if (index < full) return kTileWidth;
    if (index == full) return static_cast<unsigned>(hashes % kTileWidth);
    return 0;
}

Bytes encode_entry_bundle(const std::vector<Bytes>& entries) {
    Bytes out;
    for (const Bytes& e : entries) {
        out.push_back(static_cast<std::uint8_t>(e.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(e.size()));
        out.insert(out.end(), e.begin(), e.end());
    }
    return out;
}

std::optional<std::vector<Bytes>> parse_entry_bundle(const Bytes& bundle) {
    std::vector<Bytes> out;
    for (std::size_t pos = 0; pos < bundle.size();) {
        if (bundle.size() - pos < 2) return std::nullopt;
        const std::size_t n = static_cast<std::size_t>(bundle[pos] << 8 | bundle[pos + 1]);
        pos += 2;
        if (bundle.size() - pos < n) return std::nullopt;
        out.emplace_back(bundle.begin() + pos, bundle.begin() + pos + n);
        pos += n;
    }
    if (out.size() > kTileWidth) return std::nullopt;
    return out;
}

}  // namespace traceseal::tlog
