// Provenance loading and the per-code timeline.
#include "provenance_source.h"

#include <algorithm>

#include "files.h"

namespace traceseal::viewer {

Result<ProvenanceSource> add_provenance_files(const ProvenanceSource& current,
                                              const std::vector<std::string>& paths,
                                              const TrustList& trust) {
    ProvenanceSource out = current;
    for (const std::string& path : paths) {
        auto data = cli::read_text_file(path);
        if (!data) return make_error(Reason::provenance_malformed, data.error().detail);
        Bytes bytes(data->begin(), data->end());
        auto p = verify_provenance(bytes, trust, "", out.held ? &*out.held : nullptr);
        if (!p) return make_error(p.error().reason, path + ": " + p.error().detail);
        out.files.push_back(std::move(bytes));
        out.bundles.push_back(std::move(*p));
        out.paths.push_back(path);
    }
    return out;
}

ProvenanceSource reverify_provenance(const ProvenanceSource& current, const TrustList& trust) {
    ProvenanceSource out;
    out.inspector = current.inspector;
    if (current.held)  // a held checkpoint is kept only while the new list still vouches for it
        if (auto c = verify_checkpoint(current.held->bytes(), trust)) out.held = std::move(*c);
    for (std::size_t i = 0; i < current.files.size(); ++i)
        if (auto p =
                verify_provenance(current.files[i], trust, "", out.held ? &*out.held : nullptr)) {
            out.files.push_back(current.files[i]);
            out.bundles.push_back(std::move(*p));
            out.paths.push_back(current.paths[i]);
        }
    return out;
}

Result<Checkpoint> load_checkpoint_file(const std::string& path, const TrustList& trust) {
    auto data = cli::read_text_file(path);
    if (!data) return make_error(Reason::provenance_malformed, data.error().detail);
    auto c = verify_checkpoint(Bytes(data->begin(), data->end()), trust);
    if (!c) return make_error(c.error().reason, path + ": " + c.error().detail);
    return c;
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
