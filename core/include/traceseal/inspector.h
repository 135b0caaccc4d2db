// Inspectors online (FORMAT.md §12): agency-signed inspector certificates, the field groups each
// role may open, signed logins and queries, session tokens and audit records. Pure like the rest
// of the core: the service's clock, randomness and storage are its own (native/inspector/).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "traceseal/issuer.h"
#include "traceseal/tlog.h"
#include "traceseal/verifier.h"

namespace traceseal {

// ---- Spec constants (§12) --------------------------------------------------------------------
inline constexpr std::string_view kInspectorContext = "traceseal-inspector-v1";
inline constexpr std::string_view kRequestContext = "traceseal-inspector-request-v1";
inline constexpr std::string_view kSessionContext = "traceseal-session-v1";
inline constexpr UnixTime kMaxSessionSeconds = 8 * 3600;  // §12.6
inline constexpr UnixTime kRequestWindow = 300;           // §12.5: |time - now| and session skew
inline constexpr UnixTime kNonceMemory = 600;             // §12.5: nonces kept this long
inline constexpr UnixTime kLoginCodeSeconds = 300;        // §12.4
inline constexpr UnixTime kLoginLockSeconds = 900;        // §12.4
inline constexpr int kLoginMaxTries = 5;                  // §12.4
inline constexpr std::uint8_t kAuditEntry = 0x03;         // §12.7

// ---- Inspector certificates (§12.2) ----------------------------------------------------------
struct InspectorCertificateBody {
    std::uint16_t agency = 0;
    InspectorRole role = InspectorRole::customs;
    std::string phone;           // E.164
    PublicKey device_key;        // Ed25519: signs logins and queries
    BoxPublicKey inspector_key;  // X25519: sealed details (§10.16)
    UnixTime not_before = 0, not_after = 0;
};
// "+", a digit 1-9, then 7-14 digits.
bool valid_phone(std::string_view phone);

// A certificate whose agency signature, role and validity were checked. Only
// verify_inspector_certificate makes one.
class InspectorCertificate {
  public:
    const InspectorCertificateBody& body() const { return body_; }
    const std::string& text() const { return text_; }  // the file, exact bytes

