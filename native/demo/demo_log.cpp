// The demo's logs, witness and bundles (demo_log.h).
#include "demo_log.h"

#include <cstdio>

#include "bundle_export.h"
#include "demo_lifecycle.h"
#include "publisher.h"

namespace traceseal::cli {

std::string demo_log_dir(int operator_id) {
    return "log/" + std::to_string(operator_id);
}

BoxKeyPair demo_inspector(const DemoWorld& w) {
    Bytes b = derive_bytes("traceseal-demo/inspector", w.seed, 32);
    Seed s;
    std::copy(b.begin(), b.end(), s.begin());
    return box_keypair_from_seed(s);
}

Result<std::vector<std::string>> publish_demo_logs(const DemoWorld& w, registry::Store& store,
                                                   const std::string& dir) {
    const UnixTime now = *parse_time(kDemoCosignedAt);
    log::KeySigner witness_key(std::string(kDemoWitnessName), tlog::kSigTypeCosignatureV1,
                               w.witness.secret_key);
    std::vector<std::string> notes;
    for (int op = 1; op <= 2; ++op) {
        const TrustedLog* trusted = w.body.find_log(demo_log_origin(op));
        if (!trusted) return make_error(Reason::store_failed, "the demo list names no log");
        log::KeySigner log_key(trusted->policy.origin, tlog::kSigTypeEd25519,
                               w.log_keys[op - 1].secret_key);
        log::Witness witness(dir + "/witness", {trusted->policy}, witness_key);
        registry::PublishConfig c;
        c.operator_id = static_cast<std::uint16_t>(op);
        c.dir = dir + "/" + demo_log_dir(op);
        c.origin = trusted->policy.origin;
        c.log_key = &log_key;
        c.witnesses = {[&witness, now](const std::string& request) {
            return witness.add_checkpoint(request, now);
        }};
        c.quorum = trusted->policy.quorum;
        auto r = registry::publish(store, c);
        if (!r) return r.error();
        notes.push_back(r->checkpoint);
    }
    return notes;
}

Result<std::map<std::string, Bytes>> demo_bundles(const DemoWorld& w, registry::Store& store,
                                                  const std::string& dir,
                                                  const std::vector<std::string>& codes) {
    std::map<std::string, Bytes> out;
    for (int op = 1; op <= 2; ++op) {
        std::vector<std::string> mine;
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%08u-", kDemoSegments[op - 1]);
        for (const std::string& c : codes)
            if (c.rfind(prefix, 0) == 0) mine.push_back(c);
        if (mine.empty()) continue;
        registry::ExportConfig c;
        c.operator_id = static_cast<std::uint16_t>(op);
        c.dir = dir + "/" + demo_log_dir(op);
        c.inspector = demo_inspector(w).public_key;
        Bytes seed = derive_bytes("traceseal-demo/seal-" + std::to_string(op), w.seed, 32);
        std::copy(seed.begin(), seed.end(), c.seal_seed.begin());
        auto bundles = registry::export_bundles_v2(store, mine, c);
        if (!bundles) return bundles.error();
        for (std::size_t i = 0; i < mine.size(); ++i) out[mine[i]] = std::move((*bundles)[i]);
    }
    return out;
}

}  // namespace traceseal::cli
