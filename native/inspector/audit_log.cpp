// The audit log (FORMAT.md §12.7) on native/log's tlog-tiles writer, cosigned by the witnesses.
#include "audit_log.h"

#include "log_files.h"
#include "tile_reader.h"

namespace traceseal::inspector {
namespace {

Error audit_failed(const std::string& detail) {
    return make_error(Reason::audit_failed, detail);
}

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& dir, const std::string& origin,
                                                 std::unique_ptr<log::Signer> key,
                                                 std::vector<registry::Cosigner> witnesses,
                                                 std::size_t quorum) {
    auto w = log::LogWriter::open(dir, origin);
    if (!w) return w.error();
    std::unique_ptr<AuditLog> a(new AuditLog(std::move(*w), std::move(key), dir));
    a->witnesses_ = std::move(witnesses);
    a->quorum_ = quorum ? quorum : a->witnesses_.size();
    a->published_ = a->writer_.size();  // the writer resumes from the published checkpoint
    return a;
}

std::uint64_t AuditLog::size() {
    std::lock_guard<std::mutex> lock(mu_);
    return published_;
}

// tlog-witness add-checkpoint from the published size (once more from the size a 409 names).
std::optional<std::string> AuditLog::cosign(const registry::Cosigner& witness,
                                            const std::string& note,
                                            std::vector<std::string>& refusals) {
    std::uint64_t old = published_;
    const std::uint64_t size = writer_.size();
    for (int attempt = 0; attempt < 2; ++attempt) {
        tlog::AddCheckpointRequest req;
        req.old_size = old;
        req.checkpoint = note;
        if (old > 0 && old < size) {
            auto proof = log::read_consistency_proof(dir_, old, size);
            if (!proof) {
                refusals.push_back(proof.error().detail);
                return std::nullopt;
            }
            for (const tlog::Hash& h : *proof) req.proof.emplace_back(h.begin(), h.end());
        }
        const log::WitnessResponse r = witness(tlog::format_add_checkpoint(req));
        if (r.http == 200) return r.body;
        if (r.http == 409 && attempt == 0) {
            std::uint64_t stored = 0;
            std::size_t i = 0;
            for (; i < r.body.size() && r.body[i] >= '0' && r.body[i] <= '9'; ++i)
                stored = stored * 10 + static_cast<std::uint64_t>(r.body[i] - '0');
            if (i > 0 && stored <= size) {
                old = stored;
                continue;
            }
        }
        refusals.push_back(r.error
                               ? std::string(to_string(r.error->reason)) + ": " + r.error->detail
                               : "HTTP " + std::to_string(r.http));
        return std::nullopt;
    }
    return std::nullopt;
}

Result<std::uint64_t> AuditLog::record(const AuditRecord& record) {
    const Bytes entry = audit_entry(record);
    if (entry.size() > 65535) return audit_failed("the audit entry exceeds 65535 bytes");
    std::lock_guard<std::mutex> lock(mu_);
    auto index = writer_.append(entry);
    if (!index) return audit_failed(index.error().detail);
    auto signed_note = writer_.sign_checkpoint(*key_);
    if (!signed_note) return audit_failed(signed_note.error().detail);
    std::string note = *signed_note;
    std::size_t cosigned = 0;
    std::vector<std::string> refusals;
    for (const registry::Cosigner& w : witnesses_)
        if (auto line = cosign(w, *signed_note, refusals)) {
            note += *line;
            ++cosigned;
        }
    if (cosigned < quorum_) {
        std::string why;
        for (const auto& r : refusals) why += (why.empty() ? "" : "; ") + r;
        return audit_failed(std::to_string(cosigned) + " of " + std::to_string(quorum_) +
                            " witness cosignatures (" + why + "): the query is not answered");
    }
    if (auto e = writer_.publish_checkpoint(note)) return audit_failed(e->detail);
    published_ = writer_.size();
    return *index;
}

}  // namespace traceseal::inspector
