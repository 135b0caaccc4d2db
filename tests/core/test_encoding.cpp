// Base41 and hex (core/src/encoding.cpp; FORMAT.md §2.1, §3.2).
#include <doctest/doctest.h>

#include "traceseal/traceseal.h"

using namespace traceseal;

TEST_CASE("base41 round-trips every length and byte value") {
    for (std::size_t len = 0; len < 40; ++len) {
        Bytes b(len);
        for (std::size_t i = 0; i < len; ++i) b[i] = static_cast<std::uint8_t>(i * 97 + len * 31);
        std::string s = encode_base41(b);
        CAPTURE(len);
        CHECK(s.size() == len / 2 * 3 + (len % 2) * 2);
        auto back = decode_base41(s);
        REQUIRE(back.has_value());
        CHECK(*back == b);
    }
    Bytes all(256);
    for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
    CHECK(*decode_base41(encode_base41(all)) == all);
}

TEST_CASE("base41 uses only QR alphanumeric characters that are safe in a URL path") {
    Bytes b(300);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i * 7919);
    for (char c : encode_base41(b)) {
        CAPTURE(c);
        CHECK(std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*+-:").find(c) !=
              std::string_view::npos);
    }
}

TEST_CASE("base41 known answers: least significant digit first, as RFC 9285") {
    CHECK(encode_base41({0x00, 0x00}) == "000");
    CHECK(encode_base41({0xFF, 0xFF}) == "H:+");  // 65535 = 17 + 40*41 + 38*41^2
    auto v = decode_base41("H:+");
    REQUIRE(v.has_value());
    CHECK(*v == Bytes{0xFF, 0xFF});
    CHECK(encode_base41({0x01}) == "10");
    CHECK(encode_base41({0xFF}) == "96");  // 255 = 9 + 6*41
    CHECK(*decode_base41(encode_base41({0xFF})) == Bytes{0xFF});
}

TEST_CASE("base41 rejects non-canonical and malformed text") {
    CHECK(decode_base41(":::").error().reason == Reason::token_non_canonical);  // 68920 > 65535
    CHECK(decode_base41("::").error().reason == Reason::token_non_canonical);   // 1680 > 255
    CHECK(decode_base41("0000").error().reason == Reason::token_bad_length);
    CHECK(decode_base41("0a0").error().reason == Reason::token_bad_character);
    CHECK(decode_base41("0 0").error().reason == Reason::token_bad_character);
    CHECK(decode_base41("0.0").error().reason == Reason::token_bad_character);
    CHECK(decode_base41("0/0").error().reason == Reason::token_bad_character);
    CHECK(decode_base41("").value().empty());
}

TEST_CASE("hex is lowercase only") {
    std::uint8_t d[3] = {0x00, 0xAB, 0xFF};
    CHECK(to_hex(d, 3) == "00abff");
    CHECK(*from_hex("00abff") == Bytes{0x00, 0xAB, 0xFF});
    CHECK_FALSE(from_hex("00ABFF").has_value());
    CHECK_FALSE(from_hex("abc").has_value());
    CHECK_FALSE(from_hex("zz").has_value());
}
