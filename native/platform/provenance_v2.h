// Provenance bundles v2 for every front end (FORMAT.md §10.12–§10.13): which log a bundle is of,
// what the trust list says about that log (one lookup), the core's verification, and the code's
// timeline with sealed details opened by the inspector key (§10.16). The CLI and the viewer only
// show the result.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/traceseal.h"
#include "traceseal/trust_state.h"

namespace traceseal::platform {

// "TSPB" || 0x02: a bundle v2 (anything else goes to §10.4 or is refused there).
bool is_bundle_v2(const Bytes& bytes);

// What a verifier knows about one log: the trust list's policy for it (§10.9), the issuing-key
// segments of its operator, and the checkpoint held for it from before (if any).
struct LogTrust {
    tlog::LogPolicy policy;
    std::vector<tlog::SegmentSpan> segments;
    std::optional<tlog::VerifiedCheckpoint> held;
};
// origin -> what is known of that log; nullopt: the trust list names no such log.
using LogLookup = std::function<std::optional<LogTrust>(std::string_view origin)>;
// The lookup of a verifier state (a copy of it): the trust list's `logs` (§10.9), its operator's
// segments (TrustListBody::operator_segments) and the checkpoint the state holds per origin.
LogLookup log_lookup(const TrustState& state);

struct TimelineEntry {
    std::uint64_t index = 0;  // the entry's position in the log (0-based, §10.7)
    tlog::Event event;
    bool sealed = false;
    std::optional<EventDetails> details;  // clear, or opened with the inspector key
    // sealed_details_unreadable with why (withheld, another key, altered); not set for sealed
    // details when no inspector key was given.
    std::optional<Error> unreadable;
};
struct HistoryV2 {
    std::string code_number;
    tlog::CheckpointBody checkpoint;     // origin, size, root
    std::vector<std::string> witnesses;  // names of the valid cosignatures
    std::size_t quorum = 0, witnesses_listed = 0;
    std::optional<std::uint64_t> held_size;  // checked against the held checkpoint of this size
    std::vector<TimelineEntry> events;       // oldest first
};
// One bundle v2 file: its history, or the refusal (with the code it claims, when it parses).
struct BundleV2Result {
    std::string path;
    Bytes bytes;              // exact bytes, to verify again under new trust data
    std::string code_number;  // the bundle's own, empty if it does not parse
    std::optional<HistoryV2> history;
    std::optional<Error> refused;
};
// §10.13 for the code the bundle names, against the lookup's entry for its checkpoint's origin
// (log_unknown_origin when there is none). `inspector` may be null.
BundleV2Result verify_bundle_v2_file(std::string path, Bytes bytes, const LogLookup& lookup,
                                     const BoxKeyPair* inspector);

}  // namespace traceseal::platform
