// The audit log (FORMAT.md §12.7) on native/log's tlog-tiles writer.
#include "audit_log.h"

#include "log_files.h"
#include "tile_reader.h"

namespace traceseal::inspector {

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& dir, const std::string& origin,
                                                 std::unique_ptr<log::Signer> key) {
    auto w = log::LogWriter::open(dir, origin);
    if (!w) return w.error();
    return std::unique_ptr<AuditLog>(new AuditLog(std::move(*w), std::move(key), dir));
}

std::uint64_t AuditLog::size() {
    std::lock_guard<std::mutex> lock(mu_);
    return writer_.size();
}

Result<std::uint64_t> AuditLog::record(const AuditRecord& record) {
    const Bytes entry = audit_entry(record);
    if (entry.size() > 65535)
        return make_error(Reason::audit_failed, "the audit entry exceeds 65535 bytes");
    std::lock_guard<std::mutex> lock(mu_);
    auto index = writer_.append(entry);
    if (!index) return make_error(Reason::audit_failed, index.error().detail);
    auto note = writer_.sign_checkpoint(*key_);
    if (!note) return make_error(Reason::audit_failed, note.error().detail);
    if (auto e = writer_.publish_checkpoint(*note))
        return make_error(Reason::audit_failed, e->detail);
    return *index;
}

Result<std::vector<AuditRecord>> read_audit_log(const std::string& dir) {
    std::string err;
    auto note = log::read_file(dir + "/checkpoint", &err);
    if (!note)
        return make_error(Reason::file_unreadable,
                          dir + "/checkpoint: " + (err.empty() ? "missing" : err));
    auto parsed = tlog::parse_note(std::string(note->begin(), note->end()));
    if (!parsed) return parsed.error();
    auto body = tlog::parse_checkpoint_text(parsed->text);
    if (!body) return body.error();
    log::TileReader tiles(dir, body->size);
    std::vector<AuditRecord> out;
    for (std::uint64_t i = 0; i < body->size; ++i) {
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

}  // namespace traceseal::inspector
