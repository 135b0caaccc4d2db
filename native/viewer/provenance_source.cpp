// Provenance loading and the per-code timeline.
#include "provenance_source.h"

#include <algorithm>

#include "files.h"

namespace traceseal::viewer {

namespace {

// The verifier state of these bundles: the trust list and the held checkpoints (kept only while
// the list still vouches for them).
TrustState state_of(const ProvenanceSource& p, const TrustList& trust) {
    TrustState st(trust);
    for (const auto& [log, c] : p.held) st.hold_checkpoint(c.bytes());
    for (const auto& [origin, c] : p.held_logs) st.hold_log_checkpoint(c.note());
    return st;
}

platform::BundleV2Result verify_v2(const ProvenanceSource& p, const TrustState& st,
                                   std::string path, Bytes bytes) {
    const BoxKeyPair* inspector = p.inspector ? &*p.inspector : nullptr;
    return platform::verify_bundle_v2_file(std::move(path), std::move(bytes),
                                           p.logs ? p.logs : platform::log_lookup(st), inspector);
}

}  // namespace

Result<ProvenanceSource> add_provenance_files(const ProvenanceSource& current,
                                              const std::vector<std::string>& paths,
                                              const TrustList& trust) {
    ProvenanceSource out = current;
    const TrustState st = state_of(current, trust);
    for (const std::string& path : paths) {
        auto bytes = cli::read_bytes_file(path, cli::kMaxProvenanceBytes);
        if (!bytes) return bytes.error();
        if (platform::is_bundle_v2(*bytes)) {
            out.v2.push_back(verify_v2(out, st, path, std::move(*bytes)));
            continue;
        }
        auto p = st.verify_bundle(*bytes, "");
        if (!p) return make_error(p.error().reason, path + ": " + p.error().detail);
        out.files.push_back(std::move(*bytes));
        out.bundles.push_back(std::move(*p));
        out.paths.push_back(path);
    }
    return out;
}

ProvenanceSource reverify_provenance(const ProvenanceSource& current, const TrustList& trust) {
    ProvenanceSource out;
    out.inspector = current.inspector;
    out.logs = current.logs;
    const TrustState st = state_of(current, trust);
    out.held = st.held_checkpoints();
    out.held_logs = st.held_log_checkpoints();
    for (const platform::BundleV2Result& b : current.v2)
        out.v2.push_back(verify_v2(out, st, b.path, b.bytes));
    for (std::size_t i = 0; i < current.files.size(); ++i)
        if (auto p = st.verify_bundle(current.files[i], "")) {
            out.files.push_back(current.files[i]);
            out.bundles.push_back(std::move(*p));
            out.paths.push_back(current.paths[i]);
        }
    return out;
}

std::vector<TimelineEvent> timeline_of(const ProvenanceSource& p, std::string_view code_number) {
    std::vector<TimelineEvent> v;
    for (const Provenance& b : p.bundles)
        for (const ProvenanceRecord& r : b.records()) {
            if (r.code != code_number && r.related != code_number) continue;
            if (std::any_of(v.begin(), v.end(),
                            [&](const TimelineEvent& e) { return e.seq == r.seq; }))
                continue;
            TimelineEvent e{r.seq,     r.code,   r.type, r.state, r.related,
                            r.details, r.sealed, {},     false};
            if (!e.details && p.inspector)
                if (auto d = open_record_details(r, *p.inspector)) e.details = *d;
            v.push_back(std::move(e));
        }
    // v2: each verified history's events (one log's index once), after any v1 events.
    std::vector<std::pair<std::string, std::uint64_t>> seen;
    for (const platform::BundleV2Result& b : p.v2) {
        if (!b.history) continue;
        const std::string& origin = b.history->checkpoint.origin;
        for (const platform::TimelineEntry& t : b.history->events) {
            const tlog::Event& ev = t.event;
            if (ev.code_number != code_number && ev.related != code_number) continue;
            if (std::find(seen.begin(), seen.end(), std::make_pair(origin, t.index)) != seen.end())
                continue;
            seen.emplace_back(origin, t.index);
            v.push_back({t.index, ev.code_number, ev.type, ev.state, ev.related, t.details,
                         t.sealed, t.unreadable, true});
        }
    }
    std::stable_sort(v.begin(), v.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
        return std::make_pair(a.v2, a.seq) < std::make_pair(b.v2, b.seq);
    });
    return v;
}

const platform::HistoryV2* history_of(const ProvenanceSource& p, std::string_view code_number) {
    const platform::HistoryV2* best = nullptr;
    for (const platform::BundleV2Result& b : p.v2)
        if (b.history && b.history->code_number == code_number &&
            (!best || b.history->checkpoint.size > best->checkpoint.size))
            best = &*b.history;
    return best;
}

std::vector<const platform::BundleV2Result*> refusals_of(const ProvenanceSource& p,
                                                         std::string_view code_number) {
    std::vector<const platform::BundleV2Result*> out;
    for (const platform::BundleV2Result& b : p.v2)
        if (!b.history && b.code_number == code_number) out.push_back(&b);
    return out;
}

}  // namespace traceseal::viewer
