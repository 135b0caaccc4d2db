// The inspectors' audit log (FORMAT.md §12.7): a transparency log of its own, one entry per
// query that passed its checks, each durable and under a published, witness-cosigned checkpoint
// before the answer exists.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "audit_read.h"
#include "log_writer.h"
#include "publisher.h"
#include "signer.h"
#include "traceseal/traceseal.h"

namespace traceseal::inspector {

class AuditLog {
  public:
    // Opens (or creates) the log in `dir` under `origin`; `key` signs its checkpoints (type 0x01,
    // named `origin`); each checkpoint is sent to `witnesses` (tlog-witness add-checkpoint) and
    // published only with at least `quorum` cosignatures (0: every witness).
    static Result<std::unique_ptr<AuditLog>> open(const std::string& dir, const std::string& origin,
                                                  std::unique_ptr<log::Signer> key,
                                                  std::vector<registry::Cosigner> witnesses = {},
                                                  std::size_t quorum = 0);
    // Appends the record, makes it durable and publishes a signed, cosigned checkpoint covering
    // it; only then returns its index. Any failure: audit_failed, and the caller MUST NOT answer.
    Result<std::uint64_t> record(const AuditRecord& record);
    std::uint64_t size();
    const std::string& dir() const { return dir_; }
    tlog::Vkey vkey() const { return key_->vkey(); }

  private:
    AuditLog(log::LogWriter writer, std::unique_ptr<log::Signer> key, std::string dir)
        : writer_(std::move(writer)), key_(std::move(key)), dir_(std::move(dir)) {}
    std::optional<std::string> cosign(const registry::Cosigner& w, const std::string& note,
                                      std::vector<std::string>& refusals);
    std::mutex mu_;  // one append-sign-cosign-publish at a time
    log::LogWriter writer_;
    std::unique_ptr<log::Signer> key_;
    std::string dir_;
    std::vector<registry::Cosigner> witnesses_;
    std::size_t quorum_ = 0;
    std::uint64_t published_ = 0;  // the size of the published checkpoint
};

}  // namespace traceseal::inspector
