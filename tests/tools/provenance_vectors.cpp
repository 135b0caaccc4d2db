// tests/vectors/provenance_v1.json (FORMAT.md §10.5): one bundle scenario per vector, from the
// vectors' world (seed 20261122) and a second authority (20261123). Part of gen_vectors.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "demo_world.h"
#include "vector_writer.h"

using namespace traceseal;
using Json = nlohmann::ordered_json;
using traceseal::vectors::Writer;

namespace {

constexpr const char* kCode = "00000100-00000001";

Seed seed_of(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return s;
}
std::string hex(const Bytes& b) {
    return to_hex(b.data(), b.size());
}

LogEvent ev(std::uint64_t seq, const std::string& code, const std::string& type,
            const std::string& state, const std::string& actor, const std::string& related = "") {
    LogEvent e;
    e.seq = seq;
    e.code = code;
    e.type = type;
    e.state = state;
    e.related = related;
    e.details = {*parse_time("2026-11-02T09:00:00Z") + static_cast<UnixTime>(seq) * 3600, actor,
                 "Sanya", ""};
    Bytes s = derive_bytes("traceseal-vectors/salt", seq, 32);
    std::copy(s.begin(), s.end(), e.salt.begin());
    return e;
}

std::vector<LogEvent> story(std::size_t n) {
    std::vector<LogEvent> log = {ev(1, kCode, "activate", "activated", "warehouse"),
                                 ev(2, "00000100-00000002", "activate", "activated", "warehouse"),
                                 ev(3, kCode, "sell", "sold", "till-4"),
                                 ev(4, "00000100-00000002", "void", "voided", "manager"),
                                 ev(5, kCode, "pickup", "picked_up", "pickup-desk"),
                                 ev(6, "00000100-00000003", "activate", "activated", "warehouse")};
    log.resize(n);
    return log;
}

}  // namespace

