// POSIX files for the log: write-temp-then-rename, reads, directory creation and a whole-file
// sync barrier (FORMAT.md §10.8). Errors are strings naming the path and the OS reason.
#pragma once

#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::log {

// Creates every missing directory of `path` (mode 0755).
std::optional<std::string> make_dirs(const std::string& path);
// Writes `data` to a temporary file in the same directory and renames it into place. `durable`
// fsyncs the file before and the directory after the rename.
std::optional<std::string> write_atomic(const std::string& path, const Bytes& data, bool durable);
// nullopt if the file does not exist; an error string in `error` for other failures.
std::optional<Bytes> read_file(const std::string& path, std::string* error = nullptr);
bool file_exists(const std::string& path);
// syncfs(2) on the file system holding `dir`: every tile written before is on disk after.
std::optional<std::string> sync_tree(const std::string& dir);

}  // namespace traceseal::log
