// Status data for the lifecycle rules (FORMAT.md §9.4, §9.5): snapshot files verified against
// the trust list and pinned root exactly as `traceseal verify --status` does, and the scan context.
#pragma once

#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::viewer {

struct TrustSource;

// What every verification uses beyond the trust list. Empty snapshots: no lifecycle rules.
struct StatusSource {
    std::vector<StatusSnapshot> snapshots;  // at most one per segment, after the update rule
    std::vector<std::string> paths;         // the files given (empty for the embedded demo)
    std::string description;                // "demo world (seed 1)" or the file names
};

// Each file through TrustState::add_status, as `traceseal verify --status` loads it (§9.4:
// status_rollback, status_conflict for a later file of a segment already held). All or nothing:
// the first refused file is the error, its detail naming the file.
Result<StatusSource> load_status_files(const std::vector<std::string>& paths,
                                       const TrustList& trust, const PublicKey& root);
// Adds more files to `current` under the same rules (File -> Load status snapshots).
Result<StatusSource> add_status_files(const StatusSource& current,
                                      const std::vector<std::string>& paths, const TrustList& trust,
                                      const PublicKey& root);
// The embedded demo world's snapshots (`traceseal demo --seed 1` with its default count).
StatusSource demo_status(const TrustSource& trust);

inline constexpr ScanContext kContexts[3] = {ScanContext::consumer, ScanContext::inspector_shop,
                                             ScanContext::inspector_port};
inline constexpr CodeState kStates[7] = {
    CodeState::issued,  CodeState::activated, CodeState::sold,      CodeState::picked_up,
    CodeState::unbound, CodeState::voided,    CodeState::superseded};

}  // namespace traceseal::viewer
