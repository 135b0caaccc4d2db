// Provenance bundles for the detail pane's timeline (FORMAT.md §10): each file verified against
// the trust list as `traceseal verify --provenance` does; sealed sale and pickup details opened
// with the inspector's key when one is loaded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/traceseal.h"
#include "traceseal/trust_state.h"

namespace traceseal::viewer {

struct ProvenanceSource {
    std::vector<Bytes> files;  // exact bytes, so new trust data can verify them again
    std::vector<Provenance> bundles;
    std::vector<std::string> paths;
    std::optional<BoxKeyPair> inspector;  // --inspector-key: opens sealed details
    std::map<LogId, Checkpoint> held;     // --checkpoint, one per log (TrustState's rule)
};

// §10.4 for every file (every code a bundle has records of must be complete). All or nothing: the
// first refused file is the error, its detail naming the file.
Result<ProvenanceSource> add_provenance_files(const ProvenanceSource& current,
                                              const std::vector<std::string>& paths,
                                              const TrustList& trust);
// The same bundles verified again under a new trust list; those it refuses are dropped.
ProvenanceSource reverify_provenance(const ProvenanceSource& current, const TrustList& trust);

struct TimelineEvent {
    std::uint64_t seq = 0;
    std::string code, type, state, related;
    std::optional<EventDetails> details;  // unsealed, or opened with the inspector key
    bool sealed = false;
};
// Every event naming `code_number` (as the code or as the related code of a re-issue or
// replacement), in log order, once each.
std::vector<TimelineEvent> timeline_of(const ProvenanceSource& p, std::string_view code_number);

}  // namespace traceseal::viewer
