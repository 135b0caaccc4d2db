// Internal: the JSON documents of FORMAT.md §4 and §6.2. Only json_files.cpp touches nlohmann.
#pragma once

#include <string>
#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal {

inline constexpr std::string_view kTrustListType = "traceseal-trust-list";
inline constexpr std::string_view kSignedTrustListType = "traceseal-signed-trust-list";
inline constexpr std::string_view kPublicKeyType = "traceseal-public-key";
inline constexpr std::string_view kSecretKeyType = "traceseal-secret-key";
inline constexpr std::string_view kInspectorKeyType = "traceseal-inspector-key";

struct TrustEnvelope {
    std::string root_key_id;
    std::string signed_body;
    Bytes signature;
};
Result<TrustEnvelope> parse_trust_envelope(std::string_view text);
std::string format_trust_envelope(const TrustEnvelope& envelope);

// Structure only (types, required members); check_trust_list_body does the semantics.
Result<TrustListBody> parse_trust_list_json(std::string_view body_json);
Result<TrustListBody> check_trust_list_body(TrustListBody body);

}  // namespace traceseal
