// Bundles v2 (core/src/bundle_v2.cpp, FORMAT.md §10.11–§10.13): a code's history in a witnessed
// log verifies; history rewritten, events dropped, reordered or duplicated, another code's
// bundle, a forged index and a rollback are each refused with their reason.
#include <doctest/doctest.h>

#include <map>

#include "../tools/tlog_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;
using namespace traceseal::tlog;
using namespace traceseal::tlog::testworld;

namespace {

Reason refused(const World& w, const BundleV2& b, const std::string& code = kCode,
               const VerifiedCheckpoint* held = nullptr) {
    auto r = verify_bundle_v2(encode_bundle_v2(b), w.policy, kSegments, code, held);
    REQUIRE_FALSE(r.has_value());
    return r.error().reason;
}

}  // namespace

TEST_CASE("a code's bundle v2 verifies: its three events, in order, complete") {
    World w = story();
    const Bytes bytes = encode_bundle_v2(w.bundle(kCode));
    auto h = verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr);
    REQUIRE(h.has_value());
    REQUIRE(h->events().size() == 3);
    CHECK(h->events()[0].type == "activate");
    CHECK(h->events()[2].state == "picked_up");
    CHECK(h->indices() == std::vector<std::uint64_t>{1, 3, 5});
    CHECK(h->checkpoint().witnesses().size() == 2);
    // A code with no events: an empty history the index vouches for.
    auto none = verify_bundle_v2(encode_bundle_v2(w.bundle("00000100-00000007")), w.policy,
                                 kSegments, "00000100-00000007", nullptr);
    REQUIRE(none.has_value());
    CHECK(none->events().empty());
    CAPTURE(bytes.size());
}

TEST_CASE("bundle v2: left out, reordered, duplicated, another code's, tampered") {
    World w = story();
    const BundleV2 good = w.bundle(kCode);
    BundleV2 b = good;
    b.events.erase(b.events.begin() + 1);  // the sale left out
    CHECK(refused(w, b) == Reason::provenance_incomplete);
    b = good;
    b.events.pop_back();  // the pickup left out (the resale warning would vanish)
    CHECK(refused(w, b) == Reason::provenance_incomplete);
    b = good;
    std::swap(b.events[1], b.events[2]);
    CHECK(refused(w, b) == Reason::provenance_out_of_order);
    b = good;
    b.events[2] = b.events[1];
    CHECK(refused(w, b) == Reason::provenance_duplicate_entry);
    CHECK(refused(w, good, "00000100-00000001") == Reason::provenance_wrong_code);
    b = w.bundle("00000100-00000001");
    b.code_number = kCode;  // relabelled: its serial's index leaf is not this serial's
    CHECK(refused(w, b) == Reason::provenance_index_invalid);
    b = good;
    b.events[1].event = w.events[4];  // another code's event (the same type) slipped in
    CHECK(refused(w, b) == Reason::provenance_wrong_code);
    b = good;
    {
        auto e = *parse_event(b.events[2].event);
        e.state = "sold";  // the pickup rewritten as a sale
        b.events[2].event = encode_event(e);
    }
    CHECK(refused(w, b) == Reason::inclusion_proof_invalid);
    b = good;
    b.events[0].details_blob[44] ^= 1;  // the activation's actor changed
    CHECK(refused(w, b) == Reason::provenance_details_mismatch);
    b = good;
    b.serial_leaf.count = 2;  // a forged index leaf
    CHECK(refused(w, b) == Reason::provenance_index_invalid);
    b = good;
    b.map_leaf = w.map200;
    b.map_index = 1;
    b.map_proof = leaves_proof(w.map, 1);  // a genuine leaf of another segment
    CHECK(refused(w, b) == Reason::provenance_wrong_code);
    CHECK(verify_bundle_v2(encode_bundle_v2(good), w.policy, {{200, 299}}, kCode, nullptr)
              .error()
              .reason == Reason::provenance_not_authorized);
    Bytes bytes = encode_bundle_v2(good);
    bytes.pop_back();
    CHECK(verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr).error().reason ==
          Reason::provenance_malformed);
    bytes = encode_bundle_v2(good);
    bytes[4] = 3;
    CHECK(verify_bundle_v2(bytes, w.policy, kSegments, kCode, nullptr).error().reason ==
          Reason::provenance_unsupported_version);
    // One cosignature short of the quorum.
    World one = story();
    one.sign(1);
    CHECK(refused(one, one.bundle(kCode)) == Reason::cosignature_quorum_not_met);
}

TEST_CASE("bundle v2 against a held checkpoint: growth, rollback, a rewritten history") {
    World w = story();
    auto held = verify_checkpoint_note(w.note, w.policy);
    REQUIRE(held.has_value());
    const std::uint64_t held_size = w.entries.size();
    // The log grows; the bundle carries a consistency proof from the held size.
    World grown = w;
    grown.add("00000100-00000004", "activate", "activated");
    grown.seal();
    BundleV2 b = grown.bundle(kCode);
    CHECK(refused(grown, b, kCode, &*held) == Reason::provenance_consistency_missing);
    b.held_size = held_size;
    auto at = [&](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t width = std::uint64_t{1} << level;
        CompactRange c;
        for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
            c.append(leaf_hash(grown.entries[k]));
        return c.root();
    };
    b.consistency = *consistency_proof(held_size, grown.entries.size(), at);
    CHECK(
        verify_bundle_v2(encode_bundle_v2(b), grown.policy, kSegments, kCode, &*held).has_value());
    // An older bundle than the held checkpoint: rollback.
    auto newer = verify_checkpoint_note(grown.note, grown.policy);
    CHECK(refused(w, w.bundle(kCode), kCode, &*newer) == Reason::provenance_rollback);
    // The operator rewrites history (the sale re-attributed) and re-signs, cosigned by
    // witnesses it controls: the held checkpoint catches it.
    World rewritten;
    rewritten.add("00000100-00000001", "activate", "activated");
    rewritten.add(kCode, "activate", "activated");
    rewritten.add("00000100-00000003", "activate", "activated");
    rewritten.add(kCode, "sell", "sold");
    rewritten.entries.back()[5] ^= 1;  // another commitment at entry 3
    rewritten.add("00000100-00000001", "sell", "sold");
    rewritten.add(kCode, "pickup", "picked_up");
    rewritten.seal();
    rewritten.add("00000100-00000004", "activate", "activated");
    rewritten.seal();
    auto at2 = [&](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t width = std::uint64_t{1} << level;
        CompactRange c;
        for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
            c.append(leaf_hash(rewritten.entries[k]));
        return c.root();
    };
    BundleV2 rb = rewritten.bundle("00000100-00000001");
    rb.held_size = held_size;
    rb.consistency = *consistency_proof(held_size, rewritten.entries.size(), at2);
    CHECK(refused(rewritten, rb, "00000100-00000001", &*held) ==
          Reason::provenance_history_rewritten);
}
