// Settings file: one `key=value` per line; recent folders repeat the key `recent`.
#include "settings.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace traceseal::viewer {

std::string config_dir() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg) return std::string(xdg) + "/traceseal";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + "/.config/traceseal";
    return {};
}

Settings parse_settings(std::string_view text) {
    Settings s;
    std::istringstream in{std::string(text)};
    std::string line;
    bool has_lat = false, has_lon = false;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos || line[0] == '#') continue;
        std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "lang")
            s.lang = value;
        else if (key == "recent" && s.recent_folders.size() < kMaxRecentFolders && !value.empty())
            s.recent_folders.push_back(value);
        else if (key == "root")
            s.root_path = value;
        else if (key == "trust_list")
            s.trust_path = value;
        else if (key == "export_dir")
            s.export_dir = value;
        else if (key == "window_width")
            s.window_width = std::clamp(std::atoi(value.c_str()), 640, 8192);
        else if (key == "window_height")
            s.window_height = std::clamp(std::atoi(value.c_str()), 480, 8192);
        else if (key == "status" && !value.empty())
            s.status_paths.push_back(value);
        else if (key == "server")
            s.server = value;
        else if (key == "phone")
            s.phone = value;
        else if (key == "device_key")
            s.device_key = value;
        else if (key == "inspector_key")
            s.inspector_key = value;
        else if (key == "context")
            s.context = value;
        else if (key == "place_name")
            s.place.name = value;
        else if (key == "place_lat" || key == "place_lon") {
            char* end = nullptr;
            double v = std::strtod(value.c_str(), &end);
            const double limit = key == "place_lat" ? 90 : 180;
            if (end == value.c_str() || *end || !(v >= -limit && v <= limit)) continue;
            (key == "place_lat" ? s.place.latitude : s.place.longitude) = v;
            (key == "place_lat" ? has_lat : has_lon) = true;
        } else if (key == "detail_width")
            s.detail_width = std::clamp(float(std::atof(value.c_str())), 0.2f, 0.8f);
    }
    s.place.set = has_lat && has_lon;
    return s;
}

std::string format_settings(const Settings& s) {
    std::ostringstream o;
    o << "# traceseal-viewer settings\n";
    o << "lang=" << s.lang << "\n";
    for (const auto& f : s.recent_folders) o << "recent=" << f << "\n";
    o << "root=" << s.root_path << "\ntrust_list=" << s.trust_path << "\n";
    o << "export_dir=" << s.export_dir << "\n";
    o << "window_width=" << s.window_width << "\nwindow_height=" << s.window_height << "\n";
    o << "detail_width=" << s.detail_width << "\n";
    for (const auto& f : s.status_paths) o << "status=" << f << "\n";
    o << "context=" << s.context << "\n";
    for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"server", &s.server},
                               {"phone", &s.phone},
                               {"device_key", &s.device_key},
                               {"inspector_key", &s.inspector_key}})
        if (!v->empty()) o << k << "=" << *v << "\n";
    if (s.place.set) {
        o.precision(9);
        o << "place_name=" << s.place.name << "\nplace_lat=" << s.place.latitude
          << "\nplace_lon=" << s.place.longitude << "\n";
    }
    return o.str();
}

Settings load_settings(const std::string& dir) {
    if (dir.empty()) return {};
    std::ifstream in(dir + "/viewer.conf");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_settings(ss.str());
}

bool make_config_dir(const std::string& dir) {
    if (dir.empty()) return false;
    for (std::size_t pos = dir.find('/', 1);; pos = dir.find('/', pos + 1)) {
        mkdir(dir.substr(0, pos).c_str(), 0700);  // existing parts fail with EEXIST: fine
        if (pos == std::string::npos) break;
    }
    struct stat st {};
    return stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool save_settings(const std::string& dir, const Settings& s) {
    if (!make_config_dir(dir)) return false;
    std::string tmp = dir + "/viewer.conf.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << format_settings(s);
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), (dir + "/viewer.conf").c_str()) == 0;
}

void remember_folder(Settings& s, const std::string& folder) {
    auto& r = s.recent_folders;
    r.erase(std::remove(r.begin(), r.end(), folder), r.end());
    r.insert(r.begin(), folder);
    if (r.size() > kMaxRecentFolders) r.resize(kMaxRecentFolders);
}

}  // namespace traceseal::viewer
