// Bundle v2 export (bundle_export.h): the store opens the entries, the tiles prove them.
#include "bundle_export.h"

#include <map>

#include "log_files.h"
#include "log_projection.h"
#include "tile_reader.h"

namespace traceseal::registry {
namespace {

Error failed(const std::string& detail) {
    return make_error(Reason::store_failed, detail);
}

// What every bundle of one published checkpoint shares: the note, the store's entries, the
// index and the tiles.
class Exporter {
  public:
    static Result<std::unique_ptr<Exporter>> open(Store& store, const ExportConfig& c);
    Result<Bytes> bundle(const std::string& code_number) {
        auto b = draft(code_number, false);
        if (!b) return b.error();
        return tlog::encode_bundle_v2(*b);
    }
    // `clear`: sealed types' details left in clear for the caller to seal (BundleDraft).
    Result<tlog::BundleV2> draft(const std::string& code_number, bool clear);
    std::uint64_t size() const { return size_; }
    std::uint64_t unpublished(const std::string& code_number) const {
        std::uint64_t n = 0;
        for (std::uint64_t i = size_; i < proj_.entries().size(); ++i) {
            const ProjectedEntry& e = proj_.entries()[i];
            if (e.record.kind == tlog::kEventEntry && e.event.code == code_number) ++n;
        }
        return n;
    }