Json provenance_vectors() {
    cli::DemoWorld w = cli::make_demo_world(20261122, false),
                   other = cli::make_demo_world(20261123, false);
    const UnixTime at = *parse_time("2026-11-16T00:00:00Z");
    const BoxKeyPair inspector = box_keypair_from_seed(seed_of(0x11));
    auto cp = [&](const std::vector<LogEvent>& log, std::uint16_t key_id, const SecretKey& k) {
        return sign_checkpoint(log, key_id, at, k);
    };
    auto bundle = [&](const std::vector<LogEvent>& log, const Bytes& checkpoint,
                      std::vector<std::string> codes, std::uint64_t start = 0) {
        return build_provenance_bundle(log, checkpoint, codes, start, inspector.public_key,
                                       seed_of(0x22));
    };
    const SecretKey& k1 = w.issuing[0].secret_key;
    const Bytes good = bundle(story(6), cp(story(6), 1, k1), {kCode});
    const Bytes held4 = cp(story(4), 1, k1);
    std::vector<LogEvent> rewritten = story(6);
    rewritten[2].details.actor = "till-9";  // the sale re-attributed, log re-signed

    Writer v;
    auto add = [&](const char* comment, std::vector<std::string> flags, const Bytes& b,
                   const std::string& code, const Json& held, const char* expect) {
        v.add({{"comment", comment},
               {"flags", flags},
               {"bundle", hex(b)},
               {"code", code},
               {"held", held},
               {"expect", expect}});
    };
    add("valid bundle: activation, sealed sale and pickup of one code", {"Valid"}, good, kCode,
        nullptr, "valid");
    add("valid against a held checkpoint of the first 4 events", {"Valid", "Held"}, good, kCode,
        hex(held4), "valid");
    add("segment bundle: no code named, every code with a record complete", {"Valid"},
        bundle(story(6), cp(story(6), 1, k1), {kCode, "00000100-00000002"}), "", nullptr, "valid");
    Bytes t = good;
    t[5 + 20] ^= 0x01;
    add("checkpoint head changed", {"Tampered", "Signature"}, t, kCode, nullptr,
        "provenance_bad_signature");
    t = good;
    t[5 + kCheckpointSize + 8 + 32 + 4 + 100] ^= 0x01;
    add("a leaf changed", {"Tampered"}, t, kCode, nullptr, "provenance_broken_chain");
    t = good;
    const std::string picked = "picked_up";
    auto at_state = std::search(t.begin(), t.end(), picked.begin(), picked.end());
    at_state[0] = 's';  // "sicked_up": a record's state changed, same length
    add("a record's state changed", {"Tampered"}, t, kCode, nullptr, "provenance_broken_chain");
    t = good;
    const std::string warehouse = "warehouse";
    auto at_actor = std::search(t.begin(), t.end(), warehouse.begin(), warehouse.end());
    at_actor[0] = 'W';  // an unsealed record's actor changed
    add("an unsealed record's details changed", {"Tampered"}, t, kCode, nullptr,
        "provenance_broken_chain");
    add("truncated by one byte", {"Truncated"}, Bytes(good.begin(), good.end() - 1), kCode, nullptr,
        "provenance_malformed");
    add(
        "trailing byte", {"Framing"},
        [&] {
            Bytes b = good;
            b.push_back(0);
            return b;
        }(),
        kCode, nullptr, "provenance_malformed");
    t = good;
    t[4] = 2;
    add("bundle version 2", {"Version"}, t, kCode, nullptr, "provenance_unsupported_version");
    add("checkpoint signed by key 1 after its not_after (2031-01-02): an expired key",
        {"KeyValidity"},
        bundle(story(6), sign_checkpoint(story(6), 1, *parse_time("2031-01-02T00:00:00Z"), k1),
               {kCode}),
        kCode, nullptr, "provenance_key_not_valid");
    add("checkpoint signed with key id 1 by another authority's key", {"ForeignSigned"},
        bundle(story(6), cp(story(6), 1, other.issuing[0].secret_key), {kCode}), kCode, nullptr,
        "provenance_bad_signature");
    add("checkpoint signed by the revoked key 3", {"UnknownKey"},
        bundle(story(6), cp(story(6), 3, w.issuing[2].secret_key), {kCode}), kCode, nullptr,
        "provenance_unknown_key");
    add("operator 2's key vouching for segment 100", {"NotAuthorized"},
        bundle(story(6), cp(story(6), 2, w.issuing[1].secret_key), {kCode}), kCode, nullptr,
        "provenance_not_authorized");
    add("the code's pickup left out (bundle for another code)", {"Incomplete"},
        bundle(story(6), cp(story(6), 1, k1), {"00000100-00000002"}), kCode, nullptr,
        "provenance_incomplete");
    add("starts after the held checkpoint", {"Incomplete", "Held"},
        bundle(story(6), cp(story(6), 1, k1), {kCode}, 5), kCode, hex(held4),
        "provenance_incomplete");
    add("rolled back: a log of 3 events after a held checkpoint of 4", {"Rollback", "Held"},
        bundle(story(3), cp(story(3), 1, k1), {kCode}), kCode, hex(held4), "provenance_rollback");
    add("rewritten history: the sale re-attributed and re-signed", {"Rewritten", "Held"},
        bundle(rewritten, cp(rewritten, 1, k1), {kCode}), kCode, hex(held4),
        "provenance_history_rewritten");
    add("rewritten history verifies on its own (no held checkpoint)", {"Rewritten", "Valid"},
        bundle(rewritten, cp(rewritten, 1, k1), {kCode}), kCode, nullptr, "valid");

    Writer s;
    s.add({{"comment", "sale details opened with the inspector key"},
           {"flags", {"Sealed", "Valid"}},
           {"bundle", hex(good)},
           {"record", 1},
           {"inspector_secret_key",
            hex(Bytes(inspector.secret_key.begin(), inspector.secret_key.end()))},
           {"expect", "valid"},
           {"actor", "till-4"}});
    BoxKeyPair wrong = box_keypair_from_seed(seed_of(0x33));
    s.add({{"comment", "sale details with another key"},
           {"flags", {"Sealed"}},
           {"bundle", hex(good)},
           {"record", 1},
           {"inspector_secret_key", hex(Bytes(wrong.secret_key.begin(), wrong.secret_key.end()))},
           {"expect", "sealed_details_unreadable"}});
    const Bytes withheld =
        build_provenance_bundle(story(6), cp(story(6), 1, k1), {kCode}, 0, {}, seed_of(0x22));
    s.add({{"comment", "sale details withheld (no inspector at export)"},
           {"flags", {"Sealed"}},
           {"bundle", hex(withheld)},
           {"record", 1},
           {"inspector_secret_key",
            hex(Bytes(inspector.secret_key.begin(), inspector.secret_key.end()))},
           {"expect", "sealed_details_unreadable"}});

    Json doc;
    doc["algorithm"] = "TraceSeal provenance bundle v1 (docs/FORMAT.md §10)";
    doc["generator"] = "tests/tools/provenance_vectors.cpp";
    doc["numberOfTests"] = v.id + s.id;
    doc["world"] = {
        {"seed", 20261122},
        {"root_public_key", format_public_key_file({KeyRole::root, 0, w.root.public_key, {}})},
        {"trust_list", w.trust_list}};
    doc["testGroups"] = Json::array({{{"type", "ProvenanceVerify"}, {"tests", v.tests}},
                                     {{"type", "SealedDetails"}, {"tests", s.tests}}});
    return doc;
}
