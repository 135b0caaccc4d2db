// Text encodings of bytes: base41 for code tokens (FORMAT.md §3.2) and lowercase hex for keys
// (§2.1). (FORMAT.md §3.2). Decoding is canonical: every byte string has exactly one encoding.
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*+-:";
static_assert(kAlphabet.size() == 41);

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    switch (c) {
        case '$':
            return 36;
        case '*':
            return 37;
        case '+':
            return 38;
        case '-':
            return 39;
        case ':':
            return 40;
        default:
            return -1;
    }
}

}  // namespace

std::string encode_base41(const Bytes& bytes) {
    std::string out;
    out.reserve(bytes.size() / 2 * 3 + 2);
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        unsigned n = (unsigned{bytes[i]} << 8) | bytes[i + 1];
        out += kAlphabet[n % 41];
        out += kAlphabet[n / 41 % 41];
        out += kAlphabet[n / (41 * 41)];
    }
    if (i < bytes.size()) {
        unsigned n = bytes[i];
        out += kAlphabet[n % 41];
        out += kAlphabet[n / 41];
    }
    return out;
}

Result<Bytes> decode_base41(std::string_view text) {
    for (char c : text)
        if (digit_value(c) < 0)
            return make_error(Reason::token_bad_character,
                              std::string("character '") + c + "' is not in the token alphabet");
    if (text.size() % 3 == 1)
        return make_error(Reason::token_bad_length, "token length leaves a single character");
    Bytes out;
    out.reserve(text.size() / 3 * 2 + 1);
    std::size_t i = 0;
    for (; i + 3 <= text.size(); i += 3) {
        unsigned n = digit_value(text[i]) + 41u * digit_value(text[i + 1]) +
                     41u * 41u * digit_value(text[i + 2]);
        if (n > 0xFFFF)
            return make_error(Reason::token_non_canonical,
                              "a 3-character group encodes a value above 65535");
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n & 0xFF));
    }
    if (i < text.size()) {
        unsigned n = digit_value(text[i]) + 41u * digit_value(text[i + 1]);
        if (n > 0xFF)
            return make_error(Reason::token_non_canonical,
                              "the final 2-character group encodes a value above 255");
        out.push_back(static_cast<std::uint8_t>(n));
    }
    return out;
}

}  // namespace traceseal

namespace traceseal {

std::string to_hex(const std::uint8_t* data, std::size_t n) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = kDigits[data[i] >> 4];
        out[2 * i + 1] = kDigits[data[i] & 15];
    }
    return out;
}

Result<Bytes> from_hex(std::string_view hex) {
    auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (hex.size() % 2) return make_error(Reason::key_file_malformed, "hex string of odd length");
    Bytes out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return make_error(Reason::key_file_malformed, "not lowercase hex");
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

}  // namespace traceseal
