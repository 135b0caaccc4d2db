// Full-subtree hashes, proofs and entries read from a published tlog-tiles directory at a
// checkpointed tree size (FORMAT.md §10.8): what a log serves instead of proof endpoints.
#pragma once

#include <map>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::log {

class TileReader {
  public:
    // `size`: a tree size a checkpoint was produced for (its partial tiles exist).
    TileReader(std::string dir, std::uint64_t size) : dir_(std::move(dir)), size_(size) {}
    // MTH of the full subtree at `level` covering leaves [index·2^level, (index+1)·2^level).
    std::optional<tlog::Hash> subtree(int level, std::uint64_t index);
    tlog::SubtreeHash as_function() {
        return [this](int l, std::uint64_t i) { return subtree(l, i); };
    }
    // The entry at `index` from its entry bundle.
    std::optional<Bytes> entry(std::uint64_t index);
    // Why the last lookup failed (a missing or short tile), for error messages.
    const std::string& error() const { return error_; }

  private:
    const Bytes* tile(int level, std::uint64_t n);  // hashes of tile n at `level`, cached
    std::string dir_;
    std::uint64_t size_;
    std::map<std::pair<int, std::uint64_t>, Bytes> cache_;
    std::string error_;
};

// RFC 9162 proofs for a published log (errors: inclusion_proof_invalid/consistency_proof_invalid
// naming the tile that is missing).
Result<std::vector<tlog::Hash>> read_inclusion_proof(const std::string& dir, std::uint64_t index,
                                                     std::uint64_t size);
Result<std::vector<tlog::Hash>> read_consistency_proof(const std::string& dir, std::uint64_t size1,
                                                       std::uint64_t size2);

}  // namespace traceseal::log
