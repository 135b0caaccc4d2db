// tests/vectors/inspector_v1.json (FORMAT.md §12.9) against core/src/inspector.cpp: agencies in
// the trust list, certificates, the role table, signed requests and sessions.
#include <doctest/doctest.h>

#include "traceseal/traceseal.h"
#include "vector_file.h"

using namespace traceseal;
using Json = nlohmann::json;

namespace {

const Json& doc() {
    static const Json j = test::load_vector_file("inspector_v1.json");
    return j;
}

const Json& tests_of(const char* type) {
    for (const auto& g : doc()["testGroups"])
        if (g["type"] == type) return g["tests"];
    FAIL("no group " << type);
    static const Json none;
    return none;
}

PublicKey world_key(const char* name) {
    auto b = from_hex(doc()["world"][name].get<std::string>());
    REQUIRE(b);
    PublicKey k;
    std::copy(b->begin(), b->end(), k.bytes.begin());
    return k;
}

PublicKey root() {
    auto k = parse_key_file(doc()["world"]["root_public_key"].get<std::string>());
    REQUIRE(k);
    return k->public_key;
}

std::string outcome(const std::optional<Error>& e) {
    return e ? std::string(to_string(e->reason)) : "valid";
}

}  // namespace

TEST_CASE("TrustListAgencies: §12.1") {
    const Json& tests = tests_of("TrustListAgencies");
    CHECK(tests.size() >= 10);
    for (const auto& t : tests) {
        CAPTURE(t["tcId"].get<int>());
        CAPTURE(t["comment"].get<std::string>());
        auto r = verify_trust_list(t["trust_list"].get<std::string>(), root());
        CHECK(outcome(r ? std::nullopt : std::optional<Error>(r.error())) == t["expect"]);
    }
}

TEST_CASE("InspectorCertificate: §12.2, in order") {
    auto trust = verify_trust_list(doc()["world"]["trust_list"].get<std::string>(), root());
    REQUIRE(trust);
    CHECK(trust->body().agencies.size() == 3);
    for (const auto& t : tests_of("InspectorCertificate")) {
        CAPTURE(t["tcId"].get<int>());
        CAPTURE(t["comment"].get<std::string>());
        auto at = parse_time(t["at"].get<std::string>());
        REQUIRE(at);
        auto c = verify_inspector_certificate(t["certificate"].get<std::string>(), *trust, *at);
        CHECK(outcome(c ? std::nullopt : std::optional<Error>(c.error())) == t["expect"]);
        if (c) {
            const Agency* a = trust->body().find_agency(c->body().agency);
            REQUIRE(a);
            CHECK(a->role == c->body().role);
        }
    }
}

TEST_CASE("RoleAccess and SealDecision: §12.3") {
    int open = 0;
    for (const auto& t : tests_of("RoleAccess")) {
        CAPTURE(t["comment"].get<std::string>());
        auto role = parse_inspector_role(t["role"].get<std::string>());
        auto group = parse_field_group(t["group"].get<std::string>());
        REQUIRE(role);
        REQUIRE(group);
        bool may = role_may_open(*role, *group);
        CHECK((may ? "open" : "closed") == t["expect"]);
        open += may;
    }
    CHECK(open == 9 + 8 + 6);  // customs all, police all but return, market regulator 6
    for (const auto& t : tests_of("SealDecision")) {
        CAPTURE(t["comment"].get<std::string>());
        auto role = parse_inspector_role(t["role"].get<std::string>());
        REQUIRE(role);
        std::string type = t["event_type"].get<std::string>();
        const char* got = !details_group(type)               ? "clear"
                          : may_seal_details_to(*role, type) ? "sealed"
                                                             : "withheld";
        CHECK(got == t["expect"]);
    }
}

TEST_CASE("RequestVerify: §12.5 framing and signature") {
    const PublicKey device = world_key("device_key");
    for (const auto& t : tests_of("RequestVerify")) {
        CAPTURE(t["tcId"].get<int>());
        CAPTURE(t["comment"].get<std::string>());
        auto r = parse_signed_request(t["request"].get<std::string>());
        std::optional<Error> e = r ? verify_request_signature(*r, device) : r.error();
        CHECK(outcome(e) == t["expect"]);
    }
}

TEST_CASE("SessionVerify: §12.6, in order") {
    const PublicKey service = world_key("session_key");
    for (const auto& t : tests_of("SessionVerify")) {
        CAPTURE(t["tcId"].get<int>());
        CAPTURE(t["comment"].get<std::string>());
        auto at = parse_time(t["at"].get<std::string>());
        REQUIRE(at);
        auto q = verify_session_query(t["token"].get<std::string>(),
                                      t["request"].get<std::string>(), service, *at);
        CHECK(outcome(q ? std::nullopt : std::optional<Error>(q.error())) == t["expect"]);
        if (q) CHECK(q->session.claims().role == InspectorRole::police);
    }
}

TEST_CASE("format_signed_request: a signature made elsewhere gives sign_request's bytes (§12.5)") {
    // The browser signs request_signing_input with a non-extractable WebCrypto key; the core
    // frames the request. Same key, same body: the same text, and it verifies.
    Seed seed{};
    seed.fill(7);
    const KeyPair device = keypair_from_seed(seed);
    const std::string body =
        format_query_request({"0123456789abcdef0123456789abcdef", "00000100-00000001", "CASE-1",
                              1764547200, "fedcba9876543210fedcba9876543210"});
    const Bytes input = request_signing_input(body);
    const auto raw = tlog::ed25519_sign(device.secret_key.bytes, input);
    const std::string framed = format_signed_request(body, raw);
    CHECK(framed == sign_request(body, device.secret_key));
    auto parsed = parse_signed_request(framed);
    REQUIRE(parsed);
    CHECK_FALSE(verify_request_signature(*parsed, device.public_key));
    auto other = raw;
    other[0] ^= 1;
    auto bad = parse_signed_request(format_signed_request(body, other));
    REQUIRE(bad);
    auto e = verify_request_signature(*bad, device.public_key);
    REQUIRE(e);
    CHECK(e->reason == Reason::request_bad_signature);
}
