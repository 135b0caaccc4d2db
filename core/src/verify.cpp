// Verification of codes against a trust list (FORMAT.md §5) and the assessment every front
// end shows (§6). The check order is normative: earlier classes of error hide later ones.
#include "crypto.h"
#include "lifecycle.h"
#include "text_util.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

bool in_segments(const IssuingKey& key, std::uint32_t segment) {
    for (const auto& s : key.segments)
        if (segment >= s.first && segment <= s.last) return true;
    return false;
}

}  // namespace

Result<VerifiedCode> verify_code(const UnverifiedCode& code, const TrustList& trust, UnixTime at) {
    const TrustListBody& t = trust.body();
    const CodeFields& f = code.fields;
    // 1. The label's URL must be the official one (phishing labels).
    if (code.prefix.size() != t.label_prefix.size() ||
        !starts_with_url_prefix(code.prefix, t.label_prefix))
        return make_error(Reason::prefix_not_trusted,
                          "label prefix " + code.prefix + " is not " + t.label_prefix);
    // 2–3. Key id before signature, with errors of their own (revocation wins).
    if (t.find_revoked(f.key_id))
        return make_error(Reason::key_revoked,
                          "issuing key " + std::to_string(f.key_id) + " is revoked");
    const IssuingKey* key = t.find_key(f.key_id);
    if (!key)
        return make_error(Reason::unknown_key,
                          "issuing key " + std::to_string(f.key_id) + " is not in the trust list");
    // 4. The signature covers the exact payload bytes received.
    if (!crypto::verify(key->public_key, kCodeContext, code.payload.data(), code.payload.size(),
                        code.signature))
        return make_error(Reason::bad_signature,
                          "signature does not verify under key " + std::to_string(f.key_id));
    // 5–9. An authentic signature by a key used beyond its authority.
    if (f.operator_id != key->operator_id)
        return make_error(Reason::operator_mismatch, "operator " + std::to_string(f.operator_id) +
                                                         ", key belongs to " +
                                                         std::to_string(key->operator_id));
    if (!in_segments(*key, f.segment))
        return make_error(Reason::segment_not_authorized, "segment " + std::to_string(f.segment));
    if (f.issue_day < day_of(key->not_before) || f.issue_day > day_of(key->not_after))
        return make_error(Reason::key_not_valid_at_issue_date, "issued " + format_day(f.issue_day));
    if (f.issue_day > day_of(at) + 1)
        return make_error(Reason::issue_date_in_future,
                          "issued " + format_day(f.issue_day) + ", now " + format_time(at));
    if (!t.find_category(f.category))
        return make_error(Reason::category_not_listed, "category " + std::to_string(f.category));
    VerifiedCode v;
    v.fields_ = f;
    v.key_ = *key;
    return v;
}

Assessment no_code_assessment() {
    Assessment a;
    a.verdict = Verdict::no_code;
    a.reasons = {Reason::no_code_found};
    return a;
}

Assessment assess_text(std::string_view text, const TrustList& trust, UnixTime at) {
    return assess_with_status(text, trust, ScanFacts{at, ScanContext::consumer, {}, {}},
                              std::nullopt);
}

Assessment assess_text(std::string_view text, const TrustList& trust, UnixTime at,
                       const StatusContext* status) {
    if (!status) return assess_text(text, trust, at);
    const ScanFacts scan{at, status->context, status->prior_sightings, status->here};
    return assess_with_status(text, trust, scan,
                              HeldStatus{status->snapshots.data(), status->snapshots.size()});
}

namespace {

Assessment assess_code(std::string_view text, const TrustList& trust, const ScanFacts& scan,
                       const std::optional<HeldStatus>& held) {
    const UnixTime at = scan.at;
    Assessment a;
    a.text = std::string(text.substr(0, kMaxCodeTextLength));
    auto code = parse_code_text(text, trust.body().label_prefix);
    if (!code) {
        a.verdict = verdict_of(code.error().reason);
        a.reasons = {code.error().reason};
        return a;
    }
    a.fields = code->fields;  // claims; names are resolved only once verified
    auto verified = verify_code(*code, trust, at);
    if (!verified) {
        a.verdict = Verdict::invalid;
        a.reasons = {verified.error().reason};
        return a;
    }
    const TrustListBody& t = trust.body();
    if (const Operator* op = t.find_operator(verified->fields().operator_id)) {
        a.operator_name_en = op->name_en;
        a.operator_name_zh = op->name_zh;
    }
    if (const Category* c = t.find_category(verified->fields().category)) {
        a.category_name_en = c->name_en;
        a.category_name_zh = c->name_zh;
    }
    a.verdict = Verdict::genuine;
    a.authentic = true;  // §6.1: signature and trust chain hold; §9.5 may still withdraw the code
    // §6.1: a stale list cannot vouch that the key is still unrevoked.
    if (at > t.expires_at) {
        a.verdict = Verdict::warning;
        a.reasons.push_back(Reason::trust_list_expired);
    }
    if (held)  // §9.5
        apply_lifecycle_rules(a, verified->fields(), *held, t.status_max_age, scan);
    return a;
}

}  // namespace

Assessment assess_with_status(std::string_view text, const TrustList& trust, const ScanFacts& scan,
                              const std::optional<HeldStatus>& held) {
    Assessment a = assess_code(text, trust, scan, held);
    // §6.1 display rule, the one place it is decided: the reminder goes with an authentic code
    // that no lifecycle rule withdrew (not voided, superseded or outside its certificate).
    a.reminder = a.authentic && a.verdict != Verdict::invalid;
    return a;
}

}  // namespace traceseal
