// Bundle v2 files for the front ends (native/platform/provenance_v2.cpp, FORMAT.md §10.13): the
// log found by its origin, the code's timeline with sealed details opened by the inspector key
// only, and each refusal (unknown log, a dropped or reordered event, a rewritten history, a fork
// without the witnesses' quorum) kept with its reason and the code it claims.
#include <doctest/doctest.h>

#include "../tools/tlog_world.h"
#include "demo_world.h"
#include "provenance_v2.h"

using namespace traceseal;
using namespace traceseal::tlog;
using namespace traceseal::tlog::testworld;
using platform::BundleV2Result;
using platform::LogTrust;

namespace {

BoxKeyPair inspector_key(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return box_keypair_from_seed(s);
}

// The story's bundle for kCode with the sale and pickup details sealed to `to` (§10.7).
Bytes sealed_bundle(const World& w, const BoxKeyPair& to) {
    BundleV2 b = w.bundle(kCode);
    Seed eph{};
    for (BundleEvent& e : b.events) {
        const std::string type = parse_event(e.event)->type;
        if (type != "sell" && type != "pickup") continue;
        eph.fill(static_cast<std::uint8_t>(e.index));
        e.details_blob = seal_to(to.public_key, e.details_blob, eph);
        e.sealed = true;
    }
    return encode_bundle_v2(b);
}

platform::LogLookup only(const World& w, std::optional<VerifiedCheckpoint> held = {}) {
    return [policy = w.policy, held](std::string_view origin) -> std::optional<LogTrust> {
        if (origin != policy.origin) return std::nullopt;
        return LogTrust{policy, kSegments, held};
    };
}

Reason refusal(const BundleV2Result& r) {
    REQUIRE(r.refused.has_value());
    CHECK_FALSE(r.history.has_value());
    return r.refused->reason;
}

}  // namespace

TEST_CASE("bundle v2 file: the code's timeline, its log and witnesses") {
    const World w = story();
    const Bytes bytes = encode_bundle_v2(w.bundle(kCode));
    CHECK(platform::is_bundle_v2(bytes));
    CHECK_FALSE(platform::is_bundle_v2(Bytes{'T', 'S', 'P', 'B', 1}));
    const BundleV2Result r = platform::verify_bundle_v2_file("b.tspb", bytes, only(w), nullptr);
    REQUIRE(r.history.has_value());
    CHECK_FALSE(r.refused.has_value());
    CHECK(r.code_number == kCode);
    const platform::HistoryV2& h = *r.history;
    CHECK(h.checkpoint.origin == kOrigin);
    CHECK(h.checkpoint.size == w.entries.size());
    CHECK(h.witnesses == std::vector<std::string>{"witness.example/w1", "witness.example/w2"});
    CHECK(h.quorum == 2);
    CHECK(h.witnesses_listed == 3);
    CHECK_FALSE(h.held_size.has_value());
    REQUIRE(h.events.size() == 3);
    const char* types[] = {"activate", "sell", "pickup"};
    const std::uint64_t at[] = {1, 3, 5};
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(h.events[i].index == at[i]);
        CHECK(h.events[i].event.type == types[i]);
        REQUIRE(h.events[i].details.has_value());  // the story's details are all in clear
        CHECK(h.events[i].details->actor == "till-" + std::to_string(at[i]));
        CHECK(h.events[i].details->place == "Sanya");
        CHECK(h.events[i].details->time == 1795000000 + static_cast<UnixTime>(at[i]) * 60);
    }
}

TEST_CASE("bundle v2 file: sealed details open with the inspector key only") {
    const World w = story();
    const BoxKeyPair inspector = inspector_key(9), other = inspector_key(10);
    const Bytes bytes = sealed_bundle(w, inspector);
    auto without = platform::verify_bundle_v2_file("b", bytes, only(w), nullptr);
    REQUIRE(without.history.has_value());
    const auto& ev = without.history->events;
    CHECK(ev[0].details.has_value());  // the activation stays in clear
    for (int i : {1, 2}) {
        CHECK(ev[i].sealed);
        CHECK_FALSE(ev[i].details.has_value());
        CHECK_FALSE(ev[i].unreadable.has_value());  // sealed, not broken
    }
    auto with = platform::verify_bundle_v2_file("b", bytes, only(w), &inspector);
    REQUIRE(with.history.has_value());
    REQUIRE(with.history->events[2].details.has_value());
    CHECK(with.history->events[2].details->actor == "till-5");
    CHECK(with.history->events[2].details->place == "Sanya");
    auto wrong = platform::verify_bundle_v2_file("b", bytes, only(w), &other);
    REQUIRE(wrong.history.has_value());  // the history still verifies (§10.13: that record only)
    REQUIRE(wrong.history->events[1].unreadable.has_value());
    CHECK(wrong.history->events[1].unreadable->reason == Reason::sealed_details_unreadable);
    CHECK_FALSE(wrong.history->events[1].details.has_value());
    // Withheld (an empty sealed blob): unreadable even with the key.
    BundleV2 b = *parse_bundle_v2(bytes);
    b.events[1].details_blob.clear();
    auto withheld = platform::verify_bundle_v2_file("b", encode_bundle_v2(b), only(w), &inspector);
    REQUIRE(withheld.history.has_value());
    REQUIRE(withheld.history->events[1].unreadable.has_value());
    CHECK(withheld.history->events[1].unreadable->detail.find("withheld") != std::string::npos);
    CHECK(withheld.history->events[2].details.has_value());
}

