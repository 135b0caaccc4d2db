// Files are written atomically (platform write_file: temporary, fsync, rename), so a reader or a
// CDN never sees half a snapshot, and a crash leaves the previous one.
#include "publish.h"

#include "batch.h"
#include "files.h"

namespace traceseal::service {

Publisher::~Publisher() = default;

std::optional<Error> Publisher::open() {
    std::vector<tlog::LogPolicy> policies;  // a witness checks the log's signature only
    for (const auto& l : config_.logs) {
        auto k = log::load_key_signer(l.key_file, l.origin, tlog::kSigTypeEd25519);
        if (!k) return k.error();
        tlog::LogPolicy p;
        p.origin = l.origin;
        p.log_key = (*k)->vkey();
        policies.push_back(p);
        log_keys_.push_back(std::move(*k));
    }
    for (const auto& w : config_.witnesses) {
        auto k = log::load_key_signer(w.key_file, w.name, tlog::kSigTypeCosignatureV1);
        if (!k) return k.error();
        witness_keys_.push_back(std::move(*k));
        witnesses_.push_back(
            std::make_unique<log::Witness>(w.state_dir, policies, *witness_keys_.back()));
    }
    return std::nullopt;
}

Result<std::string> Publisher::publish(registry::Store& store, UnixTime now) {
    std::lock_guard<std::mutex> lock(m_);
    const auto& c = config_;
    std::vector<std::string> written;
    auto fail = [](const std::string& e) { return make_error(Reason::file_write_failed, e); };
    for (const char* sub : {"/trust", "/status", "/log"})
        if (auto e = cli::make_dirs(c.dir + sub)) return fail(*e);
    for (const auto& [from, to] : {std::pair{c.root_file, "trust/root.pub.json"},
                                   std::pair{c.trust_file, "trust/trust-list.json"}}) {
        auto data = cli::read_file(from, cli::kMaxTrustListBytes);
        if (!data) return data.error();
        auto old = cli::read_file(c.dir + "/" + to, cli::kMaxTrustListBytes);
        if (old && *old == *data) continue;
        if (auto e = cli::write_file(c.dir + "/" + to, *data)) return fail(*e);
        written.push_back(to);
    }
    auto last = store.last_event();
    const std::int64_t seq = last ? last->seq : 0;
    if (seq != published_seq_) {
        registry::Registry reg(store);
        for (const auto& seg : store.segments()) {
            const KeyFile* key = nullptr;
            for (const auto& k : c.issuing_keys) {
                const IssuingKey* ik = c.trust.find_key(k.key_id);
                if (!ik || ik->operator_id != seg.body.operator_id ||
                    c.trust.find_revoked(k.key_id) || !k.secret_key)
                    continue;
                for (const auto& r : ik->segments)
                    if (seg.body.segment >= r.first && seg.body.segment <= r.last) key = &k;
            }
            if (!key) continue;
            auto cert = verify_segment_certificate(seg.certificate, c.root);
            if (!cert) return cert.error();
            auto states = reg.segment_states(seg.body.segment);
            if (!states) return states.error();
            auto sequence = store.next_snapshot_sequence(seg.body.segment, now);
            if (!sequence) return make_error(Reason::store_failed, store.last_error());
            StatusPlan plan{key->key_id, *sequence, now, now + c.valid_for, std::move(*states)};
            Bytes snap = sign_status_snapshot(*cert, plan, *key->secret_key);
            std::string name = "status/" + std::to_string(seg.body.segment) + ".tss";
            if (auto e = cli::write_file(c.dir + "/" + name, snap)) return fail(*e);
            written.push_back(name);
        }
        published_seq_ = seq;
    }
    // The logs: publishing again with nothing new changes nothing (registry::publish).
    std::string sizes;
    for (std::size_t i = 0; i < c.logs.size(); ++i) {
        registry::PublishConfig lc;
        lc.operator_id = c.logs[i].operator_id;
        lc.dir = c.dir + "/log/" + std::to_string(lc.operator_id);
        lc.origin = c.logs[i].origin;
        lc.log_key = log_keys_[i].get();
        for (auto& w : witnesses_)
            lc.witnesses.push_back([w = w.get(), now](const std::string& request) {
                return w->add_checkpoint(request, now);
            });
        auto r = registry::publish(store, lc);
        if (!r) return r.error();
        if (!r->unchanged)
            written.push_back("log/" + std::to_string(lc.operator_id) + "/checkpoint");
        sizes += (sizes.empty() ? "" : ",") + ("\"" + lc.origin + "\":" + std::to_string(r->size));
    }
    std::string list;
    for (const auto& w : written) list += (list.empty() ? "" : ",") + ("\"" + w + "\"");
    return "{\"published\":[" + list + "],\"events\":" + std::to_string(seq) + ",\"logs\":{" +
           sizes + "}}";
}

}  // namespace traceseal::service
