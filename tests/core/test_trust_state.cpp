// The verifier state (core/src/trust_state.cpp): the update rules of FORMAT.md §4.6, §9.4 and
// §10.4 applied in one place, checkpoints held per log, and the display rule of §6.1.
#include <doctest/doctest.h>

#include "builders.h"
#include "demo_world.h"
#include "traceseal/trust_state.h"

using namespace traceseal;

namespace {

const cli::DemoWorld& world() {
    static const cli::DemoWorld w = cli::make_demo_world(11);
    return w;
}
const UnixTime kAt = 1'795'132'800;  // 2026-11-20, after the demo issue date
ScanFacts at(UnixTime t = kAt) {
    return ScanFacts{t, ScanContext::consumer, {}, {}};
}

Bytes snapshot(int key, std::uint64_t seq, CodeState all) {
    const cli::DemoWorld& w = world();
    const std::uint32_t seg = key == 1 ? 100 : 200;
    auto cert = verify_segment_certificate(
        sign_segment_certificate({static_cast<std::uint16_t>(key), seg, 1, 50, kAt - 86400},
                                 w.root),
        w.root.public_key);
    REQUIRE(cert.has_value());
    StatusPlan p{static_cast<std::uint16_t>(key), seq, kAt - 3600, kAt + 7 * 86400,
                 std::vector<CodeState>(50, all)};
    return sign_status_snapshot(*cert, p, w.issuing[key - 1].secret_key);
}

}  // namespace

TEST_CASE("trust list updates: older refused (trust_list_rollback), a revoked key stays revoked") {
    const cli::DemoWorld& w = world();
    auto s = TrustState::create(w.root.public_key, testkit::demo_list_variant(w, 5, false));
    REQUIRE(s.has_value());
    const std::string code3 = testkit::demo_code(w, 3, 7);
    CHECK(s->assess(code3, at()).reasons == std::vector<Reason>{Reason::key_revoked});
    // An attacker replays an older, root-signed list in which key 3 was still listed.
    auto older = s->update_trust_list(testkit::demo_list_variant(w, 4, true));
    REQUIRE_FALSE(older.has_value());
    CHECK(older.error().reason == Reason::trust_list_rollback);
    CHECK(s->trust_list().body().sequence == 5);
    Assessment a = s->assess(code3, at());
    CHECK(a.verdict == Verdict::invalid);
    CHECK_FALSE(a.authentic);
    // Same sequence, other bytes: conflict. Same bytes: the same list. Newer: accepted.
    CHECK(s->update_trust_list(testkit::demo_list_variant(w, 5, true)).error().reason ==
          Reason::trust_list_conflict);
    CHECK(s->update_trust_list(testkit::demo_list_variant(w, 5, false)).has_value());
    CHECK(s->update_trust_list(testkit::demo_list_variant(w, 6, true)).has_value());
    CHECK(s->assess(code3, at()).verdict == Verdict::genuine);
    // A list signed by another root is not an update at all.
    const cli::DemoWorld other = cli::make_demo_world(12);
    CHECK(s->update_trust_list(testkit::demo_list_variant(other, 9, false)).error().reason ==
          Reason::trust_list_wrong_root);
    CHECK(s->root() == w.root.public_key);
}

TEST_CASE("status snapshots are held per segment under §9.4") {
    const cli::DemoWorld& w = world();
    TrustState s(*verify_trust_list(w.trust_list, w.root.public_key));
    REQUIRE(s.add_status(snapshot(1, 2, CodeState::sold)).has_value());
    REQUIRE(s.add_status(snapshot(2, 1, CodeState::voided)).has_value());
    CHECK(s.snapshots().size() == 2);
    CHECK(s.add_status(snapshot(1, 1, CodeState::activated)).error().reason ==
          Reason::status_rollback);
    CHECK(s.add_status(snapshot(1, 2, CodeState::picked_up)).error().reason ==
          Reason::status_conflict);
    Assessment sold = s.assess(testkit::demo_code(w, 1, 3), at());
    CHECK(sold.verdict == Verdict::genuine);
    CHECK(sold.state == CodeState::sold);
    CHECK(s.assess(testkit::demo_code(w, 2, 3), at()).reasons ==
          std::vector<Reason>{Reason::code_voided});
    REQUIRE(s.add_status(snapshot(1, 3, CodeState::picked_up)).has_value());
    CHECK(s.snapshots().size() == 2);
    CHECK(s.assess(testkit::demo_code(w, 1, 3), at()).reasons ==
          std::vector<Reason>{Reason::resale_suspected});
    // A trust list update that no longer vouches for key 2 drops its snapshot.
    TrustListBody b = w.body;
    b.sequence = 2;
    b.issuing_keys.pop_back();
    b.operators.pop_back();
    b.logs.pop_back();  // operator 2's log goes with it (§4.3 rule 8)
    auto dropped = s.update_trust_list(sign_trust_list(format_trust_list_body(b), w.root));
    REQUIRE(dropped.has_value());
    CHECK(dropped->snapshots == 1);
    CHECK(s.snapshots().size() == 1);
}

