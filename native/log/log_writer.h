// Appends entries to a tlog-tiles log on disk and signs its checkpoints (FORMAT.md §10.8–§10.9).
// Memory is O(log N): the tree's right edge and one partial tile per level; everything else is
// in immutable full tiles.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "signer.h"
#include "traceseal/traceseal.h"

namespace traceseal::log {

struct LogWriterOptions {
    // fsync the checkpoint and syncfs(2) the tiles it needs before it is renamed into place.
    // Off only for throw-away logs (benchmarks of the hashing alone).
    bool durable = true;
};

class LogWriter {
  public:
    // Opens the log in `dir` (created if missing), resuming from `dir/checkpoint` if there is one:
    // the partial tiles of that size are read back and the rebuilt root checked against it. One
    // writer at a time: `dir.lock` (beside the published directory) is locked while it lives;
    // a second writer is refused (store_failed).
    static Result<LogWriter> open(const std::string& dir, const std::string& origin,
                                  LogWriterOptions options = {});

    std::uint64_t size() const { return range_.size(); }
    tlog::Hash root() const { return range_.root(); }
    const std::string& dir() const { return dir_; }
    const std::string& origin() const { return origin_; }

    // Appends one entry (≤ 65535 bytes); full tiles and entry bundles are written as they fill.
    // Errors: log_tile_conflict (a full tile on disk with other bytes), store_failed (I/O).
    Result<std::uint64_t> append(const Bytes& entry);

    // Writes the partial tiles and bundle of the current size, makes them durable, and returns
    // the checkpoint note signed by `log_key` (not yet published: witnesses cosign it first).
    Result<std::string> sign_checkpoint(Signer& log_key);
    // Publishes `note` (the signed checkpoint plus any cosignature lines) as `dir/checkpoint`.
    std::optional<Error> publish_checkpoint(const std::string& note);

  private:
    LogWriter() = default;
    std::optional<Error> write_tile(const std::string& rel, const Bytes& data, bool full);
    std::string dir_, origin_;
    LogWriterOptions options_;
    tlog::CompactRange range_;
    std::vector<std::vector<tlog::Hash>> levels_ = std::vector<std::vector<tlog::Hash>>(8);
    std::vector<Bytes> entries_;  // of the current (partial) entry bundle
    std::shared_ptr<int> lock_;   // the flock(2)ed file descriptor of dir.lock
};

}  // namespace traceseal::log
