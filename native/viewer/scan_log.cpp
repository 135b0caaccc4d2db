// Scan log file: JSON Lines through nlohmann (parse without exceptions, find() only), appended
// with O_APPEND semantics so two viewer windows cannot overwrite each other's lines.
#include "scan_log.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace traceseal::viewer {

using Json = nlohmann::json;

std::string format_scan_log_entry(const ScanLogEntry& e) {
    Json j;
    j["code"] = e.code_number;
    j["at"] = format_time(e.sighting.at);
    j["lat"] = e.sighting.latitude;
    j["lon"] = e.sighting.longitude;
    j["place"] = e.place;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<ScanLogEntry> parse_scan_log(std::string_view text) {
    std::vector<ScanLogEntry> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        Json j = Json::parse(text.substr(pos, end - pos), nullptr, false);
        pos = end + 1;
        if (!j.is_object()) continue;
        auto code = j.find("code"), at = j.find("at"), lat = j.find("lat"), lon = j.find("lon"),
             place = j.find("place");
        if (code == j.end() || !code->is_string() || at == j.end() || !at->is_string() ||
            lat == j.end() || !lat->is_number() || lon == j.end() || !lon->is_number())
            continue;
        auto t = parse_time(at->get<std::string>());
        if (!t) continue;
        ScanLogEntry e;
        e.code_number = code->get<std::string>();
        e.sighting = Sighting{lat->get<double>(), lon->get<double>(), *t};
        if (place != j.end() && place->is_string()) e.place = place->get<std::string>();
        out.push_back(std::move(e));
    }
    return out;
}

ScanLog load_scan_log(const std::string& path) {
    ScanLog log;
    log.path = path;
    if (path.empty()) return log;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    log.entries = parse_scan_log(ss.str());
    return log;
}

bool append_scan(ScanLog& log, ScanLogEntry e) {
    bool ok = true;
    if (!log.path.empty()) {
        const std::string line = format_scan_log_entry(e) + "\n";
        std::FILE* f = std::fopen(log.path.c_str(), "ab");
        ok = f && std::fwrite(line.data(), 1, line.size(), f) == line.size();
        if (f && std::fclose(f) != 0) ok = false;
        log.error = ok ? std::string() : "cannot append to " + log.path;
    }
    log.entries.push_back(std::move(e));
    return ok;
}

std::vector<Sighting> prior_sightings(const ScanLog& log, std::string_view code_number) {
    std::vector<Sighting> v;
    for (const ScanLogEntry& e : log.entries)
        if (e.code_number == code_number) v.push_back(e.sighting);
    return v;
}

std::string scan_log_path(const std::string& config_dir) {
    return config_dir.empty() ? std::string() : config_dir + "/scan_log.jsonl";
}

}  // namespace traceseal::viewer
