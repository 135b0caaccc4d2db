// Internal: big-endian writing and a bounds-checked reader for the binary formats (codes §3.1,
// segment certificates and status snapshots §9, checkpoints and bundles §10).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal {

inline void put_be(Bytes& out, std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_bytes(Bytes& out, const std::uint8_t* p, std::size_t n) {
    out.insert(out.end(), p, p + n);
}
// A u32 length, then the bytes.
inline void put_str(Bytes& out, std::string_view s) {
    put_be(out, s.size(), 4);
    out.insert(out.end(), s.begin(), s.end());
}

// `ok` turns false on the first read past the end (or an oversized string) and stays false;
// later reads return zeros, so a parser checks `ok` once after a group of reads.
struct ByteReader {
    const Bytes& b;
    std::size_t pos = 0;
    bool ok = true;

    std::uint64_t be(int n) {
        if (!ok || b.size() - pos < static_cast<std::size_t>(n)) return ok = false, 0;
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | b[pos++];
        return v;
    }
    template <std::size_t N>
    std::array<std::uint8_t, N> fixed() {
        std::array<std::uint8_t, N> a{};
        if (!ok || b.size() - pos < N) return ok = false, a;
        std::copy(b.begin() + pos, b.begin() + pos + N, a.begin());
        pos += N;
        return a;
    }
    Bytes raw(std::size_t n) {
        if (!ok || b.size() - pos < n) return ok = false, Bytes();
        Bytes out(b.begin() + pos, b.begin() + pos + n);
        pos += n;
        return out;
    }
    std::string str(std::size_t cap) {
        std::uint64_t n = be(4);
        if (!ok || n > cap) return ok = false, std::string();
        Bytes r = raw(static_cast<std::size_t>(n));
        return std::string(r.begin(), r.end());
    }
    // Consumes `m` if the next bytes are exactly it.
    bool magic(std::string_view m) {
        if (!ok || b.size() - pos < m.size() || !std::equal(m.begin(), m.end(), b.begin() + pos))
            return false;
        pos += m.size();
        return true;
    }
};

}  // namespace traceseal
