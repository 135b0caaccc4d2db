// Command-line options and what they load at start: trust, status data, scan context,
// provenance and the scan log, with the CLI's rules and exit behaviour. No ImGui, so tests can
// start the viewer's state exactly as `traceseal-viewer ARGS` does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_state.h"
#include "verify_options.h"

namespace traceseal::viewer {

struct Options {
    platform::VerifyOptions verify;  // the options `traceseal verify` takes, same table
    std::string screenshot, dump, show, select, error;
    // --server URL (FORMAT.md §11.4, §12): sync every --sync-seconds; the login's phone, device
    // key and police case reference; --login-outbox FILE (headless, demo): log in at start with
    // the code the demo's SMS outbox received.
    std::string server, phone, device_key, case_reference, login_outbox;
    int sync_seconds = 0;
    int threads = 0, bench_scan = 0;
    std::vector<std::string> files;
    bool help = false;
    bool headless() const { return !screenshot.empty() || !dump.empty() || bench_scan > 0; }
};

Options parse_options(const std::vector<std::string>& args);  // without the program name
// Fills s from the options, the settings in `cfg` (empty: none, as in headless runs) and the
// demo world. Returns the message of a fatal error ("status_bad_signature: FILE: ..."): the
// viewer exits 2 with it, as `traceseal verify` does for the same files.
std::optional<std::string> start_state(AppState& s, const Options& o, const std::string& cfg,
                                       UnixTime start);

}  // namespace traceseal::viewer
