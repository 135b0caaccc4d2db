// Internal: the lifecycle rules of FORMAT.md §9.5, applied by assess_text to verified codes.
#pragma once

#include <functional>

#include "traceseal/traceseal.h"
#include "traceseal/trust_state.h"

namespace traceseal {

// The snapshot that covers a code: the last of snaps[0..n) for its segment and operator.
const StatusSnapshot* snapshot_for(const StatusSnapshot* snaps, std::size_t n, const CodeFields& f);
// Adds state, context, status stamp and the §9.5 reasons to an assessment of a verified code
// (`snap` may be null: then only the clone rule applies); recomputes the verdict as the most
// severe class.
void apply_lifecycle_rules(Assessment& a, const CodeFields& verified, const StatusSnapshot* snap,
                           const ScanFacts& scan);

using SnapshotLookup = std::function<const StatusSnapshot*(const CodeFields&)>;
// assess_text's body: §5, §6, then (unless `lookup` is empty) §9.5 with the snapshot it gives;
// last the display rule of §6.1 (authentic, reminder).
Assessment assess_with_status(std::string_view text, const TrustList& trust, const ScanFacts& scan,
                              const SnapshotLookup& lookup);

}  // namespace traceseal
