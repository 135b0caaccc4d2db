// native/registry/bundle_export: a code's bundle v2 from the registry and its published log
// verifies with the core (FORMAT.md §10.13); rewritten history, dropped, reordered, duplicated
// and foreign events are each refused with their reason.
#include "bundle_export.h"
#include "log_projection.h"
#include "registry_log_world.h"
#include "traceseal/trust_state.h"

using namespace traceseal;
using namespace traceseal::testlog;

namespace {

const std::vector<tlog::SegmentSpan> kSpans = {{100, 199}};

Bytes exported(World& w, int serial, const registry::ExportConfig& extra = {}) {
    registry::ExportConfig c = extra;
    c.operator_id = 1;
    c.dir = w.log_dir();
    auto b = registry::export_bundle_v2(*w.store, World::code(serial), c);
    REQUIRE_MESSAGE(b.has_value(),
                    (b ? "" : std::string(to_string(b.error().reason)) + ": " + b.error().detail));
    return *b;
}

Reason refused(World& w, const Bytes& bundle, int serial,
               const tlog::VerifiedCheckpoint* held = nullptr) {
    auto r = tlog::verify_bundle_v2(bundle, w.policy(), kSpans, World::code(serial), held);
    REQUIRE_FALSE(r.has_value());
    return r.error().reason;
}

BoxKeyPair inspector() {
    Seed s{};
    s.fill(42);
    return box_keypair_from_seed(s);
}

}  // namespace

TEST_CASE("export: a code's bundle v2 verifies, its sale details sealed to the inspector") {
    World w("export_basic");
    story(w);
    REQUIRE(w.publish().has_value());
    registry::ExportConfig c;
    c.inspector = inspector().public_key;
    const Bytes b = exported(w, 2, c);
    auto h = tlog::verify_bundle_v2(b, w.policy(), kSpans, World::code(2), nullptr);
    REQUIRE_MESSAGE(h.has_value(), (h ? "" : h.error().detail));
    REQUIRE(h->events().size() == 3);
    CHECK(h->events()[0].type == "activate");
    CHECK(h->events()[1].type == "sell");
    CHECK(h->events()[2].type == "pickup");
    CHECK(h->indices() == std::vector<std::uint64_t>{1, 3, 4});
    // activate in clear; sell and pickup sealed, and they open to the committed details.
    auto parsed = tlog::parse_bundle_v2(b);
    REQUIRE(parsed.has_value());
    CHECK_FALSE(parsed->events[0].sealed);
    for (int i : {1, 2}) {
        const tlog::BundleEvent& e = parsed->events[static_cast<std::size_t>(i)];
        CHECK(e.sealed);
        auto plain = open_sealed(inspector(), e.details_blob);
        REQUIRE(plain.has_value());
        tlog::Hash salt;
        std::copy(plain->begin(), plain->begin() + 32, salt.begin());
        CHECK(tlog::details_commitment(salt, Bytes(plain->begin() + 32, plain->end())) ==
              h->events()[static_cast<std::size_t>(i)].details_hash);
    }
    // Without an inspector key the sealed details are withheld, and the bundle still verifies.
    const Bytes withheld = exported(w, 2);
    CHECK(tlog::parse_bundle_v2(withheld)->events[1].details_blob.empty());
    CHECK(tlog::verify_bundle_v2(withheld, w.policy(), kSpans, World::code(2), nullptr));
    // A code without events: its index leaf says so.
    auto none = tlog::verify_bundle_v2(exported(w, 9), w.policy(), kSpans, World::code(9), nullptr);
    REQUIRE(none.has_value());
    CHECK(none->events().empty());
    // Through the verifier state, with a version-2 trust list naming the log.
    TrustListBody body;
    body.version = 2;
    body.sequence = 1;
    body.issued_at = 0;
    body.expires_at = 4000000000;
    body.authority = "test";
    body.label_prefix = "HTTPS://TS.EXAMPLE/C/";
    body.operators = {{1, "Operator", "运营者"}};
    body.issuing_keys = {
        {1, 1, keypair_from_seed(Seed{{9}}).public_key, {{100, 199}}, 0, 4000000000}};
    body.logs = {{1, w.policy()}};
    auto state = TrustState::create(w.root.public_key,
                                    sign_trust_list(format_trust_list_body(body), w.root));
    REQUIRE_MESSAGE(state.has_value(), (state ? "" : state.error().detail));
    CHECK(state->accept_bundle_v2(b, World::code(2)).has_value());
    CHECK(state->held_log_checkpoint(kOrigin)->body().size == 6);
}

