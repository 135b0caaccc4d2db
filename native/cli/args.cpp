// Command-line option reading for every subcommand.
#include "args.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace traceseal::cli {

Args::Args(std::vector<std::string> argv, std::vector<std::string> value_options,
           std::vector<std::string> flag_options) {
    auto has = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--help" || a == "-h") {
            help_ = true;
        } else if (a == "-" || a.rfind("--", 0) != 0 || a.size() == 2) {
            if (a == "--") {  // everything after is positional
                positional_.insert(positional_.end(), argv.begin() + i + 1, argv.end());
                break;
            }
            positional_.push_back(a);
        } else if (has(value_options, a)) {
            if (i + 1 >= argv.size()) {
                if (error_.empty()) error_ = "option " + a + " needs a value";
                continue;
            }
            values_.emplace_back(a, argv[++i]);
        } else if (has(flag_options, a)) {
            flags_.push_back(a);
        } else if (error_.empty()) {
            error_ = "unknown option " + a;
        }
    }
}

bool Args::flag(const std::string& name) const {
    return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::optional<std::string> Args::value(const std::string& name) const {
    std::optional<std::string> out;
    for (const auto& [k, v] : values_)
        if (k == name) out = v;
    return out;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : values_)
        if (k == name) out.push_back(v);
    return out;
}

std::optional<long long> parse_int(const std::string& s, long long min, long long max) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (v < min || v > max) return std::nullopt;
    return v;
}

}  // namespace traceseal::cli
