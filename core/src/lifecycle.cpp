// Code states, the transition table (FORMAT.md §9.1) and the verdict rules (§9.5).
#include "lifecycle.h"

#include <algorithm>
#include <cmath>

namespace traceseal {
namespace {

constexpr std::string_view kStateWords[] = {"issued",  "activated", "sold",      "picked_up",
                                            "unbound", "voided",    "superseded"};
constexpr std::string_view kEventWords[] = {"activate", "sell",    "pickup", "unbind",
                                            "void",     "reissue", "replace"};
constexpr std::string_view kContextWords[] = {"consumer", "inspector_shop", "inspector_port"};

template <typename E, std::size_t N>
std::optional<E> parse_word(const std::string_view (&words)[N], std::string_view w) {
    for (std::size_t i = 0; i < N; ++i)
        if (words[i] == w) return static_cast<E>(i);
    return std::nullopt;
}

Error illegal(CodeState from, LifecycleEvent e) {
    return make_error(
        Reason::illegal_transition,
        "cannot " + std::string(to_string(e)) + " a code that is " + std::string(to_string(from)));
}

// §9.1: clone if max(0, d - 2 km) > 900 km/h x |dt|.
constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPositionSlackKm = 2.0;
constexpr double kMaxSpeedKmPerHour = 900.0;

int severity(Verdict v) {
    return v == Verdict::invalid ? 2 : v == Verdict::warning ? 1 : 0;
}

}  // namespace

std::string_view to_string(CodeState s) {
    return kStateWords[static_cast<int>(s)];
}
std::string_view to_string(LifecycleEvent e) {
    return kEventWords[static_cast<int>(e)];
}
std::string_view to_string(ScanContext c) {
    return kContextWords[static_cast<int>(c)];
}
std::optional<CodeState> parse_code_state(std::string_view w) {
    return parse_word<CodeState>(kStateWords, w);
}
std::optional<LifecycleEvent> parse_lifecycle_event(std::string_view w) {
    return parse_word<LifecycleEvent>(kEventWords, w);
}
std::optional<ScanContext> parse_scan_context(std::string_view w) {
    return parse_word<ScanContext>(kContextWords, w);
}

Result<CodeState> apply_event(CodeState from, LifecycleEvent e) {
    using S = CodeState;
    switch (e) {
        case LifecycleEvent::activate:
            if (from == S::issued) return S::activated;
            break;
        case LifecycleEvent::sell:
            if (from == S::activated || from == S::unbound) return S::sold;
            break;
        case LifecycleEvent::pickup:
            if (from == S::sold) return S::picked_up;
            break;
        case LifecycleEvent::unbind:
            if (from == S::sold || from == S::picked_up) return S::unbound;
            break;
        case LifecycleEvent::void_:
            if (from == S::issued || from == S::activated || from == S::unbound) return S::voided;
            break;
        case LifecycleEvent::reissue:
            if (from == S::issued || from == S::activated || from == S::unbound)
                return S::superseded;
            break;
        case LifecycleEvent::replace:
            if (from == S::activated || from == S::sold || from == S::picked_up ||
                from == S::unbound)
                return S::superseded;
            break;
    }
    return illegal(from, e);
}

Result<CodeState> successor_state(CodeState old_state, LifecycleEvent e, CodeState new_state) {
    if (e != LifecycleEvent::reissue && e != LifecycleEvent::replace)
        return make_error(Reason::illegal_transition, "only reissue and replace name a new code");
    auto old_next = apply_event(old_state, e);
    if (!old_next) return old_next.error();
    if (new_state != CodeState::issued)
        return make_error(
            Reason::illegal_transition,
            "the new code must be issued and unused, it is " + std::string(to_string(new_state)));
    return old_state == CodeState::unbound ? CodeState::activated : old_state;
}

double distance_km(const Sighting& a, const Sighting& b) {
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    double dlat = (b.latitude - a.latitude) * kRad, dlon = (b.longitude - a.longitude) * kRad;
    double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(a.latitude * kRad) * std::cos(b.latitude * kRad) * std::sin(dlon / 2) *
                   std::sin(dlon / 2);
    return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

bool clone_suspected(const std::vector<Sighting>& prior, const Sighting& here) {
    for (const Sighting& p : prior) {
        double d = std::max(0.0, distance_km(p, here) - kPositionSlackKm);
        double hours = std::fabs(static_cast<double>(here.at - p.at)) / 3600.0;
        if (d > kMaxSpeedKmPerHour * hours) return true;
    }
    return false;
}

const StatusSnapshot* snapshot_for(const StatusSnapshot* snaps, std::size_t n,
                                   const CodeFields& f) {
    const StatusSnapshot* snap = nullptr;
    for (std::size_t i = 0; i < n; ++i)  // the last one given for the segment wins
        if (snaps[i].certificate().segment == f.segment &&
            snaps[i].certificate().operator_id == f.operator_id)
            snap = &snaps[i];
    return snap;
}

void apply_lifecycle_rules(Assessment& a, const CodeFields& f, const HeldStatus& held,
                           std::uint64_t status_max_age, const ScanFacts& status) {
    const UnixTime at = status.at;
    const StatusSnapshot* snap = snapshot_for(held.snapshots, held.count, f);
    if (!snap) {
        // §9.5: without status data for the segment only the clone rule applies; but when other
        // segments have status data, its absence here is said (status_missing), not silent.
        std::vector<Reason> notes;
        if (status.here && clone_suspected(status.prior_sightings, *status.here))
            notes.push_back(Reason::clone_suspected);
        if (held.count > 0) notes.push_back(Reason::status_missing);
        a.reasons.insert(a.reasons.begin(), notes.begin(), notes.end());
        if (!notes.empty() && a.verdict == Verdict::genuine) a.verdict = Verdict::warning;
        return;
    }
    a.context = status.context;
    a.status = Assessment::StatusStamp{snap->sequence(), snap->issued_at(), snap->valid_until()};
    std::vector<Reason> lifecycle;
    std::optional<CodeState> state = snap->state_of(f.serial);
    a.state = state;
    const bool selling = status.context != ScanContext::inspector_port;
    if (!state) {
        lifecycle.push_back(Reason::serial_not_allocated);
    } else {
        switch (*state) {
            case CodeState::issued:
                lifecycle.push_back(Reason::code_not_activated);
                break;
            case CodeState::activated:
            case CodeState::unbound:
                if (!selling) lifecycle.push_back(Reason::sale_not_recorded);
                break;
            case CodeState::sold:
                break;
            case CodeState::picked_up:
                if (selling) lifecycle.push_back(Reason::resale_suspected);
                break;
            case CodeState::voided:
                lifecycle.push_back(Reason::code_voided);
                break;
            case CodeState::superseded:
                lifecycle.push_back(Reason::code_superseded);
                break;
        }
    }
    if (status.here && clone_suspected(status.prior_sightings, *status.here))
        lifecycle.push_back(Reason::clone_suspected);
    if (at > snap->used_until(status_max_age)) lifecycle.push_back(Reason::status_stale);
    // §9.5 order: lifecycle reasons, then what assess_text already had (trust_list_expired).
    lifecycle.insert(lifecycle.end(), a.reasons.begin(), a.reasons.end());
    a.reasons = std::move(lifecycle);
    Verdict v = Verdict::genuine;
    for (Reason r : a.reasons)
        if (severity(verdict_of(r)) > severity(v)) v = verdict_of(r);
    a.verdict = v;
    if (v == Verdict::invalid) {  // §9.5: authentic fields, but no names for a non-verified result
        a.operator_name_en.clear();
        a.operator_name_zh.clear();
        a.category_name_en.clear();
        a.category_name_zh.clear();
    }
}

}  // namespace traceseal
