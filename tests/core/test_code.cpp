// Code payloads and texts (core/src/code.cpp; FORMAT.md §3).
#include <doctest/doctest.h>

#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;

namespace {
CodeFields sample() {
    CodeFields f;
    f.key_id = 0x0102;
    f.operator_id = 0x0304;
    f.category = 0x0506;
    f.issue_day = 0x0708;
    f.segment = 0x090A0B;
    f.serial = 0x0C0D0E;
    f.nonce = {0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7};
    return f;
}
}  // namespace

TEST_CASE("payload layout is exactly §3.1: 23 big-endian bytes") {
    Bytes p = encode_payload(sample());
    Bytes expect = {0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
                    0x0C, 0x0D, 0x0E, 0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7};
    CHECK(p == expect);
    CHECK(p.size() == kPayloadSize);
}

TEST_CASE("minted text: prefix plus a 131-character token, parsed back to the same fields") {
    KeyPair k = cli::demo_key("test", 1);
    std::string text = mint_code_text(sample(), k.secret_key, "HTTPS://TS.EXAMPLE/C/");
    CHECK(text.size() == 21 + kTokenLength);
    auto code = parse_code_text(text, "HTTPS://TS.EXAMPLE/C/");
    REQUIRE(code.has_value());
    CHECK(code->prefix == "HTTPS://TS.EXAMPLE/C/");
    CHECK(code->fields == sample());
    CHECK(code->payload == encode_payload(sample()));
    CHECK(format_code_number(code->fields) == "00592395-00789774");
}

TEST_CASE("minting is deterministic for the same key and fields (Ed25519)") {
    KeyPair k = cli::demo_key("test", 1);
    CHECK(mint_code_text(sample(), k.secret_key, "P/") ==
          mint_code_text(sample(), k.secret_key, "P/"));
    CodeFields g = sample();
    g.nonce[7] ^= 1;
    CHECK(mint_code_text(g, k.secret_key, "P/") != mint_code_text(sample(), k.secret_key, "P/"));
}

TEST_CASE("the trusted prefix matches case-insensitively; the token does not") {
    KeyPair k = cli::demo_key("test", 1);
    std::string text = mint_code_text(sample(), k.secret_key, "HTTPS://TS.EXAMPLE/C/");
    std::string lower = "https://ts.example/c/" + text.substr(21);
    auto code = parse_code_text(lower, "HTTPS://TS.EXAMPLE/C/");
    REQUIRE(code.has_value());
    CHECK(code->fields == sample());
    std::string token_lower = text;
    for (std::size_t i = 21; i < token_lower.size(); ++i)
        if (token_lower[i] >= 'A' && token_lower[i] <= 'Z') token_lower[i] += 32;
    CHECK(parse_code_text(token_lower, "HTTPS://TS.EXAMPLE/C/").error().reason ==
          Reason::token_bad_character);
}

TEST_CASE("texts that are not TraceSeal codes are foreign") {
    for (const char* t : {"", "https://example.com/product/123", "HELLO", "HTTPS://TS.EXAMPLE",
                          "https://", "ftp://TS.EXAMPLE/C/ABC", "4006381333931"}) {
        CAPTURE(t);
        CHECK(parse_code_text(t, "HTTPS://TS.EXAMPLE/C/").error().reason ==
              Reason::not_traceseal_code);
    }
}

TEST_CASE(
    "a well-formed token under an untrusted URL parses (flagged later as prefix_not_trusted)") {
    KeyPair k = cli::demo_key("test", 1);
    std::string text = mint_code_text(sample(), k.secret_key, "HTTPS://EVIL.EXAMPLE/X/");
    auto code = parse_code_text(text, "HTTPS://TS.EXAMPLE/C/");
    REQUIRE(code.has_value());
    CHECK(code->prefix == "HTTPS://EVIL.EXAMPLE/X/");
}