TEST_CASE("export: a bundle carries a consistency proof from the size the verifier holds") {
    World w("export_consistency");
    story(w);
    auto first = w.publish();
    REQUIRE(first.has_value());
    auto held = tlog::verify_checkpoint_note(first->checkpoint, w.policy());
    REQUIRE(held.has_value());
    w.record(LifecycleEvent::unbind, {2});
    REQUIRE(w.publish().has_value());
    CHECK(refused(w, exported(w, 2), 2, &*held) == Reason::provenance_consistency_missing);
    registry::ExportConfig c;
    c.held_size = first->size;
    auto h = tlog::verify_bundle_v2(exported(w, 2, c), w.policy(), kSpans, World::code(2), &*held);
    REQUIRE_MESSAGE(h.has_value(), (h ? "" : h.error().detail));
    CHECK(h->events().size() == 4);
    CHECK(h->events().back().type == "unbind");
}

TEST_CASE("export: a rewritten history is refused against the held checkpoint") {
    World honest("export_rewrite_a");
    story(honest);
    auto first = honest.publish();
    REQUIRE(first.has_value());
    auto held = tlog::verify_checkpoint_note(first->checkpoint, honest.policy());
    REQUIRE(held.has_value());
    // The operator rewrites history (code 2 never picked up, code 3 sold), keeps the log key,
    // and has it cosigned by witnesses that never saw the first log (fresh state).
    World forked("export_rewrite_b");
    forked.record(LifecycleEvent::activate, {1, 2, 3});
    forked.record(LifecycleEvent::sell, {2});
    forked.record(LifecycleEvent::sell, {3});
    auto second = forked.publish();
    REQUIRE(second.has_value());
    REQUIRE(second->size == first->size);
    CHECK(refused(forked, exported(forked, 2), 2, &*held) == Reason::provenance_history_rewritten);
    forked.record(LifecycleEvent::pickup, {3});
    REQUIRE(forked.publish().has_value());
    registry::ExportConfig c;
    c.held_size = first->size;
    CHECK(refused(forked, exported(forked, 2, c), 2, &*held) ==
          Reason::provenance_history_rewritten);
}

TEST_CASE("export: dropped, reordered, duplicated or foreign events are refused") {
    World w("export_tamper");
    story(w);
    w.record(LifecycleEvent::unbind, {2});
    REQUIRE(w.publish().has_value());
    const Bytes good = exported(w, 2);
    REQUIRE(tlog::verify_bundle_v2(good, w.policy(), kSpans, World::code(2), nullptr));
    auto with = [&](auto change) {
        auto b = tlog::parse_bundle_v2(good);
        REQUIRE(b.has_value());
        change(*b);
        return tlog::encode_bundle_v2(*b);
    };
    CHECK(refused(w, with([](tlog::BundleV2& b) { b.events.erase(b.events.begin() + 1); }), 2) ==
          Reason::provenance_incomplete);
    CHECK(refused(w, with([](tlog::BundleV2& b) { b.events.pop_back(); }), 2) ==
          Reason::provenance_incomplete);
    CHECK(refused(w, with([](tlog::BundleV2& b) { std::swap(b.events[1], b.events[2]); }), 2) ==
          Reason::provenance_out_of_order);
    CHECK(refused(w, with([](tlog::BundleV2& b) { b.events[2] = b.events[1]; }), 2) ==
          Reason::provenance_duplicate_entry);
    // Code 1's bundle offered as code 2's, and code 1's events spliced into code 2's bundle.
    CHECK(refused(w, exported(w, 1), 2) == Reason::provenance_wrong_code);
    const auto one = tlog::parse_bundle_v2(exported(w, 1));
    CHECK(refused(w, with([&](tlog::BundleV2& b) { b.events[0] = one->events[0]; }), 2) ==
          Reason::provenance_wrong_code);
    // A salt that does not open the commitment: not the log's entry.
    CHECK(refused(w, with([](tlog::BundleV2& b) { b.events[0].salt[0] ^= 1; }), 2) ==
          Reason::inclusion_proof_invalid);
}

