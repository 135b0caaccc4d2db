// Bundle v2 export (bundle_export.h): the store opens the entries, the tiles prove them.
#include "bundle_export.h"

#include "log_files.h"
#include "log_projection.h"
#include "tile_reader.h"

namespace traceseal::registry {
namespace {

Error failed(const std::string& detail) {
    return make_error(Reason::store_failed, detail);
}

}  // namespace

bool details_sealed_v2(std::string_view type) {
    return type == "sell" || type == "pickup" || type == "unbind";
}

Result<Bytes> export_bundle_v2(Store& store, const std::string& code_number,
                               const ExportConfig& c) {
    const auto ref = split_code_number(code_number);
    if (!ref) return make_error(Reason::provenance_wrong_code, "not a code number: " + code_number);
    // The published checkpoint: what the bundle proves against.
    std::string err;
    auto note_bytes = log::read_file(c.dir + "/checkpoint", &err);
    if (!note_bytes)
        return failed(err.empty() ? c.dir + "/checkpoint: no published checkpoint (publish first)"
                                  : err);
    tlog::BundleV2 b;
    b.checkpoint.assign(note_bytes->begin(), note_bytes->end());
    auto note = tlog::parse_note(b.checkpoint);
    if (!note)
        return make_error(note.error().reason, c.dir + "/checkpoint: " + note.error().detail);
    auto cp = tlog::parse_checkpoint_text(note->text);
    if (!cp) return make_error(cp.error().reason, c.dir + "/checkpoint: " + cp.error().detail);
    const std::uint64_t size = cp->size;

    auto proj = LogProjection::load(store, c.operator_id);
    if (!proj) return proj.error();
    const auto& entries = proj->entries();
    if (size == 0 || entries.size() < size || entries[size - 1].record.kind != tlog::kIndexEntry)
        return failed(c.dir + ": the published checkpoint (size " + std::to_string(size) +
                      ") does not end in an index entry of this store's log");
    tlog::CompactRange mine;
    for (std::uint64_t i = 0; i < size; ++i) mine.append(tlog::leaf_hash(entries[i].entry));
    if (mine.root() != cp->root)
        return make_error(Reason::log_tile_conflict,
                          c.dir + ": the published root is not the store's log");
    const LogEntryRecord& idx = entries[size - 1].record;
    auto index = proj->index_at(size - 1, idx.segments);
    if (!index) return index.error();
    if (index->map_root != idx.map_root)
        return failed("index entry " + std::to_string(size - 1) + " does not match its map");

    b.code_number = code_number;
    b.map_root = index->map_root;
    auto index_proof = log::read_inclusion_proof(c.dir, size - 1, size);
    if (!index_proof) return index_proof.error();
    b.index_proof = *index_proof;
    std::size_t m = 0;
    while (m < index->map.size() && index->map[m].segment != ref->first) ++m;
    if (m == index->map.size() || ref->second < index->map[m].first ||
        ref->second > index->map[m].last)
        return make_error(Reason::serial_not_allocated,
                          code_number + " is in no segment of the log's index");
    b.map_index = static_cast<std::uint32_t>(m);
    b.map_size = static_cast<std::uint32_t>(index->map.size());
    b.map_leaf = index->map[m];
    b.map_proof = tlog::leaves_proof(index->map_leaves, m);
    const std::uint32_t at = ref->second - index->map[m].first;
    b.serial_leaf = index->serials[m][at];
    b.serial_proof = tlog::leaves_proof(index->serial_leaves[m], at);

    for (std::uint64_t i = 0; i + 1 < size; ++i) {
        const ProjectedEntry& e = entries[i];
        if (e.record.kind != tlog::kEventEntry || e.event.code != code_number) continue;
        tlog::BundleEvent be;
        be.index = i;
        be.salt = e.salt;
        be.event = e.event_bytes;
        auto proof = log::read_inclusion_proof(c.dir, i, size);
        if (!proof) return proof.error();
        be.proof = *proof;
        Bytes plain(e.dsalt.begin(), e.dsalt.end());
        plain.insert(plain.end(), e.details.begin(), e.details.end());
        be.sealed = details_sealed_v2(e.event.type);
        if (!be.sealed) {
            be.details_blob = std::move(plain);
        } else if (c.inspector) {
            Bytes m(c.seal_seed.begin(), c.seal_seed.end());
            for (int k = 7; k >= 0; --k) m.push_back(static_cast<std::uint8_t>(i >> (8 * k)));
            const auto s = hash256("traceseal-seal-seed-v2", m);
            Seed eph;
            std::copy(s.begin(), s.end(), eph.begin());
            be.details_blob = seal_to(*c.inspector, plain, eph);
        }  // else withheld: sealed, empty
        b.events.push_back(std::move(be));
    }
    if (c.held_size > size)
        return make_error(Reason::consistency_proof_invalid,
                          "held size " + std::to_string(c.held_size) + " is past the log's " +
                              std::to_string(size));
    if (c.held_size > 0 && c.held_size < size) {
        auto proof = log::read_consistency_proof(c.dir, c.held_size, size);
        if (!proof) return proof.error();
        b.held_size = c.held_size;
        b.consistency = *proof;
    }
    return tlog::encode_bundle_v2(b);
}

}  // namespace traceseal::registry
