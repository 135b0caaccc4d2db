// Files are written atomically (platform write_file: temporary, fsync, rename), so a reader or a
// CDN never sees half a snapshot, and a crash leaves the previous one.
#include "publish.h"

#include "batch.h"
#include "files.h"

namespace traceseal::service {

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
    std::string list;
    for (const auto& w : written) list += (list.empty() ? "" : ",") + ("\"" + w + "\"");
    return "{\"published\":[" + list + "],\"events\":" + std::to_string(seq) + "}";
}

}  // namespace traceseal::service
