// The log's bytes derived from the store (log_projection.h).
#include "log_projection.h"

#include <algorithm>

namespace traceseal::registry {
namespace {

void put_be(Bytes& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

tlog::Hash keyed(const std::array<std::uint8_t, 32>& key, std::string_view label,
                 const Bytes& tail) {
    Bytes m(label.begin(), label.end());
    m.insert(m.end(), tail.begin(), tail.end());
    return keyed_hash256(key, m);
}

Error inconsistent(std::uint16_t log, const std::string& what) {
    return make_error(Reason::store_failed, "log of operator " + std::to_string(log) + ": " + what);
}

}  // namespace

tlog::Hash entry_salt(const std::array<std::uint8_t, 32>& key, std::uint64_t index) {
    Bytes t;
    put_be(t, index, 8);
    return keyed(key, "entry", t);
}

tlog::Hash details_salt(const std::array<std::uint8_t, 32>& key, std::uint64_t index) {
    Bytes t;
    put_be(t, index, 8);
    return keyed(key, "details", t);
}

tlog::Hash serial_salt(const std::array<std::uint8_t, 32>& key, std::uint32_t segment,
                       std::uint32_t serial, std::uint64_t covers) {
    Bytes t;
    put_be(t, segment, 3);
    put_be(t, serial, 3);
    put_be(t, covers, 8);
    return keyed(key, "serial", t);
}

Result<LogProjection> LogProjection::load(Store& store, std::uint16_t log) {
    LogProjection p;
    p.log_ = log;
    auto key = store.details_key();
    if (!key)
        return make_error(Reason::store_failed,
                          "the registry has no details key: " + store.last_error());
    p.key_ = *key;
    for (const SegmentRecord& s : store.segments())
        if (s.body.operator_id == log) p.segments_[s.body.segment] = s.body;
    std::map<std::int64_t, Event> by_seq;
    for (Event& e : store.events()) by_seq.emplace(e.seq, std::move(e));
    std::map<std::string, std::uint64_t> last;  // code -> 1 + index of its latest entry
    for (const LogEntryRecord& r : store.log_entries(log)) {
        if (r.index != p.entries_.size())
            return inconsistent(log, "entry " + std::to_string(r.index) + " out of place");
        ProjectedEntry pe;
        pe.record = r;
        if (r.kind == tlog::kIndexEntry) {
            pe.entry = tlog::index_entry(r.index, r.map_root);
            p.entries_.push_back(std::move(pe));
            continue;
        }
        auto it = by_seq.find(r.seq);
        if (r.kind != tlog::kEventEntry || it == by_seq.end())
            return inconsistent(log, "entry " + std::to_string(r.index) + " names no event");
        pe.event = it->second;
        pe.salt = entry_salt(p.key_, r.index);
        pe.dsalt = details_salt(p.key_, r.index);
        pe.details =
            tlog::encode_details(pe.event.time, pe.event.actor, pe.event.place, pe.event.reason);
        std::uint64_t& prev = last[pe.event.code];
        const tlog::Event ev{pe.event.code,    prev,
                             pe.event.type,    pe.event.state,
                             pe.event.related, tlog::details_commitment(pe.dsalt, pe.details)};
        pe.event_bytes = tlog::encode_event(ev);
        if (!tlog::parse_event(pe.event_bytes))
            return inconsistent(log, "event " + std::to_string(r.seq) + " is not a §10.7 event");
        pe.entry = tlog::event_entry(tlog::event_commitment(pe.salt, pe.event_bytes));
        prev = r.index + 1;
        p.entries_.push_back(std::move(pe));
    }
    return p;
}

std::vector<std::uint32_t> LogProjection::segments() const {
    std::vector<std::uint32_t> out;
    for (const auto& [segment, body] : segments_) out.push_back(segment);
    return out;
}

Result<ProjectedIndex> LogProjection::index_at(std::uint64_t covers,
                                               const std::vector<std::uint32_t>& segments) const {
    if (covers > entries_.size())
        return inconsistent(log_, "an index at " + std::to_string(covers) + " past the log");
    struct Tally {
        std::uint32_t count = 0;
        std::uint64_t last = 0;
        std::uint8_t state = 0;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, Tally> tally;
    for (std::uint64_t i = 0; i < covers; ++i) {
        const ProjectedEntry& e = entries_[i];
        if (e.record.kind != tlog::kEventEntry) continue;
        const auto ref = split_code_number(e.event.code);
        const auto state = parse_code_state(e.event.state);
        if (!ref || !state) return inconsistent(log_, "event " + std::to_string(e.event.seq));
        Tally& t = tally[*ref];
        ++t.count;
        t.last = i + 1;
        t.state = static_cast<std::uint8_t>(*state);
    }
    ProjectedIndex out;
    for (std::uint32_t segment : segments) {
        auto it = segments_.find(segment);
        if (it == segments_.end())
            return inconsistent(log_, "segment " + std::to_string(segment) + " is not held");
        const SegmentCertificateBody& b = it->second;
        std::vector<Bytes> leaves;
        std::vector<tlog::SerialLeaf> serials;
        leaves.reserve(b.last - b.first + 1);
        serials.reserve(b.last - b.first + 1);
        for (std::uint32_t serial = b.first; serial <= b.last; ++serial) {
            auto t = tally.find({segment, serial});
            tlog::SerialLeaf leaf;
            if (t != tally.end()) {
                leaf.count = t->second.count;
                leaf.last = t->second.last;
                leaf.state = t->second.state;
            }
            leaf.salt = serial_salt(key_, segment, serial, covers);
            leaves.push_back(tlog::encode_serial_leaf(leaf));
            serials.push_back(leaf);
        }
        const tlog::MapLeaf m{segment, b.first, b.last, tlog::leaves_root(leaves)};
        out.map.push_back(m);
        out.map_leaves.push_back(tlog::encode_map_leaf(m));
        out.serial_leaves.push_back(std::move(leaves));
        out.serials.push_back(std::move(serials));
    }
    out.map_root = tlog::leaves_root(out.map_leaves);
    return out;
}

Result<StatusFromLog> status_from_log(Store& store, std::uint32_t segment) {
    std::optional<std::uint16_t> op;
    for (const SegmentRecord& s : store.segments())
        if (s.body.segment == segment) op = s.body.operator_id;
    if (!op)
        return make_error(Reason::serial_not_allocated,
                          "segment " + std::to_string(segment) + " is not held");
    auto p = LogProjection::load(store, *op);
    if (!p) return p.error();
    for (auto e = p->entries().rbegin(); e != p->entries().rend(); ++e) {
        const LogEntryRecord& r = e->record;
        if (r.kind != tlog::kIndexEntry) continue;
        auto at = std::find(r.segments.begin(), r.segments.end(), segment);
        if (at == r.segments.end()) continue;
        auto index = p->index_at(r.index, r.segments);
        if (!index) return index.error();
        if (index->map_root != r.map_root)
            return inconsistent(
                *op, "index entry " + std::to_string(r.index) + " does not match its map");
        const auto m = static_cast<std::size_t>(at - r.segments.begin());
        StatusFromLog out;
        for (const tlog::SerialLeaf& leaf : index->serials[m])
            out.states.push_back(static_cast<CodeState>(leaf.state));
        out.index = {r.index, index->map[m].segment_root};
        return out;
    }
    return make_error(Reason::store_failed, "no index entry of operator " + std::to_string(*op) +
                                                "'s log covers segment " + std::to_string(segment) +
                                                " yet (publish first)");
}

}  // namespace traceseal::registry
