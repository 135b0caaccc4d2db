// Provenance bundles and checkpoints (FORMAT.md §10): verification order, every MUST-reject rule,
// held-checkpoint consistency and sealed details, over the demo world's trust list.
#include <doctest/doctest.h>

#include <algorithm>

#include "builders.h"
#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;

namespace {

constexpr UnixTime kCheckpointAt = 1'790'100'000;  // 2026-09-23, within the demo keys' validity

const cli::DemoWorld& world() {
    static const cli::DemoWorld w = cli::make_demo_world(7);
    return w;
}
const TrustList& trust() {
    static const TrustList t = *verify_trust_list(world().trust_list, world().root.public_key);
    return t;
}
Seed seed_of(std::uint8_t b) {
    Seed s{};
    s.fill(b);
    return s;
}

LogEvent ev(std::uint64_t seq, const std::string& code, const std::string& type,
            const std::string& state, const std::string& actor) {
    return testkit::log_event(seq, code, type, state, actor);
}

std::vector<LogEvent> log_of(std::size_t n) {
    std::vector<LogEvent> log = {ev(1, "00000100-00000001", "activate", "activated", "warehouse"),
                                 ev(2, "00000100-00000002", "activate", "activated", "warehouse"),
                                 ev(3, "00000100-00000001", "sell", "sold", "till-4"),
                                 ev(4, "00000100-00000001", "pickup", "picked_up", "pickup-desk"),
                                 ev(5, "00000100-00000002", "sell", "sold", "till-2")};
    log.resize(n);
    return log;
}

Bytes bundle_for(const std::vector<LogEvent>& log, std::uint16_t key = 1, std::uint64_t start = 0,
                 std::optional<BoxPublicKey> inspector = {}) {
    const KeyPair& k = world().issuing[key - 1];
    Bytes cp = sign_checkpoint(log, key, kCheckpointAt, k.secret_key);
    return build_provenance_bundle(log, cp, {"00000100-00000001"}, start, inspector, seed_of(9));
}

Reason reason_of(const Bytes& b, const Checkpoint* held = nullptr,
                 std::string_view code = "00000100-00000001") {
    auto r = verify_provenance(b, trust(), code, held);
    REQUIRE_FALSE(r.has_value());
    return r.error().reason;
}

}  // namespace

TEST_CASE("a bundle verifies; its records are the code's events; sale and pickup are sealed") {
    BoxKeyPair inspector = box_keypair_from_seed(seed_of(3));
    Bytes b = bundle_for(log_of(5), 1, 0, inspector.public_key);
    auto p = verify_provenance(b, trust(), "00000100-00000001", nullptr);
    REQUIRE(p.has_value());
    REQUIRE(p->records().size() == 3);
    CHECK(p->records()[0].type == "activate");
    CHECK(p->records()[0].details->actor == "warehouse");
    CHECK(p->records()[1].sealed);
    CHECK_FALSE(p->records()[1].details.has_value());
    CHECK(p->checkpoint().body().count == 5);
    // Sealed fields: readable only with the inspector's secret key.
    auto d = open_record_details(p->records()[1], inspector);
    REQUIRE(d.has_value());
    CHECK(d->actor == "till-4");
    BoxKeyPair other = box_keypair_from_seed(seed_of(4));
    auto no = open_record_details(p->records()[1], other);
    REQUIRE_FALSE(no.has_value());
    CHECK(no.error().reason == Reason::sealed_details_unreadable);
    // The sealed bytes do not contain the plain details.
    const std::string till = "till-4";
    CHECK(std::search(b.begin(), b.end(), till.begin(), till.end()) == b.end());
    // Without an inspector the details are withheld, and the bundle still verifies.
    auto withheld = verify_provenance(bundle_for(log_of(5)), trust(), "00000100-00000001", nullptr);
    REQUIRE(withheld.has_value());
    CHECK(withheld->records()[1].sealed_details.empty());
    CHECK(open_record_details(withheld->records()[1], inspector).error().reason ==
          Reason::sealed_details_unreadable);
}

