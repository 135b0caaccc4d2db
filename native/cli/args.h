// A small command-line option reader: --name VALUE, --flag, positionals; unknown options are
// usage errors (exit 2) with a message naming them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace traceseal::cli {

class Args {
  public:
    Args(std::vector<std::string> argv, std::vector<std::string> value_options,
         std::vector<std::string> flag_options);

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    bool help() const { return help_; }
    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;  // repeatable option
    const std::vector<std::string>& positional() const { return positional_; }

  private:
    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<std::string> flags_;
    std::vector<std::string> positional_;
    std::string error_;
    bool help_ = false;
};

// Parses a decimal integer in [min, max]; nullopt when it is not one.
std::optional<long long> parse_int(const std::string& s, long long min, long long max);

}  // namespace traceseal::cli