  private:
    Exporter(const ExportConfig& c, LogProjection p, std::uint64_t size)
        : c_(c), proj_(std::move(p)), size_(size), tiles_(c.dir, size) {}
    Result<std::vector<tlog::Hash>> inclusion(std::uint64_t index) {
        auto p = tlog::inclusion_proof(index, size_, tiles_.as_function());
        if (!p) return make_error(Reason::inclusion_proof_invalid, tiles_.error());
        return *p;
    }
    const ExportConfig& c_;
    LogProjection proj_;
    std::uint64_t size_;
    log::TileReader tiles_;
    std::string note_;
    ProjectedIndex index_;
    std::vector<tlog::Hash> index_proof_;
    std::vector<tlog::Hash> consistency_;
    std::map<std::string, std::vector<std::uint64_t>> by_code_;  // entries before the index
};

Result<std::unique_ptr<Exporter>> Exporter::open(Store& store, const ExportConfig& c) {
    // The published checkpoint: what the bundles prove against.
    std::string err;
    auto note_bytes = log::read_file(c.dir + "/checkpoint", &err);
    if (!note_bytes)
        return failed(err.empty() ? c.dir + "/checkpoint: no published checkpoint (publish first)"
                                  : err);
    const std::string note(note_bytes->begin(), note_bytes->end());
    auto parsed = tlog::parse_note(note);
    if (!parsed)
        return make_error(parsed.error().reason, c.dir + "/checkpoint: " + parsed.error().detail);
    auto cp = tlog::parse_checkpoint_text(parsed->text);
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
    const LogEntryRecord idx = entries[size - 1].record;
    auto index = proj->index_at(size - 1, idx.segments);
    if (!index) return index.error();
    if (index->map_root != idx.map_root)
        return failed("index entry " + std::to_string(size - 1) + " does not match its map");
    if (c.held_size > size)
        return make_error(Reason::consistency_proof_invalid,
                          "held size " + std::to_string(c.held_size) + " is past the log's " +
                              std::to_string(size));

    std::unique_ptr<Exporter> x(new Exporter(c, std::move(*proj), size));
    x->note_ = note;
    x->index_ = std::move(*index);
    auto ip = x->inclusion(size - 1);
    if (!ip) return ip.error();
    x->index_proof_ = *ip;
    if (c.held_size > 0 && c.held_size < size) {
        auto proof = tlog::consistency_proof(c.held_size, size, x->tiles_.as_function());
        if (!proof) return make_error(Reason::consistency_proof_invalid, x->tiles_.error());
        x->consistency_ = *proof;
    }
    for (std::uint64_t i = 0; i + 1 < size; ++i) {
        const ProjectedEntry& e = x->proj_.entries()[i];
        if (e.record.kind == tlog::kEventEntry) x->by_code_[e.event.code].push_back(i);
    }
    return x;
}

Result<tlog::BundleV2> Exporter::draft(const std::string& code_number, bool clear) {
    const auto ref = split_code_number(code_number);
    if (!ref) return make_error(Reason::provenance_wrong_code, "not a code number: " + code_number);
    tlog::BundleV2 b;
    b.checkpoint = note_;
    b.code_number = code_number;
    b.map_root = index_.map_root;
    b.index_proof = index_proof_;
    std::size_t m = 0;
    while (m < index_.map.size() && index_.map[m].segment != ref->first) ++m;
    if (m == index_.map.size() || ref->second < index_.map[m].first ||
        ref->second > index_.map[m].last)
        return make_error(Reason::serial_not_allocated,
                          code_number + " is in no segment of the log's index");
    b.map_index = static_cast<std::uint32_t>(m);
    b.map_size = static_cast<std::uint32_t>(index_.map.size());
    b.map_leaf = index_.map[m];
    b.map_proof = tlog::leaves_proof(index_.map_leaves, m);
    const std::uint32_t at = ref->second - index_.map[m].first;
    b.serial_leaf = index_.serials[m][at];
    b.serial_proof = tlog::leaves_proof(index_.serial_leaves[m], at);
    for (std::uint64_t i : by_code_[code_number]) {
        const ProjectedEntry& e = proj_.entries()[i];
        tlog::BundleEvent be;
        be.index = i;
        be.salt = e.salt;
        be.event = e.event_bytes;
        auto proof = inclusion(i);
        if (!proof) return proof.error();
        be.proof = *proof;
        Bytes plain(e.dsalt.begin(), e.dsalt.end());
        plain.insert(plain.end(), e.details.begin(), e.details.end());
        be.sealed = details_sealed_v2(e.event.type) && !clear;
        if (!be.sealed) {
            be.details_blob = std::move(plain);
        } else if (c_.inspector) {
            Bytes seed(c_.seal_seed.begin(), c_.seal_seed.end());
            for (int k = 7; k >= 0; --k) seed.push_back(static_cast<std::uint8_t>(i >> (8 * k)));
            const auto s = hash256("traceseal-seal-seed-v2", seed);
            Seed eph;
            std::copy(s.begin(), s.end(), eph.begin());
            be.details_blob = seal_to(*c_.inspector, plain, eph);
        }  // else withheld: sealed, empty
        b.events.push_back(std::move(be));
    }
    if (!consistency_.empty()) {
        b.held_size = c_.held_size;
        b.consistency = consistency_;
    }
    return b;
}

}  // namespace

bool details_sealed_v2(std::string_view type) {
    return type == "sell" || type == "pickup" || type == "unbind";
}

Result<std::vector<Bytes>> export_bundles_v2(Store& store, const std::vector<std::string>& codes,
                                             const ExportConfig& c) {
    auto x = Exporter::open(store, c);
    if (!x) return x.error();
    std::vector<Bytes> out;
    for (const std::string& code : codes) {
        auto b = (*x)->bundle(code);
        if (!b) return b.error();
        out.push_back(std::move(*b));
    }
    return out;
}

Result<BundleDraft> export_bundle_draft_v2(Store& store, const std::string& code_number,
                                           const ExportConfig& c) {
    auto x = Exporter::open(store, c);
    if (!x) return x.error();
    auto b = (*x)->draft(code_number, true);
    if (!b) return b.error();
    return BundleDraft{std::move(*b), (*x)->size(), (*x)->unpublished(code_number)};
}

Result<Bytes> export_bundle_v2(Store& store, const std::string& code_number,
                               const ExportConfig& c) {
    auto all = export_bundles_v2(store, {code_number}, c);
    if (!all) return all.error();
    return std::move(all->front());
}

}  // namespace traceseal::registry
