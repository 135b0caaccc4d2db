// Ed25519 as the core uses it (core/src/crypto.cpp): RFC 8032 vectors and the non-canonical and
// small-order cases of tests/vectors/ed25519_v1.json; domain separation of §2.3.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "traceseal/traceseal.h"

using namespace traceseal;

TEST_CASE("ed25519 vectors") {
    std::ifstream in(std::string(TRACESEAL_VECTORS_DIR) + "/ed25519_v1.json");
    REQUIRE(in);
    nlohmann::json doc = nlohmann::json::parse(in);
    int n = 0, valid = 0;
    for (const auto& t : doc["testGroups"][0]["tests"]) {
        CAPTURE(t["comment"].get<std::string>());
        PublicKey pk;
        Bytes pkb = *from_hex(t["public_key"].get<std::string>());
        std::copy(pkb.begin(), pkb.end(), pk.bytes.begin());
        Bytes sigb = *from_hex(t["signature"].get<std::string>());
        std::array<std::uint8_t, 64> sig;
        std::copy(sigb.begin(), sigb.end(), sig.begin());
        bool ok = ed25519_verify(pk, *from_hex(t["message"].get<std::string>()), sig);
        CHECK(ok == (t["expect"] == "valid"));
        valid += ok;
        ++n;
    }
    CHECK(n == doc["numberOfTests"].get<int>());
    CHECK(valid == 3);
}

TEST_CASE("a code signature is not a trust-list signature (domain separation)") {
    Seed s;
    s.fill(9);
    KeyPair k = keypair_from_seed(s);
    // Sign a "payload" as a code, then present the same bytes as a trust list body.
    CodeFields f;
    std::string text = mint_code_text(f, k.secret_key, "HTTPS://A.B/");
    auto code = parse_code_text(text, "HTTPS://A.B/");
    REQUIRE(code.has_value());
    // context || 0x00 || payload, built in place (g++ 12 warns falsely on push_back here).
    Bytes msg(kCodeContext.size() + 1 + code->payload.size(), 0);
    std::copy(kCodeContext.begin(), kCodeContext.end(), msg.begin());
    std::copy(code->payload.begin(), code->payload.end(), msg.begin() + kCodeContext.size() + 1);
    CHECK(ed25519_verify(k.public_key, msg, code->signature));
    CHECK_FALSE(ed25519_verify(k.public_key, code->payload, code->signature));
    std::string envelope =
        "{\"type\":\"traceseal-signed-trust-list\",\"version\":1,\"root_key_id\":\"" +
        root_key_id(k.public_key) + "\",\"signed\":\"x\",\"signature\":\"" +
        to_hex(code->signature.data(), 64) + "\"}";
    CHECK(verify_trust_list(envelope, k.public_key).error().reason ==
          Reason::trust_list_bad_signature);
}