  private:
    friend Result<InspectorCertificate> verify_inspector_certificate(std::string_view,
                                                                     const TrustList&, UnixTime);
    InspectorCertificate() = default;
    InspectorCertificateBody body_;
    std::string text_;
};
// §12.2 steps 1-6, in order.
Result<InspectorCertificate> verify_inspector_certificate(std::string_view text,
                                                          const TrustList& trust, UnixTime at);
// Agency side: the body's JSON text, and the certificate file signing its exact bytes.
std::string format_inspector_certificate_body(const InspectorCertificateBody& body);
std::string sign_inspector_certificate(std::string_view body_json, std::uint16_t agency,
                                       const SecretKey& agency_key);

// ---- Least data per role (§12.3) -------------------------------------------------------------
enum class FieldGroup : std::uint8_t {
    state,
    operator_,  // "operator"
    product,
    event_types,
    store,
    event_dates,
    sale,
    pickup,
    return_  // "return"
};
inline constexpr FieldGroup kFieldGroups[] = {
    FieldGroup::state,       FieldGroup::operator_, FieldGroup::product,
    FieldGroup::event_types, FieldGroup::store,     FieldGroup::event_dates,
    FieldGroup::sale,        FieldGroup::pickup,    FieldGroup::return_};
std::string_view to_string(FieldGroup group);
std::optional<FieldGroup> parse_field_group(std::string_view word);
bool role_may_open(InspectorRole role, FieldGroup group);
// The group of an event's sealed details: sell -> sale, pickup -> pickup, unbind -> return;
// nullopt for events whose details are in clear (store, event_dates).
std::optional<FieldGroup> details_group(std::string_view event_type);
// For exporters: may details of an event of this type be sealed to an inspector of `role`?
bool may_seal_details_to(InspectorRole role, std::string_view event_type);
// The exporter's step for one inspector: every sell, pickup or unbind record of `bundle` is sealed
// to `inspector` (crypto_box_seal, ephemeral keys derived from `seal_seed` and the record's index)
// when `role` may open its group, else withheld (sealed, empty blob); other records stay clear.
void seal_bundle_for(tlog::BundleV2& bundle, InspectorRole role, const BoxPublicKey& inspector,
                     const Seed& seal_seed);
// A sealed record's details opened with the inspector key and checked against the event's
// details_hash: details_salt || details. sealed_details_unreadable when withheld, not for this
// key, or not the committed bytes.
Result<Bytes> open_bundle_details(const tlog::BundleEvent& record, const BoxKeyPair& inspector);
bool case_reference_required(InspectorRole role);  // police
bool valid_case_reference(std::string_view ref);   // 0-64 printable ASCII

// ---- One-time codes (§12.4) -----------------------------------------------------------------
std::array<std::uint8_t, 32> login_code_hash(const std::array<std::uint8_t, 32>& otp_key,
                                             std::string_view phone, std::string_view code);
bool equal_in_constant_time(const std::array<std::uint8_t, 32>& a,
                            const std::array<std::uint8_t, 32>& b);
// A uniform 6-digit code from random u32 draws (`draw` is called until one is below 4294000000).
std::string login_code_from(const std::function<std::uint32_t()>& draw);

// ---- Signed requests (§12.5) -----------------------------------------------------------------
struct LoginRequest {
    std::string phone, code;
    UnixTime time = 0;
    std::string nonce;  // 32 hex
};
struct QueryRequest {
    std::string session;  // 32 hex
    std::string code;     // code number
    std::string case_reference;
    UnixTime time = 0;
    std::string nonce;
};
// Parsed and framed, signature NOT checked (the key depends on what the body says).
struct SignedRequest {
    std::string text;         // the request, exact bytes
    std::string signed_body;  // the exact bytes signed
    std::array<std::uint8_t, kSignatureSize> signature{};
    std::optional<LoginRequest> login;
    std::optional<QueryRequest> query;
    UnixTime time() const { return login ? login->time : query->time; }
    const std::string& nonce() const { return login ? login->nonce : query->nonce; }
};
Result<SignedRequest> parse_signed_request(std::string_view text);  // request_malformed
// request_bad_signature when the signature does not verify under `device_key`.
std::optional<Error> verify_request_signature(const SignedRequest& request,
                                              const PublicKey& device_key);
std::string format_login_request(const LoginRequest& login);
std::string format_query_request(const QueryRequest& query);
std::string sign_request(std::string_view body_json, const SecretKey& device_key);
// For a device key held elsewhere (a browser's non-extractable WebCrypto key): the exact bytes
// the signature covers (context || 0x00 || body, §12.5), and the request carrying a signature
// made over them. sign_request(b, k) is format_signed_request(b, Ed25519(k,
// request_signing_input(b))).
Bytes request_signing_input(std::string_view body_json);
std::string format_signed_request(std::string_view body_json,
                                  const std::array<std::uint8_t, kSignatureSize>& signature);

// ---- Session tokens (§12.6) ------------------------------------------------------------------
struct SessionClaims {
    std::string session;  // 32 hex
    std::string phone;
    InspectorRole role = InspectorRole::customs;
    std::uint16_t agency = 0;
    PublicKey device_key;
    BoxPublicKey inspector_key;
    UnixTime issued_at = 0, expires_at = 0;
};
class Session {
  public:
    const SessionClaims& claims() const { return claims_; }

  private:
    friend Result<Session> verify_session(std::string_view, const PublicKey&, UnixTime);
    Session() = default;
    SessionClaims claims_;
};
// §12.6 up to the expiry check: session_malformed, session_bad_signature, session_expired.
Result<Session> verify_session(std::string_view token, const PublicKey& session_key, UnixTime at);
// §12.6 in full for a query: the session, then the query's framing, its signature under the
// session's device key, and its session id. Time window and replay are the service's (§12.5).
struct VerifiedQuery {
    Session session;
    SignedRequest request;
};
Result<VerifiedQuery> verify_session_query(std::string_view token, std::string_view request,
                                           const PublicKey& session_key, UnixTime at);
std::string sign_session(const SessionClaims& claims, const SecretKey& session_key);
// The claims of a token NOT verified: for the client holding its own token (its session id and
// expiry); only the service, with the session key, verifies.
Result<SessionClaims> read_session_claims(std::string_view token);

// ---- Audit records (§12.7) -------------------------------------------------------------------
struct AuditRecord {
    UnixTime time = 0;
    std::string phone;
    std::uint16_t agency = 0;
    InspectorRole role = InspectorRole::customs;
    std::string code, case_reference, session;
    PublicKey device_key;
    std::string request;  // the signed request, exact text
};
Bytes audit_entry(const AuditRecord& record);  // 0x03 || record JSON
// provenance_malformed for an entry that is not an audit entry of §12.7.
Result<AuditRecord> parse_audit_entry(const Bytes& entry);

}  // namespace traceseal
