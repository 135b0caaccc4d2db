// Keeping a verifier's trust data fresh from a registry service's published files (FORMAT.md
// §11.4: /trust/trust-list.json, /status/<segment>.tss, /log/<operator>/checkpoint and tiles).
// Every file goes through the TrustState update functions the CLI uses (§4.6, §9.4, §10.10 with a
// consistency proof computed from the served tiles); a refused file changes nothing and is
// reported with its reason. The pinned root is the caller's, never the server's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http_client.h"
#include "traceseal/trust_state.h"

namespace traceseal::platform {

// One published file of one sync: what it is, its URL, and whether it was taken.
struct SyncItem {
    enum class Kind { trust_list, status, checkpoint } kind = Kind::trust_list;
    std::string name;  // "trust list", "status 100", "ts.example/log/1"
    std::string url;
    std::optional<Error> error;  // the refusal or the fetch failure; none: verified and held
    std::string text;            // the exact file taken (trust list, checkpoint note) ...
    Bytes bytes;                 // ... or status snapshot
};
struct SyncReport {
    UnixTime at = 0;
    bool reached = false;  // the trust list answered (the server is up)
    std::vector<SyncItem> items;
    std::size_t refused() const;
};

// One sync of `state` from `server` at `now`: the trust list (an update of the held one), then
// each log the list names (its checkpoint, with the proof from the held size), then the status
// snapshot of every segment the logs' indexes name and every segment already held.
SyncReport sync_from_server(const std::string& server, TrustState& state,
                            const HttpClientOptions& http = {});

// A bundle v2 fetched from the same server proves against a checkpoint that may be newer than the
// one held: hold it first (§10.10 and the consistency proof from the held size, from the tiles),
// so §10.13 step 8 compares equal sizes. A checkpoint older than the held one is left alone
// (the bundle is then refused as provenance_rollback, as it should be offline).
std::optional<Error> hold_bundle_checkpoint(const std::string& server, TrustState& state,
                                            const Bytes& bundle,
                                            const HttpClientOptions& http = {});

// The last good files of each kind, kept in `dir` (the viewer's state directory/sync/<root id>)
// so a later run offline starts from them: trust-list.json, status-<segment>.tss,
// checkpoint-<operator>.txt. Written through the safe writer; errors are warnings.
std::vector<std::string> save_synced_files(const std::string& dir, const SyncReport& report,
                                           const TrustState& state);
// Applies what `dir` holds to `state` through the same update functions (a file that no longer
// verifies is skipped with its warning). Returns the warnings.
std::vector<std::string> load_synced_files(const std::string& dir, TrustState& state);

}  // namespace traceseal::platform
