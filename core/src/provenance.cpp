// Provenance bundles and log checkpoints (FORMAT.md §10): leaves, the hash chain, signing,
// bundle building and verification in the normative order, sealed details.
#include <algorithm>

#include "byte_io.h"
#include "crypto.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

constexpr std::string_view kCheckpointMagic = "TSCP";
constexpr std::string_view kBundleMagic = "TSPB";
constexpr std::size_t kCheckpointBodySize = 55;
constexpr std::size_t kMaxString = 4096;  // any str() field
using Hash = std::array<std::uint8_t, 32>;

Bytes details_bytes(const EventDetails& d) {
    Bytes out;
    put_be(out, static_cast<std::uint64_t>(d.time), 8);
    put_str(out, d.actor);
    put_str(out, d.place);
    put_str(out, d.reason);
    return out;
}

Hash details_hash(const std::array<std::uint8_t, 32>& salt, const Bytes& details) {
    Bytes m(salt.begin(), salt.end());
    m.insert(m.end(), details.begin(), details.end());
    return hash256("traceseal-details-v1", m);
}

Hash code_hash(std::string_view code) {
    return hash256("traceseal-leaf-code-v1", Bytes(code.begin(), code.end()));
}

LogLeaf leaf_of(std::uint64_t seq, std::string_view code, std::string_view type,
                std::string_view state, std::string_view related, const Hash& dh) {
    Bytes body;
    put_be(body, seq, 8);
    put_str(body, type);
    put_str(body, state);
    put_str(body, related);
    put_bytes(body, dh.data(), dh.size());
    Hash c = code_hash(code), b = hash256("traceseal-leaf-body-v1", body);
    LogLeaf leaf{};
    std::copy(c.begin(), c.end(), leaf.begin());
    std::copy(b.begin(), b.end(), leaf.begin() + 32);
    return leaf;
}

Hash next_head(const Hash& head, const LogLeaf& leaf) {
    Bytes m(head.begin(), head.end());
    m.insert(m.end(), leaf.begin(), leaf.end());
    return hash256("traceseal-log-v1", m);
}

std::optional<EventDetails> parse_details(const Bytes& b) {
    ByteReader r{b};
    EventDetails d;
    d.time = static_cast<UnixTime>(r.be(8));
    d.actor = r.str(kMaxString);
    d.place = r.str(kMaxString);
    d.reason = r.str(kMaxString);
    if (!r.ok || r.pos != b.size() || d.time < 0) return std::nullopt;
    return d;
}

std::optional<std::uint32_t> segment_of(std::string_view code) {
    unsigned seg = 0, ser = 0;
    if (code.size() != 17 || code[8] != '-') return std::nullopt;
    for (std::size_t i = 0; i < 17; ++i)
        if (i != 8 && (code[i] < '0' || code[i] > '9')) return std::nullopt;
    seg = static_cast<unsigned>(std::stoul(std::string(code.substr(0, 8))));
    ser = static_cast<unsigned>(std::stoul(std::string(code.substr(9))));
    if (seg >= (1u << 24) || ser >= (1u << 24)) return std::nullopt;
    return seg;
}

}  // namespace

bool details_sealed(std::string_view type) {
    return type == "sell" || type == "pickup";
}

LogLeaf log_leaf(const LogEvent& e) {
    return leaf_of(e.seq, e.code, e.type, e.state, e.related,
                   details_hash(e.salt, details_bytes(e.details)));
}

Bytes sign_checkpoint(const std::vector<LogEvent>& log, std::uint16_t key_id, UnixTime issued_at,
                      const SecretKey& key) {
    Hash head{};
    for (const LogEvent& e : log) head = next_head(head, log_leaf(e));
    Bytes body(kCheckpointMagic.begin(), kCheckpointMagic.end());
    body.push_back(1);
    put_be(body, key_id, 2);
    put_be(body, log.size(), 8);
    put_bytes(body, head.data(), head.size());
    put_be(body, static_cast<std::uint64_t>(issued_at), 8);
    crypto::Signature sig = crypto::sign(key, kCheckpointContext, body.data(), body.size());
    put_bytes(body, sig.data(), sig.size());
    return body;
}

