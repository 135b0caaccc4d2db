// Verification and assessment (core/src/verify.cpp; FORMAT.md §5, §6), on demo worlds.
#include <doctest/doctest.h>

#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;

namespace {

constexpr std::string_view kQrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

UnixTime at() {
    return *parse_time("2026-11-22T12:00:00Z");
}

CodeFields fields(std::uint32_t serial) {
    CodeFields f;
    f.key_id = 1;
    f.operator_id = 1;
    f.category = 2;
    f.issue_day = static_cast<std::uint16_t>(day_of(*parse_time("2026-11-01")));
    f.segment = 150;
    f.serial = serial;
    f.nonce = {1, 2, 3, 4, 5, 6, 7, static_cast<std::uint8_t>(serial)};
    return f;
}

}  // namespace

TEST_CASE("a minted code is genuine, with names from the trust list") {
    cli::DemoWorld w = cli::make_demo_world(3);
    TrustList t = *verify_trust_list(w.trust_list, w.root.public_key);
    std::string text = mint_code_text(fields(9), w.issuing[0].secret_key, w.body.label_prefix);
    Assessment a = assess_text(text, t, at());
    CHECK(a.verdict == Verdict::genuine);
    CHECK(a.reasons.empty());
    REQUIRE(a.fields.has_value());
    CHECK(*a.fields == fields(9));
    CHECK(a.operator_name_zh == "演示免税 三亚店");
    CHECK(a.category_name_en == "Watches");
}

TEST_CASE(
    "changing any one character to any QR alphanumeric character is never genuine or warning") {
    cli::DemoWorld w = cli::make_demo_world(3);
    TrustList t = *verify_trust_list(w.trust_list, w.root.public_key);
    const std::string text =
        mint_code_text(fields(1), w.issuing[0].secret_key, w.body.label_prefix);
    int tried = 0, foreign = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (char c : kQrAlphanumeric) {
            if (c == text[i]) continue;
            std::string changed = text;
            changed[i] = c;
            Assessment a = assess_text(changed, t, at());
            ++tried;
            foreign += a.verdict == Verdict::foreign;
            if (a.verdict == Verdict::genuine || a.verdict == Verdict::warning) {
                // A case-only change in the prefix is the same code, not a different one.
                bool same =
                    (changed[i] | 0x20) == (text[i] | 0x20) && i < w.body.label_prefix.size();
                CAPTURE(i);
                CAPTURE(changed);
                CHECK(same);
            }
        }
    }
    CHECK(tried == static_cast<int>(text.size()) * 44);
    MESSAGE("single-character substitutions tried: " << tried << ", foreign: " << foreign);
}

TEST_CASE("codes of another demo world are not genuine against this one") {
    cli::DemoWorld a = cli::make_demo_world(1), b = cli::make_demo_world(2);
    TrustList ta = *verify_trust_list(a.trust_list, a.root.public_key);
    for (int k = 0; k < 3; ++k) {
        std::string text = mint_code_text(fields(5), b.issuing[k].secret_key, b.body.label_prefix);
        Assessment r = assess_text(text, ta, at());
        CAPTURE(k);
        CHECK(r.verdict == Verdict::invalid);
        CHECK(r.operator_name_en.empty());  // unverified claims get no names
    }
}

TEST_CASE("the check order of §5 keeps error classes apart") {
    cli::DemoWorld w = cli::make_demo_world(3), other = cli::make_demo_world(4);
    TrustList t = *verify_trust_list(w.trust_list, w.root.public_key);
    auto reason_of = [&](CodeFields f, const KeyPair& k, std::string prefix = "") {
        if (prefix.empty()) prefix = w.body.label_prefix;
        Assessment a = assess_text(mint_code_text(f, k.secret_key, prefix), t, at());
        REQUIRE(a.reasons.size() == 1);
        return a.reasons[0];
    };
    CodeFields f = fields(1);
    // A wrong prefix is reported even when the signature is also wrong.
    CHECK(reason_of(f, other.issuing[0], "HTTPS://PHISH.EXAMPLE/C/") == Reason::prefix_not_trusted);
    // Revocation is reported before the signature is even checked.
    f.key_id = 3;
    CHECK(reason_of(f, other.issuing[0]) == Reason::key_revoked);
    // A bad signature hides the policy checks that follow it.
    f = fields(1);
    f.operator_id = 2;
    CHECK(reason_of(f, other.issuing[0]) == Reason::bad_signature);
    CHECK(reason_of(f, w.issuing[0]) == Reason::operator_mismatch);
}

TEST_CASE("a stale trust list turns genuine into warning, and says why") {
    cli::DemoWorld w = cli::make_demo_world(3);
    TrustList t = *verify_trust_list(w.trust_list, w.root.public_key);
    std::string text = mint_code_text(fields(2), w.issuing[1 - 1].secret_key, w.body.label_prefix);
    Assessment a = assess_text(text, t, w.body.expires_at + 1);
    CHECK(a.verdict == Verdict::warning);
    REQUIRE(a.reasons.size() == 1);
    CHECK(a.reasons[0] == Reason::trust_list_expired);
    CHECK(assess_text(text, t, w.body.expires_at).verdict == Verdict::genuine);
}

TEST_CASE("no_code assessment") {
    Assessment a = no_code_assessment();
    CHECK(a.verdict == Verdict::no_code);
    REQUIRE(a.reasons.size() == 1);
    CHECK(a.reasons[0] == Reason::no_code_found);
}
