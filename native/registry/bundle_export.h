// A code's bundle v2 (FORMAT.md §10.12) from the registry and its published log: the code's
// entries opened, their inclusion proofs and the index proofs read from the tiles, the published
// cosigned checkpoint, and optionally a consistency proof from a size the verifier holds.
#pragma once

#include <optional>

#include "store.h"

namespace traceseal::registry {

struct ExportConfig {
    std::uint16_t operator_id = 0;  // whose log
    std::string dir;                // the published log (checkpoint, tiles, index/)
    // §10.7: details of sell, pickup and unbind are sealed to this key; without one they are
    // withheld (sealed, empty). Other events' details are in clear.
    std::optional<BoxPublicKey> inspector;
    Seed seal_seed{};             // the sealed boxes' ephemeral keys derive from it
    std::uint64_t held_size = 0;  // > 0: a consistency proof from this size
};

// Whether §10.7 seals an event type's details in bundles.
bool details_sealed_v2(std::string_view type);

// Errors: store_failed (no published checkpoint, a store that is not the published log's),
// log_tile_conflict (the published root is not the store's), serial_not_allocated (the code's
// segment is not in the log's index), consistency_proof_invalid (held_size past the log).
Result<Bytes> export_bundle_v2(Store& store, const std::string& code_number,
                               const ExportConfig& config);
// The same for many codes at once (the store and the index are read once): one bundle per code,
// in order; the first error stops.
Result<std::vector<Bytes>> export_bundles_v2(Store& store, const std::vector<std::string>& codes,
                                             const ExportConfig& config);

// For a caller that seals per role itself (the inspector service, FORMAT.md §12.8, with
// seal_bundle_for): the bundle before encoding, with the details of sell, pickup and unbind left
// in clear (`sealed` 0; `inspector` is not used) — never to be encoded as it is — and how many of
// the code's event entries the store holds past the published checkpoint (not in the bundle
// until the next publication).
struct BundleDraft {
    tlog::BundleV2 bundle;
    std::uint64_t log_size = 0;     // of the published checkpoint it proves against
    std::uint64_t unpublished = 0;  // the code's event entries past it
};
Result<BundleDraft> export_bundle_draft_v2(Store& store, const std::string& code_number,
                                           const ExportConfig& config);

}  // namespace traceseal::registry
