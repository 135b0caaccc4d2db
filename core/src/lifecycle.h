// Internal: the lifecycle rules of FORMAT.md §9.5, applied by assess_text to verified codes.
#pragma once

#include <optional>

#include "traceseal/traceseal.h"
#include "traceseal/trust_state.h"

namespace traceseal {

// The snapshot that covers a code: the last of snaps[0..n) for its segment and operator.
const StatusSnapshot* snapshot_for(const StatusSnapshot* snaps, std::size_t n, const CodeFields& f);

// The status data a verifier holds (§9.4): snapshots[0..count), none at all being count 0.
struct HeldStatus {
    const StatusSnapshot* snapshots = nullptr;
    std::size_t count = 0;
};
// Adds state, context, status stamp and the §9.5 reasons to an assessment of a verified code
// (without a snapshot for its segment only the clone rule applies, and status_missing when other
// segments have data); recomputes the verdict as the most severe class. status_max_age: the
// trust list's (§4.3).
void apply_lifecycle_rules(Assessment& a, const CodeFields& verified, const HeldStatus& held,
                           std::uint64_t status_max_age, const ScanFacts& scan);

// assess_text's body: §5, §6, then (when `held` is given) §9.5 with it; last the display rule of
// §6.1 (authentic, reminder).
Assessment assess_with_status(std::string_view text, const TrustList& trust, const ScanFacts& scan,
                              const std::optional<HeldStatus>& held);

}  // namespace traceseal
