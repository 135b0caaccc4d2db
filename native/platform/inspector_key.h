// Inspector key files (FORMAT.md §10): X25519 keys, a role apart from the Ed25519 key files.
// Shared by `traceseal inspector keygen`, `verify --provenance` and the viewer.
#pragma once

#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::cli {

struct InspectorKey {
    BoxPublicKey public_key;
    std::optional<BoxKeyPair> secret;  // secret key files only
};
std::string format_inspector_key(const BoxKeyPair& kp, bool secret);
Result<InspectorKey> load_inspector_key(const std::string& path);

}  // namespace traceseal::cli
