// File and OS access for the CLI: reading, writing (secret files 0600), randomness, clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

// Errors name the path and the OS reason; detail only, the reason is image_unreadable-like.
Result<std::string> read_text_file(const std::string& path);
// Writes atomically (temp file + rename). Secret files get mode 0600 and are never overwritten.
// Secret files get mode 0600 and, unless replace_secret, are never overwritten. `durable`
// fsyncs before the rename; renderings that can be made again (labels) skip it.
std::optional<std::string> write_file(const std::string& path, const std::string& data,
                                      bool secret = false, bool replace_secret = false,
                                      bool durable = true);
std::optional<std::string> write_file(const std::string& path,
                                      const std::vector<std::uint8_t>& data, bool durable = true);
std::optional<std::string> make_dirs(const std::string& path);
std::vector<std::uint8_t> random_bytes(std::size_t n);  // getrandom(2)
UnixTime now_utc();

// Loads the pinned root key and the trust list it signed; errors name the file.
Result<TrustList> load_trust(const std::string& root_path, const std::string& trust_path);
Result<KeyFile> load_key_file(const std::string& path);

}  // namespace traceseal::cli
