// The inspector's local scan log for the clone rule (FORMAT.md §9.5): every verification of an
// authentic code records (code number, time, place); the prior sightings of a code go into the
// next assessment's StatusContext. Kept as JSON Lines, append-only, in the config directory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::viewer {

struct Place {
    std::string name;
    double latitude = 0, longitude = 0;  // degrees
    bool set = false;                    // false until the inspector gives a location
};

struct ScanLogEntry {
    std::string code_number;  // "SSSSSSSS-NNNNNNNN" (§3.4)
    Sighting sighting;
    std::string place;
};

struct ScanLog {
    std::string path;  // empty: kept in memory only (headless runs, tests)
    std::vector<ScanLogEntry> entries;
    std::string error;  // last write error, for the status bar
};

// One JSON object per line: {"code":..,"at":"YYYY-MM-DDTHH:MM:SSZ","lat":..,"lon":..,"place":..}.
std::string format_scan_log_entry(const ScanLogEntry& e);
// Lines that do not parse are skipped (a torn last line after a crash must not lose the rest).
std::vector<ScanLogEntry> parse_scan_log(std::string_view text);
ScanLog load_scan_log(const std::string& path);  // a missing file is an empty log
// Appends to memory and (with a path) to the file, opened in append mode for each entry.
bool append_scan(ScanLog& log, ScanLogEntry e);
// The sightings of `code_number` recorded so far, oldest first.
std::vector<Sighting> prior_sightings(const ScanLog& log, std::string_view code_number);
std::string scan_log_path(const std::string& config_dir);  // config_dir + "/scan_log.jsonl"

}  // namespace traceseal::viewer