Bytes build_provenance_bundle(const std::vector<LogEvent>& log, const Bytes& checkpoint,
                              const std::vector<std::string>& codes, std::uint64_t start,
                              const std::optional<BoxPublicKey>& inspector, const Seed& seal_seed) {
    start = std::min<std::uint64_t>(start, log.size());
    Bytes out(kBundleMagic.begin(), kBundleMagic.end());
    out.push_back(1);
    out.insert(out.end(), checkpoint.begin(), checkpoint.end());
    put_be(out, start, 8);
    Hash head{};
    std::vector<LogLeaf> leaves;
    for (const LogEvent& e : log) leaves.push_back(log_leaf(e));
    for (std::uint64_t i = 0; i < start; ++i) head = next_head(head, leaves[i]);
    put_bytes(out, head.data(), head.size());
    put_be(out, leaves.size() - start, 4);
    for (std::uint64_t i = start; i < leaves.size(); ++i)
        put_bytes(out, leaves[i].data(), leaves[i].size());
    std::vector<const LogEvent*> picked;
    for (std::uint64_t i = start; i < log.size(); ++i)
        if (std::find(codes.begin(), codes.end(), log[i].code) != codes.end())
            picked.push_back(&log[i]);
    put_be(out, picked.size(), 2);
    for (const LogEvent* e : picked) {
        put_be(out, e->seq, 8);
        put_str(out, e->code);
        put_str(out, e->type);
        put_str(out, e->state);
        put_str(out, e->related);
        const bool sealed = details_sealed(e->type);
        out.push_back(sealed ? 1 : 0);
        Bytes plain(e->salt.begin(), e->salt.end());
        Bytes d = details_bytes(e->details);
        plain.insert(plain.end(), d.begin(), d.end());
        Hash dh = details_hash(e->salt, d);
        put_bytes(out, dh.data(), dh.size());
        if (!sealed) {
            put_str(out, std::string(plain.begin(), plain.end()));
        } else if (inspector) {
            Bytes m(seal_seed.begin(), seal_seed.end());
            put_be(m, e->seq, 8);
            Hash s = hash256("traceseal-seal-seed-v1", m);
            Seed eph;
            std::copy(s.begin(), s.end(), eph.begin());
            Bytes box = seal_to(*inspector, plain, eph);
            put_str(out, std::string(box.begin(), box.end()));
        } else {
            put_str(out, "");  // withheld: no inspector to seal to
        }
    }
    return out;
}

Result<Checkpoint> verify_checkpoint(const Bytes& bytes, const TrustList& trust) {
    ByteReader r{bytes};
    if (bytes.size() < 5 ||
        !std::equal(kCheckpointMagic.begin(), kCheckpointMagic.end(), bytes.begin()))
        return make_error(Reason::provenance_malformed, "not a checkpoint (magic TSCP)");
    if (bytes.size() != kCheckpointSize)
        return make_error(Reason::provenance_malformed,
                          "a checkpoint is 119 bytes, got " + std::to_string(bytes.size()));
    r.pos = 4;
    if (r.be(1) != 1)
        return make_error(Reason::provenance_unsupported_version, "checkpoint version is not 1");
    Checkpoint c;
    c.body_.key_id = static_cast<std::uint16_t>(r.be(2));
    c.body_.count = r.be(8);
    c.body_.head = r.fixed<32>();
    c.body_.issued_at = static_cast<UnixTime>(r.be(8));
    const IssuingKey* key = trust.body().find_key(c.body_.key_id);
    if (!key)
        return make_error(Reason::provenance_unknown_key,
                          "checkpoint key " + std::to_string(c.body_.key_id) +
                              " is not an issuing key of the trust list");
    crypto::Signature sig{};
    std::copy(bytes.begin() + kCheckpointBodySize, bytes.end(), sig.begin());
    if (!crypto::verify(key->public_key, kCheckpointContext, bytes.data(), kCheckpointBodySize,
                        sig))
        return make_error(
            Reason::provenance_bad_signature,
            "checkpoint signature does not verify under key " + std::to_string(c.body_.key_id));
    // §10.4 step 2: signed while the key was valid (as status snapshots, §9.4 step 3a).
    if (c.body_.issued_at < key->not_before || c.body_.issued_at > key->not_after)
        return make_error(Reason::provenance_key_not_valid, "checkpoint issued_at is outside key " +
                                                                std::to_string(c.body_.key_id) +
                                                                "'s validity");
    c.bytes_ = bytes;
    return c;
}

