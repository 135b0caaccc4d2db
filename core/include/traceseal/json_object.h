// One JSON object in which no member is named twice (FORMAT.md §4.4): nlohmann keeps the last of
// two same-named members and other parsers the first, so what a signed document means must not
// depend on the parser that reads it. The core's files (core/src/json_files.cpp) and the registry
// service's requests (native/service/batch.cpp) both parse through it. A template over the JSON
// type (nlohmann::json) so that this header does not include the parser.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traceseal {

// The object, or nothing with `why` saying what is wrong, as a predicate of the text: "is not
// valid JSON", "has the member \"k\" twice", "is not a JSON object". Never throws.
template <class Json>
std::optional<Json> parse_json_object(std::string_view text, std::string& why) {
    std::vector<std::vector<std::string>> open;  // the member names of each object being read
    std::string duplicate;
    auto on_event = [&](int, typename Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::object_start) {
            open.emplace_back();
        } else if (event == Json::parse_event_t::object_end) {
            if (!open.empty()) open.pop_back();
        } else if (event == Json::parse_event_t::key && !open.empty() && parsed.is_string()) {
            std::vector<std::string>& keys = open.back();
            const std::string& k = parsed.template get_ref<const std::string&>();
            if (std::find(keys.begin(), keys.end(), k) != keys.end()) {
                if (duplicate.empty()) duplicate = k;
            } else {
                keys.push_back(k);
            }
        }
        return true;
    };
    Json j = Json::parse(text.begin(), text.end(), on_event, false);
    if (j.is_discarded()) return why = "is not valid JSON", std::nullopt;
    if (!duplicate.empty()) return why = "has the member \"" + duplicate + "\" twice", std::nullopt;
    if (!j.is_object()) return why = "is not a JSON object", std::nullopt;
    return j;
}

}  // namespace traceseal
