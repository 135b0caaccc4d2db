// Publishes an operator's transparency log from the registry (FORMAT.md §10.17): the index entry
// into the store, then tiles, entry bundles, the map file, the signed checkpoint, the witnesses'
// cosignatures and the checkpoint file. A deterministic projection of the store: publishing
// again after a crash resumes and writes the same tiles. The registry service calls it on a
// timer; `traceseal registry publish` calls it once.
#pragma once

#include <functional>

#include "log_writer.h"
#include "signer.h"
#include "store.h"
#include "witness.h"

namespace traceseal::registry {

// One witness as the publisher sees it: a tlog-witness add-checkpoint exchange (§10.14), in
// process (log::Witness::add_checkpoint) or over HTTP later.
using Cosigner = std::function<log::WitnessResponse(const std::string& request)>;

struct PublishConfig {
    std::uint16_t operator_id = 0;    // whose log: the segments of this operator
    std::string dir;                  // the log's tlog-tiles directory (the demo: DIR/log/1)
    std::string origin;               // the trust list's origin for it
    log::Signer* log_key = nullptr;   // type 0x01, named by the origin
    std::vector<Cosigner> witnesses;  // asked in order
    std::size_t quorum = 0;           // cosignatures needed to publish; 0: every witness
    log::LogWriterOptions writer;
};

struct PublishReport {
    std::uint64_t size = 0;      // of the published checkpoint
    std::uint64_t appended = 0;  // entries written to the tiles this time
    bool index_added = false;    // an index entry was appended to the store
    bool unchanged = false;      // the published checkpoint already covered the log
    std::size_t cosignatures = 0;
    std::vector<Error> refusals;  // witnesses that did not cosign, and why
    std::string checkpoint;       // the published note
};

// The store's part of publishing alone: appends the index entry to operator `operator_id`'s log
// unless its last entry is one (§10.11). Returns that entry's index (`covers`).
Result<std::uint64_t> ensure_index_entry(Store& store, std::uint16_t operator_id);

// Errors: store_failed (the store or the files), log_tile_conflict (published tiles that are
// not the store's), cosignature_quorum_not_met (too few witnesses cosigned: nothing published;
// the detail names their reasons).
Result<PublishReport> publish(Store& store, const PublishConfig& config);

}  // namespace traceseal::registry
