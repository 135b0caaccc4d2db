// Internal: bit streams and Golomb codes for the status snapshot's serial sets (FORMAT.md §9.3).
// Readers never read past the end and refuse quotients larger than the caller's bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace traceseal::golomb {

class BitWriter {
  public:
    void put(bool bit);
    void put_bits(std::uint32_t value, int n);                 // most significant first
    std::vector<std::uint8_t> finish() const { return out_; }  // padded with 0 bits

  private:
    std::vector<std::uint8_t> out_;
    int used_ = 8;  // bits used in the last byte
};

class BitReader {
  public:
    BitReader(const std::uint8_t* data, std::size_t n) : data_(data), n_bits_(n * 8) {}
    bool get(bool& bit);
    bool get_bits(int n, std::uint32_t& value);
    // True when every bit left (the padding) is 0 and fewer than 8 remain.
    bool only_padding_left() const;

  private:
    const std::uint8_t* data_;
    std::size_t n_bits_, pos_ = 0;
};

void put(BitWriter& w, std::uint64_t v, std::uint32_t m);
// False on end of data or when v would exceed max_value.
bool get(BitReader& r, std::uint32_t m, std::uint64_t max_value, std::uint64_t& v);
std::uint64_t cost_bits(std::uint64_t v, std::uint32_t m);
// The m (1 .. 2^24) that codes `values` in the fewest bits, searched around 0.69 × mean.
std::uint32_t best_parameter(const std::vector<std::uint64_t>& values);

}  // namespace traceseal::golomb
