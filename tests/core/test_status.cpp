// Segment certificates, status snapshots, the transition table and the lifecycle rules
// (core/src/status.cpp, lifecycle.cpp, golomb.cpp; FORMAT.md §9).
#include <doctest/doctest.h>

#include <random>

#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;
using namespace traceseal::cli;

namespace {

struct Fixture {
    DemoWorld w = make_demo_world(7);
    TrustList trust = *verify_trust_list(w.trust_list, w.root.public_key);
    SegmentCertificate cert = *verify_segment_certificate(
        sign_segment_certificate({1, 100, 1, 1000, *parse_time("2026-10-01")}, w.root),
        w.root.public_key);
    Bytes snapshot(const std::vector<CodeState>& states, std::uint64_t seq = 1) {
        StatusPlan p{1, seq, *parse_time("2026-11-20"), *parse_time("2026-11-27"), states};
        return sign_status_snapshot(cert, p, w.issuing[0].secret_key);
    }
};

}  // namespace

TEST_CASE("segment certificate: round trip, wrong root, tampering") {
    Fixture f;
    CHECK(f.cert.bytes().size() == kSegmentCertificateSize);
    CHECK(f.cert.body().last == 1000);
    DemoWorld other = make_demo_world(8);
    CHECK(verify_segment_certificate(f.cert.bytes(), other.root.public_key).error().reason ==
          Reason::segment_certificate_wrong_root);
    Bytes t = f.cert.bytes();
    t[20] ^= 1;
    CHECK(verify_segment_certificate(t, f.w.root.public_key).error().reason ==
          Reason::segment_certificate_bad_signature);
    t.pop_back();
    CHECK(verify_segment_certificate(t, f.w.root.public_key).error().reason ==
          Reason::segment_certificate_malformed);
}

TEST_CASE("snapshot: every state round-trips, points and runs") {
    Fixture f;
    std::vector<CodeState> st(1000, CodeState::activated);
    for (int i = 0; i < 1000; ++i) st[i] = static_cast<CodeState>((i / 37) % 7);
    st[999] = CodeState::voided;
    st[0] = CodeState::superseded;
    auto s = verify_status_snapshot(f.snapshot(st), f.trust, f.w.root.public_key);
    REQUIRE(s.has_value());
    for (std::uint32_t i = 0; i < 1000; ++i) {
        CAPTURE(i);
        CHECK(s->state_of(i + 1) == st[i]);
    }
    CHECK_FALSE(s->state_of(0).has_value());
    CHECK_FALSE(s->state_of(1001).has_value());
    std::uint64_t total = 0;
    for (int k = 0; k < 7; ++k) total += s->count(static_cast<CodeState>(k));
    CHECK(total == 1000);

    std::mt19937 rng(3);
    std::vector<CodeState> sparse(1000, CodeState::picked_up);
    for (int k = 0; k < 50; ++k) sparse[rng() % 1000] = CodeState::voided;
    auto s2 = verify_status_snapshot(f.snapshot(sparse), f.trust, f.w.root.public_key);
    REQUIRE(s2.has_value());
    for (std::uint32_t i = 0; i < 1000; ++i) CHECK(s2->state_of(i + 1) == sparse[i]);
}

TEST_CASE("snapshot: refused when tampered, truncated, foreign or rolled back") {
    Fixture f;
    std::vector<CodeState> st(1000, CodeState::activated);
    st[10] = CodeState::voided;
    Bytes good = f.snapshot(st, 5);
    auto reason = [&](const Bytes& b) {
        auto r = verify_status_snapshot(b, f.trust, f.w.root.public_key);
        return r ? std::string("valid") : std::string(to_string(r.error().reason));
    };
    CHECK(reason(good) == "valid");
    Bytes t = good;
    t[t.size() - 70] ^= 1;
    CHECK(reason(t) == "status_bad_signature");
    CHECK(reason(Bytes(good.begin(), good.end() - 1)) == "status_malformed");
    CHECK(reason(Bytes(good.begin(), good.begin() + 40)) == "status_malformed");
    DemoWorld other = make_demo_world(8);
    StatusPlan p{1, 5, *parse_time("2026-11-20"), *parse_time("2026-11-27"), st};
    CHECK(reason(sign_status_snapshot(f.cert, p, other.issuing[0].secret_key)) ==
          "status_bad_signature");
    p.key_id = 2;
    CHECK(reason(sign_status_snapshot(f.cert, p, f.w.issuing[1].secret_key)) ==
          "status_not_authorized");
    p.key_id = 3;
    CHECK(reason(sign_status_snapshot(f.cert, p, f.w.issuing[2].secret_key)) ==
          "status_unknown_key");

    auto cur = *verify_status_snapshot(good, f.trust, f.w.root.public_key);
    auto older = *verify_status_snapshot(f.snapshot(st, 4), f.trust, f.w.root.public_key);
    auto newer = *verify_status_snapshot(f.snapshot(st, 6), f.trust, f.w.root.public_key);
    st[11] = CodeState::voided;
    auto other_same = *verify_status_snapshot(f.snapshot(st, 5), f.trust, f.w.root.public_key);
    CHECK(accept_status_update(cur, older).error().reason == Reason::status_rollback);
    CHECK(accept_status_update(cur, other_same).error().reason == Reason::status_conflict);
    CHECK(accept_status_update(cur, newer).has_value());
    CHECK(accept_status_update(cur, cur).has_value());
}

