// The verifier's held state across runs (FORMAT.md §4.7): one file per pinned root in the state
// directory, holding the trust list and the status snapshots a verifier has seen, so that an
// older one given in a later run is refused as it would be within one run.
#pragma once

#include <string>
#include <vector>

#include "traceseal/trust_state.h"

namespace traceseal::platform {

inline constexpr std::size_t kMaxStateBytes = 64 << 20;
inline constexpr const char* kStateType = "traceseal-verifier-state";

// `option` (--state-dir), else $TRACESEAL_STATE_DIR, else $XDG_STATE_HOME/traceseal, else
// $HOME/.local/state/traceseal; empty when none can be named.
std::string state_dir(const std::string& option);
// DIR/<root_key_id>.json: different roots never share a file.
std::string state_file_path(const std::string& dir, const PublicKey& root);

// What a state file holds, not yet verified: only apply_held_state makes held state of it.
struct StateFile {
    std::string trust_list;     // a signed trust list file (§4.4); empty: none held
    std::vector<Bytes> status;  // status snapshot files (§9.3)
    std::string members;        // the whole object as read, so unknown members survive a rewrite
};
// A missing file is an empty StateFile. Errors (file reasons, state_malformed) name the path.
Result<StateFile> read_state_file(const std::string& path, const PublicKey& root);
// The file's text for `state` (trust list file `envelope`; empty: the list is not written),
// keeping the members of `previous` this version does not know.
std::string format_state_file(const TrustState& state, const std::string& envelope,
                              const std::string& previous);

// §4.7's loading order for a state built from the inputs: the held trust list first (verified
// under state's root), the given list (`envelope`, its file text; empty when the caller has none)
// as an update of it, then the held snapshots. Returns the given list's refusal (rollback,
// conflict); a damaged file or a held item no longer vouched for is a warning instead, and the
// envelope to save is updated to the list now held.
struct HeldLoad {
    std::string envelope;               // the trust list file of the state now held
    std::vector<std::string> warnings;  // "held state ignored: PATH: REASON: detail", ...
    std::string previous;               // the file's members, for format_state_file
};
Result<HeldLoad> apply_held_state(const std::string& path, TrustState& state,
                                  const std::string& envelope);
// Writes the state file (safe writer, directory created) unless it would not change; the
// warning when that fails.
std::optional<std::string> save_held_state(const std::string& path, const TrustState& state,
                                           const std::string& envelope,
                                           const std::string& previous);

}  // namespace traceseal::platform