TEST_CASE("status v2 from the log: the index's states and the segment_root bundles prove") {
    World w("export_status");
    story(w);
    auto none = registry::status_from_log(*w.store, 100);
    REQUIRE_FALSE(none.has_value());  // no index entry yet
    CHECK(none.error().reason == Reason::store_failed);
    CHECK(registry::status_from_log(*w.store, 300).error().reason == Reason::serial_not_allocated);
    REQUIRE(w.publish().has_value());
    w.record(LifecycleEvent::sell, {1});  // after the index: not in it
    auto st = registry::status_from_log(*w.store, 100);
    REQUIRE(st.has_value());
    REQUIRE(st->states.size() == 20);
    CHECK(st->states[0] == CodeState::activated);
    CHECK(st->states[1] == CodeState::picked_up);
    CHECK(st->states[3] == CodeState::issued);
    CHECK(st->index.covers == 5);
    auto b = tlog::parse_bundle_v2(exported(w, 2));
    REQUIRE(b.has_value());
    CHECK(b->map_leaf.segment_root == st->index.segment_root);
    CHECK(registry::ensure_index_entry(*w.store, 1).value() == 7);  // the sale (6), an index
    CHECK(registry::status_from_log(*w.store, 100)->states[0] == CodeState::sold);
}

TEST_CASE(
    "export draft: details left in clear for the caller to seal, unpublished events counted") {
    World w("export_draft");
    story(w);
    REQUIRE(w.publish().has_value());
    w.record(LifecycleEvent::sell, {1});  // after the publication
    registry::ExportConfig c;
    c.operator_id = 1;
    c.dir = w.log_dir();
    auto d2 = registry::export_bundle_draft_v2(*w.store, World::code(2), c);
    REQUIRE(d2.has_value());
    CHECK(d2->log_size == 6);
    CHECK(d2->unpublished == 0);
    REQUIRE(d2->bundle.events.size() == 3);
    for (const auto& e : d2->bundle.events) CHECK_FALSE(e.sealed);
    // Sealed per role by the caller, it verifies and opens for the roles that may.
    seal_bundle_for(d2->bundle, InspectorRole::police, inspector().public_key, Seed{});
    const Bytes police = tlog::encode_bundle_v2(d2->bundle);
    REQUIRE(tlog::verify_bundle_v2(police, w.policy(), kSpans, World::code(2), nullptr));
    CHECK(open_bundle_details(tlog::parse_bundle_v2(police)->events[2], inspector()).has_value());
    auto d1 = registry::export_bundle_draft_v2(*w.store, World::code(1), c);
    REQUIRE(d1.has_value());
    CHECK(d1->unpublished == 1);
    CHECK(d1->bundle.events.size() == 1);  // the sale is not under the checkpoint yet
    REQUIRE(w.publish().has_value());
    d1 = registry::export_bundle_draft_v2(*w.store, World::code(1), c);
    CHECK(d1->unpublished == 0);
    CHECK(d1->bundle.events.size() == 2);
}
