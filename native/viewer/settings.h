// Remembered between runs: language, recent folders, trust files, window size. A small
// key=value file beside ImGui's own layout file in $XDG_CONFIG_HOME/traceseal (or ~/.config).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan_log.h"

namespace traceseal::viewer {

inline constexpr std::size_t kMaxRecentFolders = 8;

struct Settings {
    std::string lang;                         // "en" or "zh-CN"; empty: from $LANG
    std::vector<std::string> recent_folders;  // most recent first
    std::string root_path, trust_path;        // last trust files loaded (empty: demo world)
    std::string export_dir;
    int window_width = 1280, window_height = 800;
    float detail_width = 0.42f;  // share of the window the right-hand pane takes
    std::vector<std::string>
        status_paths;     // status snapshot files last loaded (with the trust files)
    std::string context;  // scan context word; empty: inspector_shop
    Place place;          // where this inspector is (the scan log's place)
    // The registry service and the inspector's login (server_sync.h).
    std::string server, phone, device_key, inspector_key;
};

// "" when neither $XDG_CONFIG_HOME nor $HOME is set.
std::string config_dir();
Settings parse_settings(std::string_view text);  // unknown keys and bad lines are ignored
std::string format_settings(const Settings& s);
Settings load_settings(const std::string& dir);
bool save_settings(const std::string& dir, const Settings& s);
// Creates dir and its parents (mode 0700); true if it exists afterwards.
bool make_config_dir(const std::string& dir);
// Puts folder first in the list (once), keeping at most kMaxRecentFolders.
void remember_folder(Settings& s, const std::string& folder);

}  // namespace traceseal::viewer
