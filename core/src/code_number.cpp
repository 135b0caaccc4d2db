// Typed code numbers (FORMAT.md §6.3): the number's segment against the trust list, its serial
// against the status data, with the lifecycle rules of §9.5; never genuine.
#include "traceseal/code_number.h"

#include <algorithm>
#include <cstdio>

#include "lifecycle.h"

namespace traceseal {
namespace {

constexpr std::uint32_t kMaxSerial = 0xFFFFFF;                 // u24, §3.1
constexpr std::string_view kFullWidthHyphen = "\xEF\xBC\x8D";  // U+FF0D

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::optional<std::uint32_t> eight_digits(std::string_view s) {
    if (s.size() != 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return v;
}

const IssuingKey* key_for_segment(const TrustListBody& t, std::uint32_t segment) {
    for (const IssuingKey& k : t.issuing_keys)
        for (const SegmentRange& r : k.segments)
            if (segment >= r.first && segment <= r.last) return &k;
    return nullptr;
}

}  // namespace

std::optional<CodeNumber> parse_code_number(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    if (text.size() < 16) return std::nullopt;
    std::string_view sep = text.substr(8, text.size() - 16);
    if (!(sep.empty() || sep == "-" || sep == " " || sep == kFullWidthHyphen)) return std::nullopt;
    auto segment = eight_digits(text.substr(0, 8));
    auto serial = eight_digits(text.substr(text.size() - 8));
    if (!segment || !serial) return std::nullopt;
    return CodeNumber{*segment, *serial};
}

std::string format_code_number(const CodeNumber& n) {
    char out[24];
    std::snprintf(out, sizeof out, "%08u-%08u", static_cast<unsigned>(n.segment),
                  static_cast<unsigned>(n.serial));
    return out;
}

namespace {

// §6.3 with the snapshots in force; `lifecycle` false when the caller has no status data at all.
Assessment assess_number(const CodeNumber& n, const TrustList& trust, const ScanFacts& scan,
                         const StatusSnapshot* snaps, std::size_t count, bool lifecycle) {
    const UnixTime at = scan.at;
    Assessment a;
    a.text = format_code_number(n);
    a.verdict = Verdict::warning;
    a.reasons = {Reason::code_number_only};
    const TrustListBody& t = trust.body();
    const IssuingKey* key = key_for_segment(t, n.segment);
    if (!key) {  // step 2: nothing else is checked
        a.verdict = Verdict::invalid;
        a.reasons.push_back(Reason::segment_not_authorized);
        return a;
    }
    if (at > t.expires_at) a.reasons.push_back(Reason::trust_list_expired);  // step 5
    if (n.serial > kMaxSerial) {                                             // step 3
        a.verdict = Verdict::invalid;
        a.reasons.insert(a.reasons.begin() + 1, Reason::serial_not_allocated);
        return a;
    }
    if (lifecycle) {  // step 4: the §9.5 rules, as for a code that passed §5
        CodeFields f;
        f.operator_id = key->operator_id;
        f.segment = n.segment;
        f.serial = n.serial;
        // Only a snapshot that covers the number says anything about it (§6.3 step 4): no
        // status_missing note, the verdict is a warning already.
        if (const StatusSnapshot* snap = snapshot_for(snaps, count, f))
            apply_lifecycle_rules(a, f, HeldStatus{snap, 1}, t.status_max_age, scan);
        // apply_lifecycle_rules puts the lifecycle reasons first; §6.3 keeps code_number_only
        // first and the verdict at warning at best.
        auto it = std::find(a.reasons.begin(), a.reasons.end(), Reason::code_number_only);
        std::rotate(a.reasons.begin(), it, it + 1);
        if (a.verdict == Verdict::genuine) a.verdict = Verdict::warning;
    }
    // §6.1: a number proves nothing about the label, so it is never authentic and never shows
    // the duty-free reminder that would vouch for it.
    a.authentic = a.reminder = false;
    return a;
}

}  // namespace

Assessment assess_code_number(const CodeNumber& n, const TrustList& trust, UnixTime at,
                              const StatusContext* status) {
    if (!status) return assess_number(n, trust, ScanFacts{at, {}, {}, {}}, nullptr, 0, false);
    const ScanFacts scan{at, status->context, status->prior_sightings, status->here};
    return assess_number(n, trust, scan, status->snapshots.data(), status->snapshots.size(), true);
}

Assessment assess_code_number(const CodeNumber& n, const TrustState& state, const ScanFacts& scan) {
    return assess_number(n, state.trust_list(), scan, state.snapshots().data(),
                         state.snapshots().size(), true);
}

std::string code_number_to_json(const Assessment& a, const CodeNumber& n, std::string_view input) {
    return assessment_to_json(a, input, "{\"code_number\":\"" + format_code_number(n) + "\"}");
}

std::string assess_typed_to_json(std::string_view text, const TrustList& trust, UnixTime at,
                                 const StatusContext* status, std::string_view input) {
    if (std::optional<CodeNumber> n = parse_code_number(text))
        return code_number_to_json(assess_code_number(*n, trust, at, status), *n, input);
    return assessment_to_json(assess_text(text, trust, at, status), input);
}

std::string assess_typed_to_json(std::string_view text, const TrustState& state,
                                 const ScanFacts& scan, std::string_view input) {
    if (std::optional<CodeNumber> n = parse_code_number(text))
        return code_number_to_json(assess_code_number(*n, state, scan), *n, input);
    return assessment_to_json(state.assess(text, scan), input);
}

}  // namespace traceseal
