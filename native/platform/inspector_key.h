// Inspector key files (FORMAT.md §10.16) from disk: size-capped, regular files only, parsed by
// the core. Shared by `traceseal inspector keygen`, `verify --inspector-key` and the viewer.
#pragma once

#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

std::string format_inspector_key(const BoxKeyPair& kp, bool secret);
// Errors name the file: the file reasons of §7, or key_file_malformed.
Result<InspectorKey> load_inspector_key(const std::string& path);

}  // namespace traceseal::cli
