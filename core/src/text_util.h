// Internal: small ASCII helpers shared by the parsers.
#pragma once

#include <string_view>

namespace traceseal {

inline char ascii_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

inline bool equals_ascii_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
    return true;
}

inline bool starts_with_ascii_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equals_ascii_ci(s.substr(0, prefix.size()), prefix);
}

// FORMAT.md §3.5: does `text` start with the URL prefix `prefix`? Scheme and host compare ASCII
// case-insensitively (browsers lowercase them), the path exactly (servers need not).
inline bool starts_with_url_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    std::size_t scheme = prefix.find("://");
    std::size_t path = scheme == std::string_view::npos ? 0 : prefix.find('/', scheme + 3);
    if (path == std::string_view::npos) path = prefix.size();
    return equals_ascii_ci(text.substr(0, path), prefix.substr(0, path)) &&
           text.substr(path, prefix.size() - path) == prefix.substr(path);
}

}  // namespace traceseal
