// The per-segment index and provenance bundles v2 (FORMAT.md §10.11–§10.13): a code's events
// with their inclusion proofs, the index proof for its serial, the cosigned checkpoint and an
// optional consistency proof, verified in the normative order, linear in the bundle's size.
#include <set>

#include "byte_io.h"
#include "traceseal/traceseal.h"

namespace traceseal::tlog {
namespace {

constexpr std::size_t kMaxEvents = 4096;
constexpr std::size_t kMaxEventBytes = 1024, kMaxBlobBytes = 4096;
constexpr std::size_t kMinDetails = 32 + 8 + 12;  // salt, time, three empty strings

Error bad(Reason r, std::string detail) {
    return make_error(r, std::move(detail));
}

void put_proof(Bytes& out, const std::vector<Hash>& p) {
    out.push_back(static_cast<std::uint8_t>(p.size()));
    for (const Hash& h : p) put_bytes(out, h.data(), h.size());
}
std::vector<Hash> read_proof(ByteReader& r) {
    const std::uint64_t n = r.be(1);
    std::vector<Hash> p;
    if (n > kMaxProofHashes) return r.ok = false, p;
    for (std::uint64_t i = 0; i < n && r.ok; ++i) p.push_back(r.fixed<32>());
    return p;
}
Proof as_proof(const std::vector<Hash>& p) {
    Proof out;
    for (const Hash& h : p) out.emplace_back(h.begin(), h.end());
    return out;
}
Bytes as_bytes(const Hash& h) {
    return Bytes(h.begin(), h.end());
}
bool included(std::uint64_t index, std::uint64_t size, const Bytes& entry,
              const std::vector<Hash>& proof, const Hash& root) {
    return !verify_inclusion(index, size, as_bytes(leaf_hash(entry)), as_proof(proof),
                             as_bytes(root));
}

// details_blob (unsealed) = details_salt || u64 time || str(actor) || str(place) || str(reason)
bool details_parse(const Bytes& blob) {
    ByteReader r{blob};
    r.fixed<32>();
    r.be(8);
    for (int i = 0; i < 3; ++i) r.str(kMaxBlobBytes);
    return r.ok && r.pos == blob.size();
}

}  // namespace

Bytes encode_serial_leaf(const SerialLeaf& l) {
    Bytes out;
    put_be(out, l.count, 4);
    put_be(out, l.last, 8);
    out.push_back(l.state);
    put_bytes(out, l.salt.data(), l.salt.size());
    return out;
}

Bytes encode_map_leaf(const MapLeaf& l) {
    Bytes out;
    put_be(out, l.segment, 3);
    put_be(out, l.first, 3);
    put_be(out, l.last, 3);
    put_bytes(out, l.segment_root.data(), l.segment_root.size());
    return out;
}

Hash leaves_root(const std::vector<Bytes>& leaves) {
    CompactRange r;
    for (const Bytes& l : leaves) r.append(leaf_hash(l));
    return r.root();
}

std::vector<Hash> leaves_proof(const std::vector<Bytes>& leaves, std::uint64_t index) {
    auto at = [&](int level, std::uint64_t i) -> std::optional<Hash> {
        const std::uint64_t w = std::uint64_t{1} << level;
        if ((i + 1) * w > leaves.size()) return std::nullopt;
        CompactRange r;
        for (std::uint64_t k = i * w; k < (i + 1) * w; ++k) r.append(leaf_hash(leaves[k]));
        return r.root();
    };
    return inclusion_proof(index, leaves.size(), at).value_or(std::vector<Hash>{});
}

Bytes encode_bundle_v2(const BundleV2& b) {
    Bytes out{'T', 'S', 'P', 'B', 0x02};
    put_str(out, b.checkpoint);
    put_str(out, b.code_number);
    put_bytes(out, b.map_root.data(), b.map_root.size());
    put_proof(out, b.index_proof);
    put_be(out, b.map_index, 4);
    put_be(out, b.map_size, 4);
    Bytes ml = encode_map_leaf(b.map_leaf);
    put_bytes(out, ml.data(), ml.size());
    put_proof(out, b.map_proof);
    Bytes sl = encode_serial_leaf(b.serial_leaf);
    put_bytes(out, sl.data(), sl.size());
    put_proof(out, b.serial_proof);
    put_be(out, b.events.size(), 2);
    for (const BundleEvent& e : b.events) {
        put_be(out, e.index, 8);
        put_bytes(out, e.salt.data(), e.salt.size());
        put_str(out, std::string(e.event.begin(), e.event.end()));
        put_proof(out, e.proof);
        out.push_back(e.sealed ? 1 : 0);
        put_str(out, std::string(e.details_blob.begin(), e.details_blob.end()));
    }
    put_be(out, b.held_size, 8);
    put_proof(out, b.consistency);
    return out;
}

Result<BundleV2> parse_bundle_v2(const Bytes& bytes) {
    ByteReader r{bytes};
    if (!r.magic("TSPB")) return bad(Reason::provenance_malformed, "not a provenance bundle");
    const std::uint64_t version = r.be(1);
    if (r.ok && version != 2)
        return bad(Reason::provenance_unsupported_version,
                   "bundle version " + std::to_string(version) + " (this reader: 2)");
    BundleV2 b;
    b.checkpoint = r.str(kMaxNoteSize);
    b.code_number = r.str(17);
    b.map_root = r.fixed<32>();
    b.index_proof = read_proof(r);
    b.map_index = static_cast<std::uint32_t>(r.be(4));
    b.map_size = static_cast<std::uint32_t>(r.be(4));
    b.map_leaf.segment = static_cast<std::uint32_t>(r.be(3));
    b.map_leaf.first = static_cast<std::uint32_t>(r.be(3));
    b.map_leaf.last = static_cast<std::uint32_t>(r.be(3));
    b.map_leaf.segment_root = r.fixed<32>();
    b.map_proof = read_proof(r);
    b.serial_leaf.count = static_cast<std::uint32_t>(r.be(4));
    b.serial_leaf.last = r.be(8);
    b.serial_leaf.state = static_cast<std::uint8_t>(r.be(1));
    b.serial_leaf.salt = r.fixed<32>();
    b.serial_proof = read_proof(r);
    const std::uint64_t n = r.be(2);
    if (n > kMaxEvents) return bad(Reason::provenance_malformed, "more than 4096 events");
    for (std::uint64_t i = 0; i < n && r.ok; ++i) {
        BundleEvent e;
        e.index = r.be(8);
        e.salt = r.fixed<32>();
        std::string ev = r.str(kMaxEventBytes);
        e.event.assign(ev.begin(), ev.end());
        e.proof = read_proof(r);
        const std::uint64_t sealed = r.be(1);
        std::string blob = r.str(kMaxBlobBytes);
        e.details_blob.assign(blob.begin(), blob.end());
        if (!r.ok) break;
        if (sealed > 1) return bad(Reason::provenance_malformed, "sealed is neither 0 nor 1");
        e.sealed = sealed == 1;
        if (!parse_event(e.event))
            return bad(Reason::provenance_malformed,
                       "event " + std::to_string(i) + ": " + parse_event(e.event).error().detail);
        if (!e.sealed && (e.details_blob.size() < kMinDetails || !details_parse(e.details_blob)))
            return bad(Reason::provenance_malformed,
                       "event " + std::to_string(i) + ": unsealed details do not parse");
        b.events.push_back(std::move(e));
    }
    b.held_size = r.be(8);
    b.consistency = read_proof(r);
    if (!r.ok || r.pos != bytes.size())
        return bad(Reason::provenance_malformed, "the lengths do not add up to the bundle");
    return b;
}

Result<VerifiedHistory> verify_bundle_v2(const Bytes& bytes, const LogPolicy& policy,
                                         const std::vector<SegmentSpan>& segments,
                                         std::string_view code_number,
                                         const VerifiedCheckpoint* held) {
    // 1. Framing.
    auto parsed = parse_bundle_v2(bytes);
    if (!parsed) return parsed.error();
    const BundleV2& b = *parsed;
    // 2. The cosigned checkpoint (§10.10).
    auto cp = verify_checkpoint_note(b.checkpoint, policy);
    if (!cp) return cp.error();
    const std::uint64_t size = cp->body().size;
    const Hash& root = cp->body().root;
    // 3. The code asked about, and the operator's authority over its segment.
    if (!parse_event(encode_event({b.code_number, 0, "activate", "activated", "", {}})))
        return bad(Reason::provenance_malformed, "the bundle's code number is malformed");
    if (b.code_number != code_number)
        return bad(Reason::provenance_wrong_code, "the bundle is for " + b.code_number);
    const auto segment = static_cast<std::uint32_t>(std::stoul(b.code_number.substr(0, 8)));
    const auto serial = static_cast<std::uint32_t>(std::stoul(b.code_number.substr(9)));
    bool authorized = false;
    for (const SegmentSpan& s : segments) authorized |= s.first <= segment && segment <= s.last;
    if (!authorized)
        return bad(Reason::provenance_not_authorized,
                   "segment " + std::to_string(segment) + " is not the log operator's");
    // 4. Index: the checkpoint's last entry, the segment map, the serial's leaf.
    if (size == 0) return bad(Reason::provenance_index_invalid, "an empty log has no index");
    if (!included(size - 1, size, index_entry(size - 1, b.map_root), b.index_proof, root))
        return bad(Reason::provenance_index_invalid, "the index entry is not the log's last");
    if (!included(b.map_index, b.map_size, encode_map_leaf(b.map_leaf), b.map_proof, b.map_root))
        return bad(Reason::provenance_index_invalid, "the segment is not in the index");
    if (b.map_leaf.segment != segment || serial < b.map_leaf.first || serial > b.map_leaf.last)
        return bad(Reason::provenance_wrong_code, "the index leaf is another segment's");
    if (!included(serial - b.map_leaf.first, std::uint64_t{b.map_leaf.last} - b.map_leaf.first + 1,
                  encode_serial_leaf(b.serial_leaf), b.serial_proof, b.map_leaf.segment_root))
        return bad(Reason::provenance_index_invalid, "the serial's index leaf is not included");
    // 5. Events: whose, how many times, in which order, and in the log.
    VerifiedHistory out(*cp);
    for (const BundleEvent& e : b.events) {
        Event ev = *parse_event(e.event);
        if (ev.code_number != b.code_number)
            return bad(Reason::provenance_wrong_code, "an event of " + ev.code_number);
        out.events_.push_back(std::move(ev));
        out.indices_.push_back(e.index);
        out.sealed_.push_back(e.sealed);
        out.blobs_.push_back(e.details_blob);
    }
    std::set<std::uint64_t> seen;
    for (const BundleEvent& e : b.events)
        if (!seen.insert(e.index).second)
            return bad(Reason::provenance_duplicate_entry, "entry " + std::to_string(e.index));
    for (std::size_t i = 1; i < b.events.size(); ++i)
        if (b.events[i].index < b.events[i - 1].index)
            return bad(Reason::provenance_out_of_order,
                       "entry " + std::to_string(b.events[i].index) + " after " +
                           std::to_string(b.events[i - 1].index));
    for (const BundleEvent& e : b.events) {
        if (e.index >= size - 1)
            return bad(Reason::provenance_malformed, "an event at or after the index entry");
        if (!included(e.index, size, event_entry(event_commitment(e.salt, e.event)), e.proof, root))
            return bad(Reason::inclusion_proof_invalid,
                       "entry " + std::to_string(e.index) + " is not in the log");
    }
    // 6. Completeness against the index.
    if (b.events.size() != b.serial_leaf.count)
        return bad(Reason::provenance_incomplete, std::to_string(b.events.size()) +
                                                      " events, the index counts " +
                                                      std::to_string(b.serial_leaf.count));
    std::uint64_t expect_prev = 0;
    for (std::size_t i = 0; i < b.events.size(); ++i) {
        if (out.events_[i].prev != expect_prev)
            return bad(
                Reason::provenance_broken_chain,
                "entry " + std::to_string(b.events[i].index) + " does not follow the one before");
        expect_prev = b.events[i].index + 1;
    }
    if (expect_prev != b.serial_leaf.last)
        return bad(Reason::provenance_broken_chain, "the last event is not the index's last");
    const std::uint8_t state =
        out.events_.empty()
            ? 0
            : static_cast<std::uint8_t>(*parse_code_state(out.events_.back().state));
    if (state != b.serial_leaf.state)
        return bad(Reason::provenance_index_invalid, "the index's state is not the last event's");
    // 7. Unsealed details against their commitment.
    for (std::size_t i = 0; i < b.events.size(); ++i) {
        const BundleEvent& e = b.events[i];
        if (e.sealed) continue;
        Hash salt;
        std::copy(e.details_blob.begin(), e.details_blob.begin() + 32, salt.begin());
        const Bytes details(e.details_blob.begin() + 32, e.details_blob.end());
        if (details_commitment(salt, details) != out.events_[i].details_hash)
            return bad(Reason::provenance_details_mismatch,
                       "entry " + std::to_string(e.index) + "'s details");
    }
    // 8. Against the checkpoint held from before.
    if (held) {
        const CheckpointBody& h = held->body();
        if (h.origin != cp->body().origin)
            return bad(Reason::log_unknown_origin, "the held checkpoint is of " + h.origin);
        if (size < h.size)
            return bad(
                Reason::provenance_rollback,
                "size " + std::to_string(size) + " below the held " + std::to_string(h.size));
        if (size > h.size && h.size > 0 && b.held_size != h.size)
            return bad(Reason::provenance_consistency_missing,
                       "no consistency proof from the held size " + std::to_string(h.size));
        if ((size == h.size && h.root != root) ||
            (size > h.size && h.size > 0 &&
             verify_consistency(h.size, size, as_proof(b.consistency), as_bytes(h.root),
                                as_bytes(root))))
            return bad(Reason::provenance_history_rewritten,
                       "the log is not an extension of the held checkpoint");
    }
    return out;
}

Result<EventDetails> open_event_details(const VerifiedHistory& h, std::size_t i,
                                        const BoxKeyPair* inspector) {
    const std::string which = "entry " + std::to_string(h.indices()[i]);
    Bytes plain = h.details_blob(i);
    if (h.sealed(i)) {
        if (plain.empty())
            return bad(Reason::sealed_details_unreadable, which + ": details withheld");
        if (!inspector)
            return bad(Reason::sealed_details_unreadable, which + ": sealed, no inspector key");
        auto opened = open_sealed(*inspector, plain);
        if (!opened) return bad(Reason::sealed_details_unreadable, which + ": not for this key");
        plain = std::move(*opened);
    }
    Hash salt{};
    if (plain.size() < kMinDetails || !details_parse(plain))
        return bad(Reason::sealed_details_unreadable, which + ": details do not parse");
    std::copy(plain.begin(), plain.begin() + 32, salt.begin());
    const Bytes details(plain.begin() + 32, plain.end());
    if (details_commitment(salt, details) != h.events()[i].details_hash)
        return bad(Reason::sealed_details_unreadable, which + ": details altered");
    ByteReader r{details};
    EventDetails d;
    d.time = static_cast<UnixTime>(r.be(8));
    d.actor = r.str(kMaxBlobBytes);
    d.place = r.str(kMaxBlobBytes);
    d.reason = r.str(kMaxBlobBytes);
    return d;
}

}  // namespace traceseal::tlog