TEST_CASE("checkpoints of two logs are held side by side") {
    const cli::DemoWorld& w = world();
    TrustState s(*verify_trust_list(w.trust_list, w.root.public_key));
    const auto log1 = testkit::demo_log(100, 6), log2 = testkit::demo_log(200, 3);
    const std::string c1 = "00000100-00000001", c2 = "00000200-00000001";
    // Operator 1's checkpoint at 6 events; operator 2's bundle has 3: before, operator 1's
    // checkpoint was applied to it and refused it as provenance_rollback.
    REQUIRE(s.hold_checkpoint(testkit::demo_checkpoint(w, log1, 1)).has_value());
    auto b2 = s.verify_bundle(testkit::demo_bundle(w, log2, 2, {c2}), c2);
    CHECK(b2.has_value());
    REQUIRE(s.hold_checkpoint(testkit::demo_checkpoint(w, log2, 2)).has_value());
    CHECK(s.held_checkpoints().size() == 2);
    CHECK(s.held_checkpoints().at(1).body().count == 6);
    CHECK(s.held_checkpoints().at(2).body().count == 3);
    CHECK(s.verify_bundle(testkit::demo_bundle(w, log2, 2, {c2}), c2).has_value());
    CHECK(s.verify_bundle(testkit::demo_bundle(w, log1, 1, {c1}), c1).has_value());
    // Each log's own rule still applies: operator 1's shorter log is a rollback.
    const auto short1 = testkit::demo_log(100, 4);
    CHECK(s.verify_bundle(testkit::demo_bundle(w, short1, 1, {c1}), c1).error().reason ==
          Reason::provenance_rollback);
    // Holding an older or a different checkpoint of a log already held is refused.
    CHECK(s.hold_checkpoint(testkit::demo_checkpoint(w, short1, 1)).error().reason ==
          Reason::provenance_rollback);
    auto rewritten = testkit::demo_log(100, 6);
    rewritten[5].details.actor = "someone else";
    CHECK(s.hold_checkpoint(testkit::demo_checkpoint(w, rewritten, 1)).error().reason ==
          Reason::provenance_history_rewritten);
    CHECK(s.hold_checkpoint(testkit::demo_checkpoint(w, testkit::demo_log(100, 9), 1)).has_value());
    CHECK(s.held_checkpoints().at(1).body().count == 9);
}

TEST_CASE("display rule (§6.1): authentic when the signature holds, reminder when still good") {
    const cli::DemoWorld& w = world();
    TrustState s(*verify_trust_list(w.trust_list, w.root.public_key));
    REQUIRE(s.add_status(snapshot(1, 1, CodeState::picked_up)).has_value());
    REQUIRE(s.add_status(snapshot(2, 1, CodeState::voided)).has_value());
    struct Case {
        std::string text;
        Verdict verdict;
        bool authentic, shown;
    };
    const Case cases[] = {
        {testkit::demo_code(w, 1, 1), Verdict::warning, true, true},    // resale_suspected
        {testkit::demo_code(w, 2, 1), Verdict::invalid, true, false},   // voided: real, dead
        {testkit::demo_code(w, 3, 1), Verdict::invalid, false, false},  // revoked key
        {"HTTPS://WWW.EXAMPLE.COM/X", Verdict::foreign, false, false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        Assessment a = s.assess(c.text, at());
        CHECK(a.verdict == c.verdict);
        CHECK(a.authentic == c.authentic);
        CHECK(a.reminder == c.shown);
        const std::string json = assessment_to_json(a, "x");
        CHECK(json.find(std::string("\"authentic\":") + (c.authentic ? "true" : "false")) !=
              std::string::npos);
        CHECK(json.find(std::string("\"reminder\":") + (c.shown ? "true" : "false")) !=
              std::string::npos);
    }
    TrustState plain(*verify_trust_list(w.trust_list, w.root.public_key));
    Assessment g = plain.assess(testkit::demo_code(w, 1, 1), at());
    CHECK(g.verdict == Verdict::genuine);
    CHECK((g.authentic && g.reminder));
    Assessment expired = plain.assess(testkit::demo_code(w, 1, 1), at(*parse_time("2031-06-01")));
    CHECK(expired.verdict == Verdict::warning);
    CHECK((expired.authentic && expired.reminder));
    CHECK_FALSE(no_code_assessment().authentic);
    CHECK_FALSE(no_code_assessment().reminder);
}
