// Provenance bundles for the detail pane's timeline (FORMAT.md §10): each file verified against
// the trust list as `traceseal verify --provenance` does; sealed sale and pickup details opened
// with the inspector's key when one is loaded. v1 bundles (§10.4) and v2 bundles (§10.13, the
// witnessed log; platform/provenance_v2.h) side by side; a v2 bundle that does not verify is kept
// as a refusal, shown with its reason on the code it claims to be for.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provenance_v2.h"
#include "traceseal/traceseal.h"
#include "traceseal/trust_state.h"

namespace traceseal::viewer {

struct ProvenanceSource {
    std::vector<Bytes> files;  // exact bytes, so new trust data can verify them again
    std::vector<Provenance> bundles;
    std::vector<std::string> paths;
    std::optional<BoxKeyPair> inspector;       // --inspector-key: opens sealed details
    std::map<LogId, Checkpoint> held;          // --checkpoint, one per log (TrustState's rule)
    TrustState::HeldLogs held_logs;            // --checkpoint v2 notes, one per origin (§10.9)
    std::vector<platform::BundleV2Result> v2;  // bundles v2: verified histories and refusals
    // Where v2 bundles find their log's policy; empty: the trust list's (platform::log_lookup).
    platform::LogLookup logs;
};

// §10.4 for every v1 file (every code a bundle has records of must be complete), §10.13 for every
// v2 one. All or nothing for v1 and unreadable files: the first refused one is the error, its
// detail naming the file. A v2 bundle that does not verify is added as a refusal (refusals_of).
Result<ProvenanceSource> add_provenance_files(const ProvenanceSource& current,
                                              const std::vector<std::string>& paths,
                                              const TrustList& trust);
// The same bundles verified again under a new trust list; those it refuses are dropped.
ProvenanceSource reverify_provenance(const ProvenanceSource& current, const TrustList& trust);

struct TimelineEvent {
    std::uint64_t seq = 0;  // v1: 1-based position in the log; v2: the entry's index (0-based)
    std::string code, type, state, related;
    std::optional<EventDetails> details;  // unsealed, or opened with the inspector key
    bool sealed = false;
    std::optional<Error>
        unreadable;  // v2: sealed details that did not open (another key, withheld)
    bool v2 = false;
};
// Every event naming `code_number` (as the code or as the related code of a re-issue or
// replacement), in log order, once each.
std::vector<TimelineEvent> timeline_of(const ProvenanceSource& p, std::string_view code_number);
// The verified v2 history of `code_number` with the largest checkpoint, if any: its log and
// witnesses for the timeline's heading.
const platform::HistoryV2* history_of(const ProvenanceSource& p, std::string_view code_number);
// The v2 bundles for `code_number` that were refused, each with its reason.
std::vector<const platform::BundleV2Result*> refusals_of(const ProvenanceSource& p,
                                                         std::string_view code_number);

}  // namespace traceseal::viewer