TEST_CASE("bundle v2 file: refusals keep their reason and the code they claim") {
    const World w = story();
    const BundleV2 good = w.bundle(kCode);
    auto check = [&](const BundleV2& b, Reason expect, const platform::LogLookup& logs) {
        const BundleV2Result r =
            platform::verify_bundle_v2_file("b", encode_bundle_v2(b), logs, nullptr);
        CHECK(refusal(r) == expect);
        CHECK(r.code_number == kCode);
    };
    // A log the trust list does not name.
    check(good, Reason::log_unknown_origin,
          [](std::string_view) -> std::optional<LogTrust> { return std::nullopt; });
    BundleV2 b = good;
    b.events.erase(b.events.begin() + 1);  // the sale dropped
    check(b, Reason::provenance_incomplete, only(w));
    b = good;
    std::swap(b.events[1], b.events[2]);  // sale and pickup reordered
    check(b, Reason::provenance_out_of_order, only(w));
    // A fork the witnesses refused to cosign: the log's own signature alone is not enough.
    World fork = story();
    fork.sign(1);
    check(fork.bundle(kCode), Reason::cosignature_quorum_not_met, only(fork));
    // History rewritten under a held checkpoint of the same size.
    World rewritten;
    rewritten.add("00000100-00000001", "activate", "activated");
    rewritten.add(kCode, "activate", "activated");
    rewritten.add("00000100-00000003", "activate", "activated");
    rewritten.add(kCode, "sell", "sold");
    rewritten.add("00000100-00000001", "void", "voided");  // another event at entry 4
    rewritten.add(kCode, "pickup", "picked_up");
    rewritten.seal();
    auto held = verify_checkpoint_note(w.note, w.policy);
    REQUIRE(held.has_value());
    check(rewritten.bundle(kCode), Reason::provenance_history_rewritten, only(rewritten, *held));
    // The same bundle against its own held checkpoint: verified, and says so.
    const BundleV2Result ok =
        platform::verify_bundle_v2_file("b", encode_bundle_v2(good), only(w, *held), nullptr);
    REQUIRE(ok.history.has_value());
    CHECK(ok.history->held_size == w.entries.size());
    // Not a bundle at all: no code to name.
    Bytes junk = encode_bundle_v2(good);
    junk.resize(junk.size() / 2);
    const BundleV2Result r = platform::verify_bundle_v2_file("b", junk, only(w), nullptr);
    CHECK(refusal(r) == Reason::provenance_malformed);
    CHECK(r.code_number.empty());
}

TEST_CASE("the lookup of a verifier state: the trust list's logs and the held checkpoint") {
    const World w = story();
    static const cli::DemoWorld demo = cli::make_demo_world(11);
    TrustListBody body = demo.body;  // operator 1: segments 100–199
    body.version = 2;
    body.logs = {{1, w.policy}};
    auto st = TrustState::create(demo.root.public_key,
                                 sign_trust_list(format_trust_list_body(body), demo.root));
    REQUIRE(st.has_value());
    const Bytes bytes = encode_bundle_v2(w.bundle(kCode));
    auto r = platform::verify_bundle_v2_file("b", bytes, platform::log_lookup(*st), nullptr);
    REQUIRE(r.history.has_value());
    CHECK_FALSE(r.history->held_size.has_value());
    // The checkpoint held for this log: checked against (same size, same root), and said so.
    REQUIRE(st->hold_log_checkpoint(w.note).has_value());
    r = platform::verify_bundle_v2_file("b", bytes, platform::log_lookup(*st), nullptr);
    REQUIRE(r.history.has_value());
    CHECK(r.history->held_size == w.entries.size());
    // A held checkpoint of a rewritten log of the same size: this history is refused.
    World rewritten;
    rewritten.add("00000100-00000001", "activate", "activated");
    rewritten.add(kCode, "activate", "activated");
    rewritten.add("00000100-00000003", "activate", "activated");
    rewritten.add(kCode, "sell", "sold");
    rewritten.add("00000100-00000001", "void", "voided");
    rewritten.add(kCode, "pickup", "picked_up");
    rewritten.seal();
    CHECK(refusal(platform::verify_bundle_v2_file("b", encode_bundle_v2(rewritten.bundle(kCode)),
                                                  platform::log_lookup(*st), nullptr)) ==
          Reason::provenance_history_rewritten);
    // The lookup is a copy: the state changing later does not change it.
    const platform::LogLookup before = platform::log_lookup(TrustState(st->trust_list()));
    CHECK_FALSE(before(kOrigin)->held.has_value());
    CHECK_FALSE(before("ts.example/log/2").has_value());
    // A version-1 list names no log.
    TrustListBody v1_body = demo.body;
    v1_body.version = 1;
    v1_body.logs.clear();
    auto v1 = TrustState::create(demo.root.public_key,
                                 sign_trust_list(format_trust_list_body(v1_body), demo.root));
    REQUIRE(v1.has_value());
    CHECK(refusal(platform::verify_bundle_v2_file("b", bytes, platform::log_lookup(*v1),
                                                  nullptr)) == Reason::log_unknown_origin);
}
