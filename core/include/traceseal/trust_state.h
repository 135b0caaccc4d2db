// The verifier's state (FORMAT.md §4.6, §9.4, §10.4): the pinned root, the current trust list,
// the status snapshot held per segment and the checkpoint held per log. Every front end (CLI,
// viewer, web binding) keeps one and changes it only through the update functions below, which
// apply the rollback rules and return reason codes; none compares sequences itself. What belongs
// to one scan (time, scan context, prior sightings) is a separate argument, ScanFacts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/verifier.h"

namespace traceseal {

// The facts of one scan (§9.5), apart from what the verifier holds.
struct ScanFacts {
    UnixTime at = 0;
    ScanContext context = ScanContext::consumer;
    std::vector<Sighting> prior_sightings;  // of this code, from the local scan log
    std::optional<Sighting> here;
};

// A log is named by the operator whose issuing keys sign its checkpoints (§10.2: "the operator
// runs the log"): operator 1's checkpoint is never applied to operator 2's bundle.
using LogId = std::uint16_t;

class TrustState {
  public:
    // §4.5: the first trust list, verified under the pinned root.
    static Result<TrustState> create(const PublicKey& root, std::string_view trust_list);
    explicit TrustState(TrustList verified);  // its root becomes the pinned root

    const PublicKey& root() const { return list_.root_key(); }
    const TrustList& trust_list() const { return list_; }
    const std::vector<StatusSnapshot>& snapshots() const { return snapshots_; }  // by segment
    const std::map<LogId, Checkpoint>& held_checkpoints() const { return held_; }

    // §4.5 then §4.6 (trust_list_rollback, trust_list_conflict; the wrong root or a bad signature
    // as §4.5 says). On success the held snapshots and checkpoints are verified again under the
    // new list and those it no longer vouches for are dropped; returns how many were dropped.
    struct Dropped {
        std::size_t snapshots = 0, checkpoints = 0;
    };
    Result<Dropped> update_trust_list(std::string_view envelope);
    // §9.4: verified under the list and the root, then the update rule for its segment
    // (status_rollback, status_conflict). Returns the snapshot now held for that segment.
    Result<StatusSnapshot> add_status(const Bytes& file);
    void clear_status() { snapshots_.clear(); }
    // §10.4 step 2, then held per log: a checkpoint of a log already held must not go back
    // (provenance_rollback) nor differ at the same count (provenance_history_rewritten).
    Result<Checkpoint> hold_checkpoint(const Bytes& file);
    static LogId log_of(const Checkpoint& c, const TrustList& trust);

    // §10.4 with the checkpoint held for the bundle's own log (if any).
    Result<Provenance> verify_bundle(const Bytes& bundle, std::string_view code_number) const;
    // §5, §6 and §9.5 with the held snapshot of the code's segment.
    Assessment assess(std::string_view text, const ScanFacts& scan) const;

    // ---- Transparency logs, v2 (§10.9 "Held checkpoints", §10.13) ---------------------------
    // Held per log origin; the trust list's `logs` member says which origins exist.
    using HeldLogs = std::map<std::string, tlog::VerifiedCheckpoint, std::less<>>;
    // The trust list's entry for a log origin (policy and operator); nullptr if not named.
    const TrustedLog* log(std::string_view origin) const { return list_.body().find_log(origin); }
    // The checkpoint held for an origin; nullptr if none yet.
    const tlog::VerifiedCheckpoint* held_log_checkpoint(std::string_view origin) const;
    const HeldLogs& held_log_checkpoints() const { return held_logs_; }
    // §10.10 under the policy of the note's own origin (log_unknown_origin if the list names no
    // such log), then the hold rule: a smaller size — provenance_rollback; a larger one without
    // `consistency` (the proof from the held size) — provenance_consistency_missing; a proof that
    // fails or an equal size with another root — provenance_history_rewritten. The first
    // checkpoint of an origin is held as it is. Returns the checkpoint held now.
    Result<tlog::VerifiedCheckpoint> hold_log_checkpoint(std::string_view note,
                                                         const tlog::Proof& consistency = {});
    // §10.13 under the policy of the bundle's log, the segments of its operator and the
    // checkpoint held for it (if any). Changes nothing.
    Result<tlog::VerifiedHistory> verify_bundle_v2(const Bytes& bundle,
                                                   std::string_view code_number) const;
    // verify_bundle_v2, then holds the bundle's checkpoint: §10.13 step 8 has shown that it
    // extends the held one (or there was none).
    Result<tlog::VerifiedHistory> accept_bundle_v2(const Bytes& bundle,
                                                   std::string_view code_number);

  private:
    TrustList list_;
    std::vector<StatusSnapshot> snapshots_;
    std::map<LogId, Checkpoint> held_;
    HeldLogs held_logs_;
};

}  // namespace traceseal
