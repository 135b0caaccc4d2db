// Command-line options and what they load at start: trust, status data, scan context,
// provenance and the scan log, with the CLI's rules and exit behaviour. No ImGui, so tests can
// start the viewer's state exactly as `traceseal-viewer ARGS` does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_state.h"

namespace traceseal::viewer {

struct Options {
    std::string root, trust, at, lang, screenshot, dump, show, context, select, inspector_key,
        checkpoint, image_seconds, error;
    int threads = 0, bench_scan = 0;
    std::vector<std::string> files, status, provenance;
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
