// The demo world: a fixed, seed-derived authority, operators, keys and trust list, used by the
// README, tests, web page and viewer (and by tests/tools/gen_vectors.cpp).
#pragma once

#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

inline constexpr std::string_view kDemoPrefix = "HTTPS://TS.EXAMPLE/C/";
inline constexpr std::string_view kDemoIssueDate = "2026-11-01";

// The demo's transparency logs (FORMAT.md §10 v2): one per operator, cosigned by one witness.
inline constexpr std::string_view kDemoWitnessName = "witness.example/demo";
std::string demo_log_origin(int operator_id);  // "ts.example/log/1", "ts.example/log/2"

struct DemoWorld {
    std::uint64_t seed = 1;
    KeyPair root;
    KeyPair issuing[3];   // key ids 1, 2 (active) and 3 (revoked)
    KeyPair log_keys[2];  // the logs of operators 1 and 2 (checkpoint signatures)
    KeyPair witness;      // the demo witness (cosignature/v1)
    KeyPair agencies[3];  // agency ids 1 customs, 2 police, 3 market_regulator (FORMAT.md §12.1)
    TrustListBody body;
    std::string body_json;
    std::string trust_list;  // signed envelope
};

KeyPair demo_key(std::string_view label, std::uint64_t seed);
// Fields of a code of demo key 1 or 2 (operator = key, segment 100 or 200), issued on
// kDemoIssueDate, zero nonce: for benchmarks and tests that mint their own demo codes.
CodeFields demo_code_fields(int key, std::uint32_t serial, std::uint16_t category = 1);
// `agencies`: name the three demo agencies in the trust list (§12.1). The vector generators'
// worlds predate agencies and keep their bytes (tests/vectors/inspector_v1.json has its own).
DemoWorld make_demo_world(std::uint64_t seed, bool agencies = true);
// The demo agency of a role: its id and name (keys: DemoWorld::agencies[id - 1]).
Agency demo_agency(const DemoWorld& w, InspectorRole role);

}  // namespace traceseal::cli
