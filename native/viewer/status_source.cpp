// Status snapshot loading for the viewer: the CLI's --status rules, files or the demo world.
#include "status_source.h"

#include "demo_lifecycle.h"
#include "files.h"
#include "traceseal/trust_state.h"
#include "trust_source.h"

namespace traceseal::viewer {

Result<StatusSource> add_status_files(const StatusSource& current,
                                      const std::vector<std::string>& paths, const TrustList& trust,
                                      const PublicKey& root) {
    if (!(root == trust.root_key()))
        return make_error(Reason::status_malformed, "the trust list is not of this root");
    // §9.4 through the verifier state: the held snapshots, then each file under the update rule.
    TrustState st(trust);
    for (const StatusSnapshot& cur : current.snapshots) st.add_status(cur.bytes());
    StatusSource out = current;
    for (const std::string& path : paths) {
        auto data = cli::read_bytes_file(path, cli::kMaxStatusBytes);
        if (!data) return data.error();
        auto added = st.add_status(*data);
        if (!added) return make_error(added.error().reason, path + ": " + added.error().detail);
        out.paths.push_back(path);
        out.description += (out.description.empty() ? "" : ", ") + path;
    }
    out.snapshots = st.snapshots();
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
