// The audit log read back from its tiles and verified (audit_read.h).
#include "audit_read.h"

#include "log_files.h"
#include "tile_reader.h"

namespace traceseal::inspector {
namespace {

// The published checkpoint of `dir` and its body (not verified).
Result<std::pair<std::string, tlog::CheckpointBody>> published(const std::string& dir) {
    std::string err;
    auto note = log::read_file(dir + "/checkpoint", &err);
    if (!note)
        return make_error(Reason::file_unreadable,
                          dir + "/checkpoint: " + (err.empty() ? "missing" : err));
    std::string text(note->begin(), note->end());
    auto parsed = tlog::parse_note(text);
    if (!parsed) return parsed.error();
    auto body = tlog::parse_checkpoint_text(parsed->text);
    if (!body) return body.error();
    return std::make_pair(std::move(text), std::move(*body));
}

Result<std::vector<AuditRecord>> read_records(const std::string& dir, std::uint64_t size) {
    log::TileReader tiles(dir, size);
    std::vector<AuditRecord> out;
    for (std::uint64_t i = 0; i < size; ++i) {
        auto e = tiles.entry(i);
        if (!e) return make_error(Reason::file_unreadable, tiles.error());
        auto r = parse_audit_entry(*e);
        if (!r)
            return make_error(r.error().reason,
                              "audit entry " + std::to_string(i) + ": " + r.error().detail);
        out.push_back(std::move(*r));
    }
    return out;
}

}  // namespace

Result<std::vector<AuditRecord>> read_audit_log(const std::string& dir) {
    auto p = published(dir);
    if (!p) return p.error();
    return read_records(dir, p->second.size);
}

Result<VerifiedAuditLog> verify_audit_entries(std::string_view note,
                                              const std::vector<Bytes>& entries,
                                              const tlog::LogPolicy& policy) {
    auto cp = tlog::verify_checkpoint_note(note, policy);
    if (!cp) return make_error(cp.error().reason, "checkpoint: " + cp.error().detail);
    if (entries.size() != cp->body().size)
        return make_error(Reason::log_tile_conflict, std::to_string(entries.size()) +
                                                         " entries, the checkpoint's size " +
                                                         std::to_string(cp->body().size));
    tlog::CompactRange range;
    for (const Bytes& e : entries) range.append(tlog::leaf_hash(e));
    if (range.root() != cp->body().root)
        return make_error(Reason::log_tile_conflict, "the entries are not the checkpoint's tree");
    VerifiedAuditLog out{cp->body(), cp->witnesses(), {}};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string at = "audit entry " + std::to_string(i) + ": ";
        auto r = parse_audit_entry(entries[i]);
        if (!r) return make_error(r.error().reason, at + r.error().detail);
        auto req = parse_signed_request(r->request);
        if (!req) return make_error(req.error().reason, at + req.error().detail);
        if (auto e = verify_request_signature(*req, r->device_key))
            return make_error(e->reason, at + e->detail);
        if (!req->query || req->query->code != r->code ||
            req->query->case_reference != r->case_reference || req->query->session != r->session)
            return make_error(Reason::request_malformed,
                              at + "the signed query is not the record's code, case or session");
        out.records.push_back(std::move(*r));
    }
    return out;
}

Result<VerifiedAuditLog> verify_audit_log(const std::string& dir, const tlog::LogPolicy& policy) {
    auto p = published(dir);
    if (!p) return p.error();
    log::TileReader tiles(dir, p->second.size);
    std::vector<Bytes> entries;
    for (std::uint64_t i = 0; i < p->second.size; ++i) {
        auto e = tiles.entry(i);
        if (!e) return make_error(Reason::file_unreadable, tiles.error());
        entries.push_back(std::move(*e));
    }
    auto v = verify_audit_entries(p->first, entries, policy);
    if (!v) return make_error(v.error().reason, dir + ": " + v.error().detail);
    return v;
}

}  // namespace traceseal::inspector