TEST_CASE("transition table: every allowed and every refused pair (§9.1)") {
    using S = CodeState;
    using E = LifecycleEvent;
    const std::pair<E, std::vector<std::pair<S, S>>> allowed[] = {
        {E::activate, {{S::issued, S::activated}}},
        {E::sell, {{S::activated, S::sold}, {S::unbound, S::sold}}},
        {E::pickup, {{S::sold, S::picked_up}}},
        {E::unbind, {{S::sold, S::unbound}, {S::picked_up, S::unbound}}},
        {E::void_, {{S::issued, S::voided}, {S::activated, S::voided}, {S::unbound, S::voided}}},
        {E::reissue,
         {{S::issued, S::superseded}, {S::activated, S::superseded}, {S::unbound, S::superseded}}},
        {E::replace,
         {{S::activated, S::superseded},
          {S::sold, S::superseded},
          {S::picked_up, S::superseded},
          {S::unbound, S::superseded}}},
    };
    int ok = 0, refused = 0;
    for (const auto& [e, pairs] : allowed)
        for (int from = 0; from < 7; ++from) {
            CAPTURE(to_string(e));
            CAPTURE(to_string(static_cast<S>(from)));
            auto r = apply_event(static_cast<S>(from), e);
            std::optional<S> want;
            for (auto [f, t] : pairs)
                if (f == static_cast<S>(from)) want = t;
            if (want) {
                REQUIRE(r.has_value());
                CHECK(*r == *want);
                ++ok;
            } else {
                REQUIRE_FALSE(r.has_value());
                CHECK(r.error().reason == Reason::illegal_transition);
                ++refused;
            }
        }
    CHECK(ok == 16);
    CHECK(refused == 33);
    CHECK(*successor_state(S::sold, E::replace, S::issued) == S::sold);
    CHECK(*successor_state(S::unbound, E::reissue, S::issued) == S::activated);
    CHECK_FALSE(successor_state(S::sold, E::reissue, S::issued).has_value());
    CHECK_FALSE(successor_state(S::activated, E::replace, S::activated).has_value());
}

TEST_CASE("clone rule: too far for the time between (§9.5)") {
    Sighting sanya{18.25, 109.5, 0}, haikou{20.02, 110.35, 0};  // ~215 km apart
    CHECK(distance_km(sanya, haikou) == doctest::Approx(215).epsilon(0.05));
    haikou.at = 600;  // 10 minutes later
    CHECK(clone_suspected({sanya}, haikou));
    haikou.at = 3 * 3600;
    CHECK_FALSE(clone_suspected({sanya}, haikou));
    Sighting near{18.26, 109.5, 60};  // ~1.1 km, a minute later: within the slack
    CHECK_FALSE(clone_suspected({sanya}, near));
    CHECK_FALSE(clone_suspected({}, haikou));
}

TEST_CASE("words of states, events and contexts parse back") {
    for (int i = 0; i < 7; ++i)
        CHECK(parse_code_state(to_string(static_cast<CodeState>(i))) == static_cast<CodeState>(i));
    for (int i = 0; i < 7; ++i)
        CHECK(parse_lifecycle_event(to_string(static_cast<LifecycleEvent>(i))) ==
              static_cast<LifecycleEvent>(i));
    for (int i = 0; i < 3; ++i)
        CHECK(parse_scan_context(to_string(static_cast<ScanContext>(i))) ==
              static_cast<ScanContext>(i));
    CHECK(to_string(LifecycleEvent::void_) == "void");
    for (int i = 0; i < 7; ++i) {
        CHECK_FALSE(message(static_cast<CodeState>(i), Lang::en).empty());
        CHECK_FALSE(message(static_cast<CodeState>(i), Lang::zh_CN).empty());
    }
}

TEST_CASE("snapshot v2: bound to a log index, states as in v1; v1 stays readable") {
    Fixture f;
    std::vector<CodeState> st(1000, CodeState::activated);
    st[41] = CodeState::sold;
    StatusLogIndex index{77, {}};
    index.segment_root.fill(0x5a);
    StatusPlan p{1, 3, *parse_time("2026-11-20"), *parse_time("2026-11-27"), st};
    const Bytes v2 = sign_status_snapshot(f.cert, p, f.w.issuing[0].secret_key, index);
    const Bytes v1 = sign_status_snapshot(f.cert, p, f.w.issuing[0].secret_key);
    CHECK(v2.size() == v1.size() + 40);
    auto s2 = verify_status_snapshot(v2, f.trust, f.w.root.public_key);
    REQUIRE(s2.has_value());
    CHECK(s2->version() == 2);
    CHECK(s2->covers() == std::optional<std::uint64_t>(77));
    CHECK(s2->segment_root() == std::optional<std::array<std::uint8_t, 32>>(index.segment_root));
    CHECK(s2->state_of(42) == CodeState::sold);
    CHECK(s2->state_of(43) == CodeState::activated);
    auto s1 = verify_status_snapshot(v1, f.trust, f.w.root.public_key);
    REQUIRE(s1.has_value());
    CHECK(s1->version() == 1);
    CHECK_FALSE(s1->covers().has_value());
    CHECK_FALSE(s1->segment_root().has_value());
    // The same sequence in v1 and v2 are different bytes: a conflict, as any other.
    CHECK(accept_status_update(*s1, *s2).error().reason == Reason::status_conflict);
}
