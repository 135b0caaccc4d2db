// File and OS access for the CLI: reading, writing (secret files 0600), randomness, clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

// Size caps of the files verifiers read (FORMAT.md §7 file reasons).
inline constexpr std::size_t kMaxKeyFileBytes = 64 << 10;     // root, issuing, inspector keys
inline constexpr std::size_t kMaxTrustListBytes = 4 << 20;    // signed trust lists
inline constexpr std::size_t kMaxCheckpointBytes = 16 << 10;  // v1 119 bytes, v2 notes (§10.10)
inline constexpr std::size_t kMaxStatusBytes = 16 << 20;      // status snapshots
inline constexpr std::size_t kMaxProvenanceBytes = 64 << 20;  // provenance bundles
inline constexpr std::size_t kMaxInputFileBytes = 64 << 20;   // anything else (code lists)

// Reads a whole regular file of at most max_bytes. Errors name the path: file_unreadable,
// not_a_regular_file (devices, FIFOs, folders: refused at once, never read), file_too_large.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);
Result<std::string> read_text_file(const std::string& path);  // cap kMaxInputFileBytes
// The same checks without reading: exists, regular, at most max_bytes. nullopt when fine.
std::optional<Error> check_input_file(const std::string& path, std::size_t max_bytes);
Result<Bytes> read_bytes_file(const std::string& path, std::size_t max_bytes);
// Writes atomically: an exclusive mkstemp temporary beside the target, fsync, rename. Secret
// files get mode 0600 and, unless replace_secret, are never overwritten. `durable` fsyncs
// before the rename; renderings that can be made again (labels) skip it. Errors start with
// "file_write_failed: PATH:".
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