TEST_CASE("tampered, truncated, foreign-signed and unauthorized bundles are refused") {
    Bytes good = bundle_for(log_of(5));
    REQUIRE(verify_provenance(good, trust(), "00000100-00000001", nullptr).has_value());
    Bytes t = good;
    t.pop_back();
    CHECK(reason_of(t) == Reason::provenance_malformed);
    t = good;
    t[0] = 'X';
    CHECK(reason_of(t) == Reason::provenance_malformed);
    t = good;
    t[4] = 2;
    CHECK(reason_of(t) == Reason::provenance_unsupported_version);
    t = good;
    t[5 + 30] ^= 1;  // inside the checkpoint's head
    CHECK(reason_of(t) == Reason::provenance_bad_signature);
    t = good;
    t[5 + kCheckpointSize + 8 + 32 + 4 + 10] ^= 1;  // the first leaf
    CHECK(reason_of(t) == Reason::provenance_broken_chain);
    t = good;
    t[t.size() - 30] ^= 1;  // inside the last record's details
    CHECK(reason_of(t) == Reason::provenance_broken_chain);
    // Signed by a key the trust list does not list (the revoked key 3).
    const KeyPair& revoked = world().issuing[2];
    Bytes cp = sign_checkpoint(log_of(5), 3, kCheckpointAt, revoked.secret_key);
    CHECK(reason_of(build_provenance_bundle(log_of(5), cp, {"00000100-00000001"}, 0, {},
                                            seed_of(1))) == Reason::provenance_unknown_key);
    // Key 1's id with another authority's key: the signature fails.
    cli::DemoWorld other = cli::make_demo_world(8);
    cp = sign_checkpoint(log_of(5), 1, kCheckpointAt, other.issuing[0].secret_key);
    CHECK(reason_of(build_provenance_bundle(log_of(5), cp, {"00000100-00000001"}, 0, {},
                                            seed_of(1))) == Reason::provenance_bad_signature);
    // Operator 2's key for segment 100.
    CHECK(reason_of(bundle_for(log_of(5), 2)) == Reason::provenance_not_authorized);
}

TEST_CASE("events cannot be left out; rollback and rewritten history against a held checkpoint") {
    std::vector<LogEvent> log = log_of(5);
    // Leave out the pickup: build for code 2 only and ask about code 1.
    Bytes cp = sign_checkpoint(log, 1, kCheckpointAt, world().issuing[0].secret_key);
    Bytes only2 = build_provenance_bundle(log, cp, {"00000100-00000002"}, 0, {}, seed_of(1));
    CHECK(reason_of(only2) == Reason::provenance_incomplete);
    CHECK(verify_provenance(only2, trust(), "", nullptr).has_value());  // complete for its own code

    auto held4 = verify_checkpoint(
        sign_checkpoint(log_of(4), 1, kCheckpointAt, world().issuing[0].secret_key), trust());
    REQUIRE(held4.has_value());
    CHECK(verify_provenance(bundle_for(log), trust(), "00000100-00000001", &*held4).has_value());
    // A bundle starting after the held count cannot show consistency.
    CHECK(reason_of(bundle_for(log, 1, 4), &*held4) == Reason::provenance_incomplete);
    CHECK(verify_provenance(bundle_for(log, 1, 3), trust(), "00000100-00000001", &*held4)
              .has_value());
    // Rolled back: the log of 3 events after a checkpoint of 4.
    CHECK(reason_of(bundle_for(log_of(3)), &*held4) == Reason::provenance_rollback);
    // Rewritten: event 3 (the sale) changed, then re-signed: consistent in itself, not with held.
    std::vector<LogEvent> rewritten = log;
    rewritten[2].details.actor = "till-9";
    CHECK(verify_provenance(bundle_for(rewritten), trust(), "00000100-00000001", nullptr)
              .has_value());
    CHECK(reason_of(bundle_for(rewritten), &*held4) == Reason::provenance_history_rewritten);
    // Same count, other head.
    auto held5 = verify_checkpoint(
        sign_checkpoint(log, 1, kCheckpointAt, world().issuing[0].secret_key), trust());
    CHECK(reason_of(bundle_for(rewritten), &*held5) == Reason::provenance_history_rewritten);
}

TEST_CASE("sealing is crypto_box_seal: deterministic for a seed, opened by the standard opener") {
    BoxKeyPair k = box_keypair_from_seed(seed_of(5));
    Bytes m = {1, 2, 3, 4};
    Bytes a = seal_to(k.public_key, m, seed_of(6)), b = seal_to(k.public_key, m, seed_of(6));
    CHECK(a == b);
    CHECK(a != seal_to(k.public_key, m, seed_of(7)));
    CHECK(open_sealed(k, a) == m);
    a[40] ^= 1;
    CHECK_FALSE(open_sealed(k, a).has_value());
}

TEST_CASE("a checkpoint signed outside its key's validity is provenance_key_not_valid (issue 10)") {
    // The demo keys are valid 2026-01-01 .. 2030-12-31: a checkpoint of 1970 or 2031 is refused,
    // so an expired key cannot replace the operator's log with one of a huge count.
    for (UnixTime at :
         {UnixTime{0}, *parse_time("2025-12-31T23:59:59Z"), *parse_time("2031-01-01T00:00:00Z")}) {
        CAPTURE(at);
        auto c = verify_checkpoint(sign_checkpoint(log_of(5), 1, at, world().issuing[0].secret_key),
                                   trust());
        REQUIRE_FALSE(c.has_value());
        CHECK(c.error().reason == Reason::provenance_key_not_valid);
    }
    CHECK(verify_checkpoint(sign_checkpoint(log_of(5), 1, *parse_time("2030-12-31T23:59:59Z"),
                                            world().issuing[0].secret_key),
                            trust())
              .has_value());
}
