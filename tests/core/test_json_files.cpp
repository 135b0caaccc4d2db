// Key files and JSON reports (core/src/json_files.cpp; FORMAT.md §4.2, §6.2).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "traceseal/traceseal.h"

using namespace traceseal;

namespace {
KeyPair kp(std::uint8_t b) {
    Seed s;
    s.fill(b);
    return keypair_from_seed(s);
}
}  // namespace

TEST_CASE("key files round-trip; public files carry no secret") {
    KeyPair k = kp(7);
    KeyFile f{KeyRole::issuing, 12, k.public_key, k.secret_key};
    std::string pub = format_public_key_file(f), sec = format_secret_key_file(f);
    CHECK(pub.find("secret") == std::string::npos);
    auto p = parse_key_file(pub);
    REQUIRE(p.has_value());
    CHECK(p->role == KeyRole::issuing);
    CHECK(p->key_id == 12);
    CHECK(p->public_key == k.public_key);
    CHECK_FALSE(p->secret_key.has_value());
    auto s = parse_key_file(sec);
    REQUIRE(s.has_value());
    CHECK(s->secret_key->bytes == k.secret_key.bytes);
}

TEST_CASE("a secret key file whose halves disagree is refused") {
    KeyPair a = kp(1), b = kp(2);
    KeyFile f{KeyRole::root, 0, a.public_key, b.secret_key};
    auto r = parse_key_file(format_secret_key_file(f));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::key_file_malformed);
    CHECK(r.error().detail.find("does not match") != std::string::npos);
}

TEST_CASE("malformed key files name the problem") {
    for (const char* bad : {"", "{", "[]", "{\"type\":\"traceseal-public-key\",\"version\":1}",
                            "{\"type\":\"traceseal-public-key\",\"version\":1,\"role\":\"root\","
                            "\"public_key\":\"00\"}",
                            "{\"type\":\"other\",\"version\":1}"}) {
        CAPTURE(bad);
        auto r = parse_key_file(bad);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().reason == Reason::key_file_malformed);
        CHECK_FALSE(r.error().detail.empty());
    }
}

TEST_CASE("assessment JSON has the fields of §6.2 and marks unverified claims") {
    Assessment a;
    a.verdict = Verdict::invalid;
    a.reasons = {Reason::bad_signature};
    a.text = "HTTPS://TS.EXAMPLE/C/X";
    CodeFields f;
    f.segment = 100;
    f.serial = 7;
    a.fields = f;
    auto j = nlohmann::json::parse(assessment_to_json(a, "in.png", "{\"format\":\"QRCode\"}"));
    CHECK(j["input"] == "in.png");
    CHECK(j["verdict"] == "invalid");
    CHECK(j["reasons"] == nlohmann::json::array({"bad_signature"}));
    CHECK(j["fields"]["code_number"] == "00000100-00000007");
    CHECK(j["verified"] == false);
    CHECK(j["format"] == "QRCode");
    a.text = std::string("\xff\xfe bad utf-8");
    CHECK_NOTHROW(nlohmann::json::parse(assessment_to_json(a, "x")));
}
