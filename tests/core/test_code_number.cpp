// Typed code numbers (FORMAT.md §6.3): code_number_v1.json, and the parse rules on their own.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "traceseal/traceseal.h"
#include "vector_file.h"

using namespace traceseal;
using Json = nlohmann::json;

namespace {

Json load(const char* name) {
    return test::load_vector_file(name);
}

}  // namespace

TEST_CASE("code number vectors (§6.3)") {
    Json doc = load("code_number_v1.json");
    PublicKey root = parse_key_file(doc["world"]["root_public_key"].get<std::string>())->public_key;
    auto trust = verify_trust_list(doc["world"]["trust_list"].get<std::string>(), root);
    REQUIRE(trust.has_value());
    int n = 0;
    for (const Json& g : doc["testGroups"]) {
        REQUIRE(g["type"] == "CodeNumberAssess");
        StatusContext ctx;
        for (const Json& s : g["snapshots"]) {
            Result<Bytes> bytes = from_hex(s.get<std::string>());
            REQUIRE(bytes.has_value());
            ctx.snapshots.push_back(*verify_status_snapshot(*bytes, *trust, root));
        }
        for (const Json& t : g["tests"]) {
            CAPTURE(t["tcId"].get<int>());
            CAPTURE(t["comment"].get<std::string>());
            ++n;
            ctx.context = *parse_scan_context(t["context"].get<std::string>());
            Json r = Json::parse(assess_typed_to_json(t["text"].get<std::string>(), *trust,
                                                      *parse_time(t["at"].get<std::string>()), &ctx,
                                                      "vector"));
            CHECK(r["verdict"] == t["expect"]);
            CHECK(r["reasons"] == t["reasons"]);
            CHECK(r["verdict"] != "genuine");
            if (t["state"] == "absent")
                CHECK_FALSE(r.contains("state"));
            else
                CHECK(r["state"] == t["state"]);
            if (t["code_number"].is_null()) {
                CHECK_FALSE(r.contains("code_number"));
            } else {
                CHECK(r["code_number"] == t["code_number"]);
                CHECK_FALSE(r.contains("fields"));  // no token, no claims
            }
        }
    }
    CHECK(n == doc["numberOfTests"].get<int>());
}

TEST_CASE("parse_code_number accepts the printed form only") {
    auto n = parse_code_number(" 00000100-00000001 ");
    REQUIRE(n.has_value());
    CHECK(n->segment == 100);
    CHECK(n->serial == 1);
    CHECK(format_code_number(*n) == "00000100-00000001");
    for (const char* bad :
         {"", "00000100-", "0000100-00000001", "00000100-000000011", "00000100_00000001",
          "00000100-0000000a", "HTTPS://TS.EXAMPLE/C/1", "00000100 - 00000001"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_code_number(bad).has_value());
    }
}

TEST_CASE("a typed number without status data is a warning, never genuine") {
    auto trust = verify_trust_list(
        load("code_number_v1.json")["world"]["trust_list"].get<std::string>(),
        parse_key_file(load("code_number_v1.json")["world"]["root_public_key"].get<std::string>())
            ->public_key);
    REQUIRE(trust.has_value());
    Assessment a = assess_code_number({100, 1}, *trust, *parse_time("2026-11-22"), nullptr);
    CHECK(a.verdict == Verdict::warning);
    REQUIRE(a.reasons.size() == 1);
    CHECK(a.reasons[0] == Reason::code_number_only);
    CHECK_FALSE(a.state.has_value());
    CHECK_FALSE(a.fields.has_value());
}
