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

TEST_CASE("inspector key files (§10.16): round trip, and malformed ones refused without a throw") {
    Seed s;
    s.fill(5);
    BoxKeyPair k = box_keypair_from_seed(s);
    auto secret = parse_inspector_key_file(format_inspector_key_file(k, true));
    REQUIRE(secret.has_value());
    REQUIRE(secret->secret.has_value());
    CHECK(secret->secret->secret_key == k.secret_key);
    auto pub = parse_inspector_key_file(format_inspector_key_file(k, false));
    REQUIRE(pub.has_value());
    CHECK_FALSE(pub->secret.has_value());
    CHECK(pub->public_key.bytes == k.public_key.bytes);
    const std::string pk = to_hex(k.public_key.bytes.data(), 32);
    // Each of these aborted the CLI (exit 134) when read with throwing accessors.
    for (const std::string& bad : std::vector<std::string>{
             std::string(R"({"version":"1"})"), std::string(R"({"type":1})"), std::string("[]"),
             std::string("{"),
             R"({"type":"traceseal-inspector-key","version":"1","public_key":")" + pk + "\"}",
             std::string(R"({"type":"traceseal-inspector-key","version":1,"public_key":7})"),
             R"({"type":"traceseal-inspector-key","version":1,"public_key":")" + pk +
                 R"(","secret_key":")" + std::string(64, '0') + "\"}",
             R"({"type":"traceseal-inspector-key","version":1,"public_key":")" + pk +
                 R"(","extra":1})"}) {
        CAPTURE(bad);
        auto r = parse_inspector_key_file(bad);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().reason == Reason::key_file_malformed);
    }
}

TEST_CASE("a member named twice is refused in every JSON document the core reads") {
    KeyPair k = kp(3);
    const std::string pub = format_public_key_file(KeyFile{KeyRole::root, 0, k.public_key, {}});
    REQUIRE(parse_key_file(pub).has_value());
    // The same key file with "role" given twice: nlohmann would keep the last, others the first.
    std::string twice = pub;
    twice.insert(twice.find('{') + 1, "\"role\": \"issuing\", ");
    auto r = parse_key_file(twice);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::key_file_malformed);
    CHECK(r.error().detail.find("role") != std::string::npos);
    // Nested objects have their own members: the same name in two objects is fine.
    KeyPair root = kp(4);
    TrustListBody b;
    b.sequence = 1;
    b.issued_at = 0;
    b.expires_at = 86400;
    b.authority = "A";
    b.label_prefix = "HTTPS://TS.EXAMPLE/C/";
    b.operators = {{1, "O", "O"}};
    b.categories = {{1, "C", "C"}};
    b.issuing_keys = {{1, 1, k.public_key, {{1, 2}}, 0, 86400}};
    const std::string body = format_trust_list_body(b);
    REQUIRE(parse_trust_list_body(body).has_value());
    std::string dup = body;
    dup.insert(dup.find('{') + 1, "\"sequence\": 9, ");
    CHECK(parse_trust_list_body(dup).error().reason == Reason::trust_list_malformed);
    // And in the signed envelope: a second signed_body would change what was verified.
    const std::string env = sign_trust_list(body, root);
    REQUIRE(verify_trust_list(env, root.public_key).has_value());
    std::string dup_env = env;
    dup_env.insert(dup_env.find('{') + 1, "\"root_key_id\": \"0000000000000000\", ");
    CHECK(verify_trust_list(dup_env, root.public_key).error().reason ==
          Reason::trust_list_malformed);
}
