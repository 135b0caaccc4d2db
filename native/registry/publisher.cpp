// Publishing an operator's log from the registry (publisher.h, FORMAT.md §10.17).
#include "publisher.h"

#include "log_files.h"
#include "log_projection.h"
#include "tile_reader.h"

namespace traceseal::registry {
namespace {

constexpr int kIndexAttempts = 5;  // events racing the index entry: recompute, then give up

Error failed(const std::string& detail) {
    return make_error(Reason::store_failed, detail);
}

// The size of the checkpoint published in `dir` (0 if none).
Result<std::uint64_t> published_size(const std::string& dir) {
    std::string err;
    auto bytes = log::read_file(dir + "/checkpoint", &err);
    if (!bytes) {
        if (!err.empty()) return failed(err);
        return std::uint64_t{0};
    }
    auto note = tlog::parse_note(std::string(bytes->begin(), bytes->end()));
    if (!note) return make_error(note.error().reason, dir + "/checkpoint: " + note.error().detail);
    auto body = tlog::parse_checkpoint_text(note->text);
    if (!body) return make_error(body.error().reason, dir + "/checkpoint: " + body.error().detail);
    return body->size;
}

// The store's log ending in an index entry (§10.11: a checkpoint's last entry is its index).
Result<LogProjection> with_index(Store& store, std::uint16_t op, bool& added) {
    for (int attempt = 0; attempt < kIndexAttempts; ++attempt) {
        auto p = LogProjection::load(store, op);
        if (!p) return p.error();
        const auto& entries = p->entries();
        if (!entries.empty() && entries.back().record.kind == tlog::kIndexEntry) return p;
        const std::uint64_t covers = entries.size();
        const std::vector<std::uint32_t> segments = p->segments();
        auto index = p->index_at(covers, segments);
        if (!index) return index.error();
        LogEntryRecord r;
        r.index = covers;
        r.kind = tlog::kIndexEntry;
        r.map_root = index->map_root;
        r.segments = segments;
        auto appended = store.append_index_entry(op, r);
        if (!appended) return appended.error();
        if (*appended) added = true;
    }
    return failed("events kept arriving before the index entry; publish again");
}

std::string map_path(const std::string& dir, std::uint64_t covers) {
    return dir + "/index/" + std::to_string(covers);
}

// index/<covers> for every index entry whose map file is missing, checked against its entry.
std::optional<Error> write_map_files(const LogProjection& p, const std::string& dir, bool durable) {
    if (auto e = log::make_dirs(dir + "/index")) return failed(*e);
    for (const ProjectedEntry& e : p.entries()) {
        if (e.record.kind != tlog::kIndexEntry) continue;
        const std::string path = map_path(dir, e.record.index);
        if (log::file_exists(path)) continue;
        auto index = p.index_at(e.record.index, e.record.segments);
        if (!index) return index.error();
        if (index->map_root != e.record.map_root)
            return failed("index entry " + std::to_string(e.record.index) +
                          " does not match the map the store gives");
        Bytes map;
        for (const Bytes& leaf : index->map_leaves) map.insert(map.end(), leaf.begin(), leaf.end());
        if (auto err = log::write_atomic(path, map, durable)) return failed(*err);
    }
    return std::nullopt;
}

// tlog-witness add-checkpoint from `old` (retried once from the size a 409 names).
std::optional<std::string> cosign(const Cosigner& witness, const std::string& dir,
                                  std::uint64_t old, std::uint64_t size, const std::string& note,
                                  std::vector<Error>& refusals) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        tlog::AddCheckpointRequest req;
        req.old_size = old;
        req.checkpoint = note;
        if (old > 0 && old < size) {
            auto proof = log::read_consistency_proof(dir, old, size);
            if (!proof) {
                refusals.push_back(proof.error());
                return std::nullopt;
            }
            for (const tlog::Hash& h : *proof) req.proof.emplace_back(h.begin(), h.end());
        }
        const log::WitnessResponse r = witness(tlog::format_add_checkpoint(req));
        if (r.http == 200) return r.body;
        const Error e =
            r.error ? *r.error : failed("witness answered HTTP " + std::to_string(r.http));
        if (e.reason == Reason::witness_conflict && attempt == 0) {
            const std::string& b = r.body;
            std::uint64_t stored = 0;
            std::size_t i = 0;
            for (; i < b.size() && b[i] >= '0' && b[i] <= '9'; ++i)
                stored = stored * 10 + static_cast<std::uint64_t>(b[i] - '0');
            if (i > 0 && stored <= size) {
                old = stored;
                continue;
            }
        }
        refusals.push_back(e);
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

Result<std::uint64_t> ensure_index_entry(Store& store, std::uint16_t operator_id) {
    bool added = false;
    auto p = with_index(store, operator_id, added);
    if (!p) return p.error();
    return p->entries().back().record.index;
}

Result<PublishReport> publish(Store& store, const PublishConfig& c) {
    if (!c.log_key) return failed("no log key");
    if (c.log_key->vkey().name != c.origin)
        return failed("the log key is named " + c.log_key->vkey().name + ", not " + c.origin);
    PublishReport report;
    auto proj = with_index(store, c.operator_id, report.index_added);
    if (!proj) return proj.error();
    const auto& entries = proj->entries();
    const std::uint64_t n = entries.size();

    auto writer = log::LogWriter::open(c.dir, c.origin, c.writer);
    if (!writer) return writer.error();
    const std::uint64_t have = writer->size();
    if (have > n)
        return make_error(
            Reason::log_tile_conflict,
            c.dir + " holds " + std::to_string(have) + " entries, the store " + std::to_string(n));
    // The published prefix must be the store's: else the store or the tiles were replaced.
    tlog::CompactRange mine;
    for (std::uint64_t i = 0; i < have; ++i) mine.append(tlog::leaf_hash(entries[i].entry));
    if (mine.root() != writer->root())
        return make_error(Reason::log_tile_conflict,
                          c.dir + ": the published entries are not the store's log");
    auto old = published_size(c.dir);
    if (!old) return old.error();
    report.size = n;
    if (*old == n && have == n) {
        report.unchanged = true;
        auto bytes = log::read_file(c.dir + "/checkpoint");
        if (bytes) report.checkpoint.assign(bytes->begin(), bytes->end());
        return report;
    }
    for (std::uint64_t i = have; i < n; ++i) {
        auto at = writer->append(entries[i].entry);
        if (!at) return at.error();
        ++report.appended;
    }
    if (auto e = write_map_files(*proj, c.dir, c.writer.durable)) return *e;
    auto signed_note = writer->sign_checkpoint(*c.log_key);
    if (!signed_note) return signed_note.error();
    std::string note = *signed_note;
    for (const Cosigner& w : c.witnesses)
        if (auto line = cosign(w, c.dir, *old, n, *signed_note, report.refusals)) {
            note += *line;
            ++report.cosignatures;
        }
    const std::size_t quorum = c.quorum ? c.quorum : c.witnesses.size();
    if (report.cosignatures < quorum) {
        std::string why;
        for (const Error& e : report.refusals)
            why += std::string(why.empty() ? "" : "; ") + std::string(to_string(e.reason)) + ": " +
                   e.detail;
        return make_error(Reason::cosignature_quorum_not_met,
                          std::to_string(report.cosignatures) + " of " + std::to_string(quorum) +
                              " cosignatures (" + why + "); the checkpoint was not published");
    }
    if (auto e = writer->publish_checkpoint(note)) return *e;
    report.checkpoint = note;
    return report;
}

}  // namespace traceseal::registry
