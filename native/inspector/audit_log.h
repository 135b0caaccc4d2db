// The inspectors' audit log (FORMAT.md §12.7): a transparency log of its own, one entry per
// answered query, each durable and under a published checkpoint before the answer exists.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "log_writer.h"
#include "signer.h"
#include "traceseal/traceseal.h"

namespace traceseal::inspector {

class AuditLog {
  public:
    // Opens (or creates) the log in `dir` under `origin`; `key` signs its checkpoints (type 0x01,
    // named `origin`).
    static Result<std::unique_ptr<AuditLog>> open(const std::string& dir, const std::string& origin,
                                                  std::unique_ptr<log::Signer> key);
    // Appends the record, makes it durable and publishes a signed checkpoint covering it; only
    // then returns its index. Any failure: audit_failed, and the caller MUST NOT answer.
    Result<std::uint64_t> record(const AuditRecord& record);
    std::uint64_t size();
    const std::string& dir() const { return dir_; }

  private:
    AuditLog(log::LogWriter writer, std::unique_ptr<log::Signer> key, std::string dir)
        : writer_(std::move(writer)), key_(std::move(key)), dir_(std::move(dir)) {}
    std::mutex mu_;  // one append-sign-publish at a time
    log::LogWriter writer_;
    std::unique_ptr<log::Signer> key_;
    std::string dir_;
};

// The records of a published audit log up to its checkpoint, for oversight readers and tests.
Result<std::vector<AuditRecord>> read_audit_log(const std::string& dir);

}  // namespace traceseal::inspector
