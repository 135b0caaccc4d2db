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
    return st;
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
    const TrustState st = state_of(current, trust);
    out.held = st.held_checkpoints();
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
            TimelineEvent e{r.seq, r.code, r.type, r.state, r.related, r.details, r.sealed};
            if (!e.details && p.inspector)
                if (auto d = open_record_details(r, *p.inspector)) e.details = *d;
            v.push_back(std::move(e));
        }
    std::sort(v.begin(), v.end(),
              [](const TimelineEvent& a, const TimelineEvent& b) { return a.seq < b.seq; });
    return v;
}

}  // namespace traceseal::viewer
