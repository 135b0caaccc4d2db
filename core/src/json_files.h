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
// §12
inline constexpr std::string_view kInspectorCertType = "traceseal-inspector-certificate";
inline constexpr std::string_view kInspectorCertBodyType = "traceseal-inspector";
inline constexpr std::string_view kRequestType = "traceseal-inspector-request";
inline constexpr std::string_view kLoginType = "traceseal-login";
inline constexpr std::string_view kQueryType = "traceseal-query";
inline constexpr std::string_view kSessionType = "traceseal-session";
inline constexpr std::string_view kSessionClaimsType = "traceseal-session-claims";
inline constexpr std::string_view kAuditRecordType = "traceseal-audit";

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
std::optional<Error> check_agencies(const TrustListBody& body);  // §12.1, inspector.cpp

// §12 documents: framing only; inspector.cpp checks meaning and signatures.
struct SignedEnvelope {
    std::uint16_t agency = 0;  // certificates only
    std::string signed_body;
    Bytes signature;
};
Result<SignedEnvelope> parse_signed_envelope(std::string_view text, std::string_view type,
                                             Reason bad, bool with_agency);
std::string format_signed_envelope(std::string_view type, std::optional<std::uint16_t> agency,
                                   std::string_view signed_body, const Bytes& signature);
Result<InspectorCertificateBody> parse_inspector_certificate_json(std::string_view body);
std::string format_inspector_certificate_json(const InspectorCertificateBody& body);
Result<SignedRequest> parse_request_body_json(std::string_view body);  // login or query
std::string format_login_json(const LoginRequest& login);
std::string format_query_json(const QueryRequest& query);
Result<SessionClaims> parse_session_claims_json(std::string_view claims);
std::string format_session_claims_json(const SessionClaims& claims);
std::string format_audit_record_json(const AuditRecord& record);
Result<AuditRecord> parse_audit_record_json(std::string_view record);

}  // namespace traceseal