Result<Provenance> verify_provenance(const Bytes& bundle, const TrustList& trust,
                                     std::string_view code_number, const Checkpoint* held) {
    // 1. Framing.
    ByteReader r{bundle};
    if (bundle.size() < 5 || !std::equal(kBundleMagic.begin(), kBundleMagic.end(), bundle.begin()))
        return make_error(Reason::provenance_malformed, "not a provenance bundle (magic TSPB)");
    r.pos = 4;
    if (r.be(1) != 1)
        return make_error(Reason::provenance_unsupported_version, "bundle version is not 1");
    Bytes cp = r.raw(kCheckpointSize);
    const std::uint64_t start = r.be(8);
    const Hash head_start = r.fixed<32>();
    const std::uint64_t n_leaves = r.be(4);
    if (!r.ok || n_leaves > (bundle.size() - r.pos) / 64)
        return make_error(Reason::provenance_malformed, "truncated header or leaves");
    std::vector<LogLeaf> leaves(static_cast<std::size_t>(n_leaves));
    for (auto& l : leaves) l = r.fixed<64>();
    const std::uint64_t n_records = r.be(2);
    std::vector<ProvenanceRecord> records;
    for (std::uint64_t i = 0; i < n_records && r.ok; ++i) {
        ProvenanceRecord rec;
        rec.seq = r.be(8);
        rec.code = r.str(kMaxString);
        rec.type = r.str(kMaxString);
        rec.state = r.str(kMaxString);
        rec.related = r.str(kMaxString);
        const std::uint64_t sealed = r.be(1);
        rec.details_hash = r.fixed<32>();
        std::string blob = r.str(1 << 16);
        if (!r.ok) break;
        if (sealed > 1)
            return make_error(Reason::provenance_malformed, "sealed flag is not 0 or 1");
        rec.sealed = sealed == 1;
        if (rec.sealed) {
            rec.sealed_details.assign(blob.begin(), blob.end());
        } else {
            if (blob.size() < 32 + 8 + 12)
                return make_error(Reason::provenance_malformed, "details too short");
            Bytes d(blob.begin() + 32, blob.end());
            rec.details = parse_details(d);
            if (!rec.details)
                return make_error(Reason::provenance_malformed, "details do not parse");
            std::array<std::uint8_t, 32> salt{};
            std::copy(blob.begin(), blob.begin() + 32, salt.begin());
            if (details_hash(salt, d) != rec.details_hash)
                return make_error(Reason::provenance_broken_chain,
                                  "event " + std::to_string(rec.seq) + ": details altered");
        }
        records.push_back(std::move(rec));
    }
    if (!r.ok || r.pos != bundle.size())
        return make_error(Reason::provenance_malformed,
                          "lengths do not add up to the bundle's size");
    // 2. Checkpoint.
    if (cp.size() >= 5 &&
        std::equal(kCheckpointMagic.begin(), kCheckpointMagic.end(), cp.begin()) && cp[4] != 1)
        return make_error(Reason::provenance_unsupported_version, "checkpoint version is not 1");
    auto checkpoint = verify_checkpoint(cp, trust);
    if (!checkpoint) return checkpoint.error();
    const CheckpointBody& c = checkpoint->body();
    if (start + n_leaves != c.count)
        return make_error(Reason::provenance_malformed,
                          "start + leaves is not the checkpoint's count");
    for (const auto& rec : records)
        if (rec.seq <= start || rec.seq > c.count)
            return make_error(Reason::provenance_malformed,
                              "record seq " + std::to_string(rec.seq) + " outside the leaves");
    // 3. Authority: the key speaks only for its own segments.
    const IssuingKey* key = trust.body().find_key(c.key_id);
    for (const auto& rec : records) {
        auto seg = segment_of(rec.code);
        if (!seg)
            return make_error(Reason::provenance_malformed,
                              "'" + rec.code + "' is not a code number");
        bool in = false;
        for (const SegmentRange& s : key->segments) in = in || (*seg >= s.first && *seg <= s.last);
        if (!in)
            return make_error(Reason::provenance_not_authorized, "key " + std::to_string(c.key_id) +
                                                                     " may not vouch for segment " +
                                                                     std::to_string(*seg));
    }
    // 6 (rollback first: a cheaper and clearer message than a chain mismatch).
    if (held && c.count < held->body().count)
        return make_error(Reason::provenance_rollback, "checkpoint count " +
                                                           std::to_string(c.count) + " < held " +
                                                           std::to_string(held->body().count));
    if (held && start > held->body().count)
        return make_error(Reason::provenance_incomplete,
                          "the bundle starts after the held checkpoint");
    // 4. Chain, and 6. consistency with the held checkpoint on the way.
    Hash head = head_start;
    auto check_held = [&](std::uint64_t i) {
        return !(held && i == held->body().count && head != held->body().head);
    };
    if (!check_held(start))
        return make_error(Reason::provenance_history_rewritten,
                          "the log before event " + std::to_string(start + 1) +
                              " differs from the held checkpoint");
    for (std::uint64_t i = 0; i < n_leaves; ++i) {
        head = next_head(head, leaves[i]);
        if (!check_held(start + i + 1))
            return make_error(
                Reason::provenance_history_rewritten,
                "events 1-" + std::to_string(start + i + 1) + " differ from the held checkpoint");
    }
    if (head != c.head)
        return make_error(Reason::provenance_broken_chain,
                          "the leaves do not give the checkpoint's head");
    for (const auto& rec : records)
        if (leaf_of(rec.seq, rec.code, rec.type, rec.state, rec.related, rec.details_hash) !=
            leaves[rec.seq - start - 1])
            return make_error(Reason::provenance_broken_chain,
                              "event " + std::to_string(rec.seq) + " does not match its leaf");
    // 5. Completeness for the code asked about, or (none named) for every code with a record.
    std::vector<std::string> subjects;
    if (!code_number.empty()) subjects.emplace_back(code_number);
    for (const auto& rec : records)
        if (code_number.empty() &&
            std::find(subjects.begin(), subjects.end(), rec.code) == subjects.end())
            subjects.push_back(rec.code);
    if (subjects.empty())
        return make_error(Reason::provenance_incomplete, "the bundle has no events");
    for (const std::string& subject : subjects) {
        const Hash mine = code_hash(subject);
        bool any = false;
        for (std::uint64_t i = 0; i < n_leaves; ++i) {
            if (!std::equal(mine.begin(), mine.end(), leaves[i].begin())) continue;
            const std::uint64_t seq = start + i + 1;
            if (std::none_of(records.begin(), records.end(),
                             [&](const ProvenanceRecord& x) { return x.seq == seq; }))
                return make_error(
                    Reason::provenance_incomplete,
                    "event " + std::to_string(seq) + " of " + subject + " is left out");
            any = true;
        }
        if (!any) return make_error(Reason::provenance_incomplete, "no event of " + subject);
    }
    Provenance p(std::move(*checkpoint));
    p.records_ = std::move(records);
    return p;
}

Result<EventDetails> open_record_details(const ProvenanceRecord& record,
                                         const BoxKeyPair& inspector) {
    if (record.details) return *record.details;
    auto plain = open_sealed(inspector, record.sealed_details);
    if (!plain || plain->size() < 32)
        return make_error(Reason::sealed_details_unreadable,
                          "event " + std::to_string(record.seq) + ": not for this key");
    std::array<std::uint8_t, 32> salt{};
    std::copy(plain->begin(), plain->begin() + 32, salt.begin());
    Bytes d(plain->begin() + 32, plain->end());
    auto details = parse_details(d);
    if (!details || details_hash(salt, d) != record.details_hash)
        return make_error(Reason::sealed_details_unreadable,
                          "event " + std::to_string(record.seq) + ": details altered");
    return *details;
}

}  // namespace traceseal
