// TrustState and transparency logs (FORMAT.md §10.9 "Held checkpoints", §10.13): the trust
// list's `logs` member names the policy, the state holds one checkpoint per origin and moves it
// forward only along a consistency proof.
#include <doctest/doctest.h>

#include "../tools/tlog_world.h"
#include "demo_world.h"
#include "traceseal/trust_state.h"

using namespace traceseal;
using namespace traceseal::tlog;
using testworld::kCode;
using testworld::World;

namespace {

const cli::DemoWorld& demo() {
    static const cli::DemoWorld w = cli::make_demo_world(11);
    return w;
}

// The demo list (operator 1: segments 100–199) naming the test world's log, version 2.
std::string list_with_log(const World& log, std::uint64_t sequence = 1, bool named = true) {
    TrustListBody b = demo().body;
    b.version = 2;
    b.sequence = sequence;
    if (named) b.logs = {{1, log.policy}};
    return sign_trust_list(format_trust_list_body(b), demo().root);
}

TrustState state_for(const World& log) {
    auto s = TrustState::create(demo().root.public_key, list_with_log(log));
    REQUIRE(s.has_value());
    return std::move(*s);
}

// Full-subtree hashes of a world's log, for consistency proofs.
SubtreeHash subtrees(const World& w) {
    return [&w](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t width = std::uint64_t{1} << level;
        CompactRange c;
        for (std::uint64_t k = i * width; k < (i + 1) * width; ++k)
            c.append(leaf_hash(w.entries[k]));
        return c.root();
    };
}

Proof proof_between(const World& w, std::uint64_t from) {
    const auto hashes = consistency_proof(from, w.entries.size(), subtrees(w));
    REQUIRE(hashes.has_value());
    Proof p;
    for (const Hash& h : *hashes) p.emplace_back(h.begin(), h.end());
    return p;
}

World grown_from(const World& w) {
    World g = w;
    g.add("00000100-00000004", "activate", "activated");
    g.add(kCode, "unbind", "unbound");
    g.seal();
    return g;
}

Reason reason_of(const Result<VerifiedCheckpoint>& r) {
    REQUIRE_FALSE(r.has_value());
    return r.error().reason;
}

}  // namespace

TEST_CASE("the trust list's logs give the policy and the operator's segments") {
    const World w = testworld::story();
    TrustState s = state_for(w);
    const TrustedLog* log = s.log(testworld::kOrigin);
    REQUIRE(log != nullptr);
    CHECK(log->operator_id == 1);
    CHECK(log->policy.quorum == 2);
    CHECK(format_vkey(log->policy.log_key) == format_vkey(w.policy.log_key));
    CHECK(s.log("ts.example/log/2") == nullptr);
    const auto spans = s.trust_list().body().operator_segments(1);
    REQUIRE(spans.size() == 1);
    CHECK((spans[0].first == 100 && spans[0].last == 199));
    CHECK(s.held_log_checkpoint(testworld::kOrigin) == nullptr);
}

TEST_CASE("held checkpoints move forward only along a consistency proof") {
    const World w = testworld::story();
    const World g = grown_from(w);
    TrustState s = state_for(w);
    // The first checkpoint is held as it is.
    auto first = s.hold_log_checkpoint(w.note);
    REQUIRE(first.has_value());
    CHECK(first->body().size == w.entries.size());
    REQUIRE(s.held_log_checkpoint(testworld::kOrigin) != nullptr);
    // The same tree again: kept.
    CHECK(s.hold_log_checkpoint(w.note).has_value());
    // Larger without a proof, or with a proof from the wrong size: refused, nothing changes.
    CHECK(reason_of(s.hold_log_checkpoint(g.note)) == Reason::provenance_consistency_missing);
    CHECK(reason_of(s.hold_log_checkpoint(g.note, proof_between(g, w.entries.size() - 1))) ==
          Reason::provenance_history_rewritten);
    CHECK(s.held_log_checkpoint(testworld::kOrigin)->body().size == w.entries.size());
    // With the proof from the held size: held.
    auto next = s.hold_log_checkpoint(g.note, proof_between(g, w.entries.size()));
    REQUIRE(next.has_value());
    CHECK(s.held_log_checkpoint(testworld::kOrigin)->body().size == g.entries.size());
    // Going back: rollback.
    CHECK(reason_of(s.hold_log_checkpoint(w.note)) == Reason::provenance_rollback);
    // A fork at the held size (another event where the unbind was), cosigned: rewritten.
    World fork = w;
    fork.add("00000100-00000004", "activate", "activated");
    fork.add(kCode, "void", "voided");
    fork.seal();
    REQUIRE(fork.entries.size() == g.entries.size());
    CHECK(reason_of(s.hold_log_checkpoint(fork.note)) == Reason::provenance_history_rewritten);
    CHECK(s.held_log_checkpoint(testworld::kOrigin)->note() == g.note);
}

