// Golomb codes with truncated-binary remainders (FORMAT.md §9.3) over MSB-first bit streams.
#include "golomb.h"

#include <algorithm>

namespace traceseal::golomb {
namespace {

int ceil_log2(std::uint32_t m) {
    int b = 0;
    while ((std::uint64_t{1} << b) < m) ++b;
    return b;
}

}  // namespace

void BitWriter::put(bool bit) {
    if (used_ == 8) {
        out_.push_back(0);
        used_ = 0;
    }
    if (bit) out_.back() |= static_cast<std::uint8_t>(0x80 >> used_);
    ++used_;
}

void BitWriter::put_bits(std::uint32_t value, int n) {
    for (int i = n - 1; i >= 0; --i) put((value >> i) & 1);
}

bool BitReader::get(bool& bit) {
    if (pos_ >= n_bits_) return false;
    bit = (data_[pos_ / 8] >> (7 - pos_ % 8)) & 1;
    ++pos_;
    return true;
}

bool BitReader::get_bits(int n, std::uint32_t& value) {
    value = 0;
    for (int i = 0; i < n; ++i) {
        bool b;
        if (!get(b)) return false;
        value = (value << 1) | (b ? 1u : 0u);
    }
    return true;
}

bool BitReader::only_padding_left() const {
    if (n_bits_ - pos_ >= 8) return false;
    for (std::size_t p = pos_; p < n_bits_; ++p)
        if ((data_[p / 8] >> (7 - p % 8)) & 1) return false;
    return true;
}

void put(BitWriter& w, std::uint64_t v, std::uint32_t m) {
    std::uint64_t q = v / m;
    std::uint32_t r = static_cast<std::uint32_t>(v % m);
    for (std::uint64_t i = 0; i < q; ++i) w.put(true);
    w.put(false);
    int b = ceil_log2(m);
    if (b == 0) return;
    std::uint32_t cutoff = static_cast<std::uint32_t>((std::uint64_t{1} << b) - m);
    if (r < cutoff)
        w.put_bits(r, b - 1);
    else
        w.put_bits(r + cutoff, b);
}

bool get(BitReader& r, std::uint32_t m, std::uint64_t max_value, std::uint64_t& v) {
    std::uint64_t q = 0, max_q = max_value / m;
    for (;;) {
        bool bit;
        if (!r.get(bit)) return false;
        if (!bit) break;
        if (++q > max_q) return false;  // bounded: a hostile run of 1s stops here
    }
    std::uint32_t rem = 0;
    int b = ceil_log2(m);
    if (b > 0) {
        std::uint32_t cutoff = static_cast<std::uint32_t>((std::uint64_t{1} << b) - m);
        if (!r.get_bits(b - 1, rem)) return false;
        if (rem >= cutoff) {
            bool bit;
            if (!r.get(bit)) return false;
            rem = ((rem << 1) | (bit ? 1u : 0u)) - cutoff;
        }
    }
    v = q * m + rem;
    return v <= max_value;
}

std::uint64_t cost_bits(std::uint64_t v, std::uint32_t m) {
    int b = ceil_log2(m);
    std::uint64_t cutoff = (std::uint64_t{1} << b) - m;
    std::uint64_t r = v % m;
    return v / m + 1 + (b == 0 ? 0 : (r < cutoff ? b - 1 : b));
}

std::uint32_t best_parameter(const std::vector<std::uint64_t>& values) {
    if (values.empty()) return 1;
    long double sum = 0;
    for (auto v : values) sum += v;
    long double guess = 0.69L * sum / values.size();
    std::uint32_t centre = static_cast<std::uint32_t>(std::clamp<long double>(guess, 1, 1 << 24));
    std::uint32_t best = 1;
    std::uint64_t best_cost = ~std::uint64_t{0};
    // The cost is convex enough in m that a few candidates around the estimate suffice.
    for (long double f : {0.5L, 0.7L, 0.85L, 1.0L, 1.15L, 1.4L, 2.0L}) {
        std::uint32_t m =
            static_cast<std::uint32_t>(std::clamp<long double>(centre * f, 1, 1 << 24));
        std::uint64_t c = 0;
        for (auto v : values) c += cost_bits(v, m);
        if (c < best_cost) best_cost = c, best = m;
    }
    return best;
}

}  // namespace traceseal::golomb
