// Status snapshot loading for the viewer: the CLI's --status rules, files or the demo world.
#include "status_source.h"

#include "demo_lifecycle.h"
#include "files.h"
#include "trust_source.h"

namespace traceseal::viewer {

Result<StatusSource> add_status_files(const StatusSource& current,
                                      const std::vector<std::string>& paths, const TrustList& trust,
                                      const PublicKey& root) {
    StatusSource out = current;
    for (const std::string& path : paths) {
        auto data = cli::read_text_file(path);
        if (!data) return data.error();
        auto snap = verify_status_snapshot(Bytes(data->begin(), data->end()), trust, root);
        if (!snap) return make_error(snap.error().reason, path + ": " + snap.error().detail);
        bool replaced = false;
        for (StatusSnapshot& cur : out.snapshots)
            if (cur.certificate().segment == snap->certificate().segment) {
                auto accepted = accept_status_update(cur, std::move(*snap));
                if (!accepted)
                    return make_error(accepted.error().reason,
                                      path + ": " + accepted.error().detail);
                cur = std::move(*accepted);
                replaced = true;
                break;
            }
        if (!replaced) out.snapshots.push_back(std::move(*snap));
        out.paths.push_back(path);
        out.description += (out.description.empty() ? "" : ", ") + path;
    }
    return out;
}

Result<StatusSource> load_status_files(const std::vector<std::string>& paths,
                                       const TrustList& trust, const PublicKey& root) {
    return add_status_files(StatusSource{}, paths, trust, root);
}

StatusSource demo_status(const TrustSource& trust) {
    StatusSource out;
    if (!trust.list) return out;
    const cli::DemoWorld w = cli::make_demo_world(kDemoSeed);
    auto store = registry::open_sqlite_store(":memory:");
    if (!store) return out;
    auto life = cli::run_demo_lifecycle(w, kDemoCount, **store);
    if (!life) return out;
    for (const Bytes& b : life->snapshots)
        if (auto snap = verify_status_snapshot(b, *trust.list, w.root.public_key))
            out.snapshots.push_back(std::move(*snap));
    out.description = "demo world (seed " + std::to_string(kDemoSeed) + ")";
    return out;
}

}  // namespace traceseal::viewer