TEST_CASE("a checkpoint is verified under its own origin's policy before it is held") {
    const World w = testworld::story();
    TrustState s = state_for(w);
    const std::string text = format_checkpoint_text({"ts.example/log/9", 1, empty_root(), {}});
    const Vkey key9 = make_vkey("ts.example/log/9", kSigTypeEd25519, w.log.public_key.bytes);
    CHECK(reason_of(s.hold_log_checkpoint(text + "\n" +
                                          sign_note_line(text, key9, testworld::signer(w.log)))) ==
          Reason::log_unknown_origin);
    World one = w;
    one.sign(1);  // one cosignature, the list asks for 2
    CHECK(reason_of(s.hold_log_checkpoint(one.note)) == Reason::cosignature_quorum_not_met);
    CHECK(reason_of(s.hold_log_checkpoint("not a note")) == Reason::note_malformed);
    CHECK(s.held_log_checkpoints().empty());
}

TEST_CASE("bundles v2 are verified against the held checkpoint and advance it") {
    const World w = testworld::story();
    const World g = grown_from(w);
    TrustState s = state_for(w);
    const Bytes b1 = encode_bundle_v2(w.bundle(kCode));
    auto h1 = s.verify_bundle_v2(b1, kCode);
    REQUIRE(h1.has_value());
    CHECK(h1->events().size() == 3);
    CHECK(s.held_log_checkpoints().empty());  // verify changes nothing
    REQUIRE(s.accept_bundle_v2(b1, kCode).has_value());
    CHECK(s.held_log_checkpoint(testworld::kOrigin)->body().size == w.entries.size());
    // The grown log's bundle: without a consistency proof from the held size it is refused.
    BundleV2 b2 = g.bundle(kCode);
    auto missing = s.verify_bundle_v2(encode_bundle_v2(b2), kCode);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().reason == Reason::provenance_consistency_missing);
    b2.held_size = w.entries.size();
    for (const Bytes& h : proof_between(g, w.entries.size())) {
        Hash x;
        std::copy(h.begin(), h.end(), x.begin());
        b2.consistency.push_back(x);
    }
    auto h2 = s.accept_bundle_v2(encode_bundle_v2(b2), kCode);
    REQUIRE(h2.has_value());
    CHECK(h2->events().size() == 4);
    CHECK(s.held_log_checkpoint(testworld::kOrigin)->body().size == g.entries.size());
    // The old bundle is now a rollback; another code's bundle is another code's.
    auto old = s.verify_bundle_v2(b1, kCode);
    REQUIRE_FALSE(old.has_value());
    CHECK(old.error().reason == Reason::provenance_rollback);
    auto wrong = s.verify_bundle_v2(b1, "00000100-00000001");
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().reason == Reason::provenance_wrong_code);
}

TEST_CASE("a trust list update drops held checkpoints of logs it no longer names") {
    const World w = testworld::story();
    TrustState s = state_for(w);
    REQUIRE(s.hold_log_checkpoint(w.note).has_value());
    auto same = s.update_trust_list(list_with_log(w, 2));
    REQUIRE(same.has_value());
    CHECK(same->checkpoints == 0);
    CHECK(s.held_log_checkpoint(testworld::kOrigin) != nullptr);
    auto gone = s.update_trust_list(list_with_log(w, 3, false));
    REQUIRE(gone.has_value());
    CHECK(gone->checkpoints == 1);
    CHECK(s.held_log_checkpoints().empty());
    // A list whose log now asks for all 3 witnesses drops a checkpoint cosigned by 2.
    TrustState t = state_for(w);
    REQUIRE(t.hold_log_checkpoint(w.note).has_value());
    World strict = w;
    strict.policy.quorum = 3;
    auto stricter = t.update_trust_list(list_with_log(strict, 2));
    REQUIRE(stricter.has_value());
    CHECK(stricter->checkpoints == 1);
}
