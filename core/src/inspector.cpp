// Inspectors online (FORMAT.md §12): agencies, certificates, field groups, signed requests,
// sessions and audit records. The JSON framing is json_files.cpp's; the rules are here.
#include <set>

#include "crypto.h"
#include "json_files.h"
#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

constexpr std::string_view kRoleWords[] = {"customs", "police", "market_regulator"};
constexpr std::string_view kGroupWords[] = {"state",       "operator", "product",
                                            "event_types", "store",    "event_dates",
                                            "sale",        "pickup",   "return"};

crypto::Signature to_signature(const Bytes& b) {
    crypto::Signature s{};
    std::copy(b.begin(), b.end(), s.begin());
    return s;
}

const std::uint8_t* bytes_of(std::string_view s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Exactly "SSSSSSSS-NNNNNNNN", both parts 24-bit (§3.1).
bool is_code_number(std::string_view s) {
    if (s.size() != 17 || s[8] != '-' || !all_digits(s.substr(0, 8)) || !all_digits(s.substr(9)))
        return false;
    return std::stoul(std::string(s.substr(0, 8))) <= 0xFFFFFF &&
           std::stoul(std::string(s.substr(9))) <= 0xFFFFFF;
}

}  // namespace

std::string_view to_string(InspectorRole role) {
    return kRoleWords[static_cast<int>(role)];
}

std::optional<InspectorRole> parse_inspector_role(std::string_view word) {
    for (int i = 0; i < 3; ++i)
        if (kRoleWords[i] == word) return static_cast<InspectorRole>(i);
    return std::nullopt;
}

const Agency* TrustListBody::find_agency(std::uint16_t id) const {
    for (const auto& a : agencies)
        if (a.id == id) return &a;
    return nullptr;
}

// §12.1: the parser read the members; ids, keys and their uniqueness are checked here.
std::optional<Error> check_agencies(const TrustListBody& b) {
    std::set<std::uint16_t> ids;
    std::set<std::array<std::uint8_t, 32>> keys;
    for (const auto& k : b.issuing_keys) keys.insert(k.public_key.bytes);
    for (const auto& k : b.revoked_keys) keys.insert(k.public_key.bytes);
    for (const Agency& a : b.agencies) {
        std::string where = "agency " + std::to_string(a.id);
        if (a.id == 0) return make_error(Reason::trust_list_malformed, "agency id 0");
        if (!ids.insert(a.id).second)
            return make_error(Reason::trust_list_malformed, where + " is listed twice");
        if (!crypto::usable_public_key(a.public_key))
            return make_error(Reason::trust_list_bad_key,
                              where + " has a small-order or non-canonical Ed25519 public key");
        if (!keys.insert(a.public_key.bytes).second)
            return make_error(
                Reason::trust_list_duplicate_key,
                where + "'s key is also another agency's, an issuing or a revoked key");
    }
    return std::nullopt;
}

// ---- Certificates (§12.2) --------------------------------------------------------------------

bool valid_phone(std::string_view p) {
    return p.size() >= 9 && p.size() <= 16 && p[0] == '+' && p[1] >= '1' && p[1] <= '9' &&
           all_digits(p.substr(1));
}

Result<InspectorCertificate> verify_inspector_certificate(std::string_view text,
                                                          const TrustList& trust, UnixTime at) {
    constexpr Reason kBad = Reason::inspector_certificate_malformed;
    auto env = parse_signed_envelope(text, kInspectorCertType, kBad, true);  // step 1
    if (!env) return env.error();
    const Agency* agency = trust.body().find_agency(env->agency);
    if (!agency)  // step 2: the key id before the signature
        return make_error(Reason::inspector_unknown_agency,
                          "agency " + std::to_string(env->agency) + " is not in the trust list");
    if (!crypto::verify(agency->public_key, kInspectorContext, bytes_of(env->signed_body),
                        env->signed_body.size(), to_signature(env->signature)))
        return make_error(
            Reason::inspector_bad_signature,  // step 3
            "the signature of agency " + std::to_string(agency->id) + " does not verify");
    auto body = parse_inspector_certificate_json(env->signed_body);  // step 4
    if (!body) return body.error();
    if (!valid_phone(body->phone))
        return make_error(kBad, "phone must be + and 8 to 15 digits (E.164)");
    if (!crypto::usable_public_key(body->device_key))
        return make_error(kBad, "device_key is a small-order or non-canonical Ed25519 key");
    if (body->not_after <= body->not_before)
        return make_error(kBad, "not_after must be after not_before");
    if (body->agency != env->agency)  // step 5
        return make_error(Reason::inspector_role_mismatch,
                          "the body names agency " + std::to_string(body->agency) +
                              ", the certificate agency " + std::to_string(env->agency));
    if (body->role != agency->role)
        return make_error(Reason::inspector_role_mismatch,
                          "agency " + std::to_string(agency->id) + " is " +
                              std::string(to_string(agency->role)) + ", not " +
                              std::string(to_string(body->role)));
    if (at < body->not_before || at >= body->not_after)  // step 6
        return make_error(Reason::inspector_certificate_not_valid,
                          "valid from " + format_time(body->not_before) + " until " +
                              format_time(body->not_after));
    InspectorCertificate c;
    c.body_ = std::move(*body);
    c.text_ = std::string(text);
    return c;
}

std::string format_inspector_certificate_body(const InspectorCertificateBody& body) {
    return format_inspector_certificate_json(body);
}

std::string sign_inspector_certificate(std::string_view body_json, std::uint16_t agency,
                                       const SecretKey& agency_key) {
    auto sig = crypto::sign(agency_key, kInspectorContext, bytes_of(body_json), body_json.size());
    return format_signed_envelope(kInspectorCertType, agency, body_json,
                                  Bytes(sig.begin(), sig.end()));
}

// ---- Field groups (§12.3) --------------------------------------------------------------------

std::string_view to_string(FieldGroup g) {
    return kGroupWords[static_cast<int>(g)];
}

std::optional<FieldGroup> parse_field_group(std::string_view word) {
    for (FieldGroup g : kFieldGroups)
        if (to_string(g) == word) return g;
    return std::nullopt;
}

bool role_may_open(InspectorRole role, FieldGroup g) {
    switch (role) {
        case InspectorRole::customs:
            return true;
        case InspectorRole::police:
            return g != FieldGroup::return_;
        case InspectorRole::market_regulator:
            return g != FieldGroup::sale && g != FieldGroup::pickup && g != FieldGroup::return_;
    }
    return false;
}

std::optional<FieldGroup> details_group(std::string_view type) {
    if (type == "sell") return FieldGroup::sale;
    if (type == "pickup") return FieldGroup::pickup;
    if (type == "unbind") return FieldGroup::return_;
    return std::nullopt;
}

bool may_seal_details_to(InspectorRole role, std::string_view event_type) {
    auto g = details_group(event_type);
    return g && role_may_open(role, *g);
}

void seal_bundle_for(tlog::BundleV2& bundle, InspectorRole role, const BoxPublicKey& inspector,
                     const Seed& seal_seed) {
    for (tlog::BundleEvent& e : bundle.events) {
        auto event = tlog::parse_event(e.event);
        if (!event || !details_group(event->type)) continue;
        if (!may_seal_details_to(role, event->type)) {
            e.sealed = true;
            e.details_blob.clear();
            continue;
        }
        if (e.sealed) continue;  // sealed already (to this inspector, by the caller)
        Bytes in(seal_seed.begin(), seal_seed.end());
        for (int k = 0; k < 8; ++k) in.push_back(static_cast<std::uint8_t>(e.index >> (8 * k)));
        Seed eph = hash256("traceseal-inspector-seal", in);
        e.details_blob = seal_to(inspector, e.details_blob, eph);
        e.sealed = true;
    }
}

Result<Bytes> open_bundle_details(const tlog::BundleEvent& record, const BoxKeyPair& inspector) {
    auto event = tlog::parse_event(record.event);
    if (!event) return event.error();
    if (!record.sealed) return record.details_blob;
    if (record.details_blob.empty())
        return make_error(Reason::sealed_details_unreadable, "details withheld for this role");
    auto plain = open_sealed(inspector, record.details_blob);
    if (!plain) return make_error(Reason::sealed_details_unreadable, "not sealed to this key");
    Bytes in(tlog::kDetailsContext.begin(), tlog::kDetailsContext.end());
    in.push_back(0x00);
    in.insert(in.end(), plain->begin(), plain->end());
    if (tlog::sha256(in.data(), in.size()) != event->details_hash)
        return make_error(Reason::sealed_details_unreadable,
                          "the opened details are not the committed ones");
    return *plain;
}

bool case_reference_required(InspectorRole role) {
    return role == InspectorRole::police;
}

bool valid_case_reference(std::string_view ref) {
    if (ref.size() > 64) return false;
    for (char c : ref)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

// ---- One-time codes (§12.4) -----------------------------------------------------------------

std::string login_code_from(const std::function<std::uint32_t()>& draw) {
    constexpr std::uint32_t kLimit = 4294000000u;  // a multiple of 10^6: no modulo bias
    std::uint32_t v = draw();
    while (v >= kLimit) v = draw();
    std::string code = std::to_string(v % 1000000);
    return std::string(6 - code.size(), '0') + code;
}

// ---- Signed requests (§12.5) -----------------------------------------------------------------

Result<SignedRequest> parse_signed_request(std::string_view text) {
    constexpr Reason kBad = Reason::request_malformed;
    auto env = parse_signed_envelope(text, kRequestType, kBad, false);
    if (!env) return env.error();
    auto req = parse_request_body_json(env->signed_body);
    if (!req) return req.error();
    if (req->login) {
        if (!valid_phone(req->login->phone)) return make_error(kBad, "login.phone is not E.164");
        if (req->login->code.size() != 6 || !all_digits(req->login->code))
            return make_error(kBad, "login.code must be 6 digits");
    } else {
        if (!is_code_number(req->query->code))
            return make_error(kBad, "query.code must be a code number SSSSSSSS-NNNNNNNN");
        if (!valid_case_reference(req->query->case_reference))
            return make_error(kBad, "query.case_reference must be 0-64 printable ASCII characters");
    }
    req->text = std::string(text);
    req->signed_body = std::move(env->signed_body);
    std::copy(env->signature.begin(), env->signature.end(), req->signature.begin());
    return req;
}

std::optional<Error> verify_request_signature(const SignedRequest& r, const PublicKey& device) {
    if (!crypto::verify(device, kRequestContext, bytes_of(r.signed_body), r.signed_body.size(),
                        r.signature))
        return make_error(Reason::request_bad_signature,
                          "the request is not signed by the enrolled device key");
    return std::nullopt;
}

std::string format_login_request(const LoginRequest& l) {
    return format_login_json(l);
}
std::string format_query_request(const QueryRequest& q) {
    return format_query_json(q);
}

std::string sign_request(std::string_view body_json, const SecretKey& device_key) {
    auto sig = crypto::sign(device_key, kRequestContext, bytes_of(body_json), body_json.size());
    return format_signed_envelope(kRequestType, std::nullopt, body_json,
                                  Bytes(sig.begin(), sig.end()));
}

Bytes request_signing_input(std::string_view body_json) {
    Bytes m(kRequestContext.begin(), kRequestContext.end());
    m.push_back(0x00);
    m.insert(m.end(), body_json.begin(), body_json.end());
    return m;
}

std::string format_signed_request(std::string_view body_json,
                                  const std::array<std::uint8_t, kSignatureSize>& signature) {
    return format_signed_envelope(kRequestType, std::nullopt, body_json,
                                  Bytes(signature.begin(), signature.end()));
}

// ---- Sessions (§12.6) ------------------------------------------------------------------------

Result<Session> verify_session(std::string_view token, const PublicKey& session_key, UnixTime at) {
    constexpr Reason kBad = Reason::session_malformed;
    auto env = parse_signed_envelope(token, kSessionType, kBad, false);
    if (!env) return env.error();
    auto claims = parse_session_claims_json(env->signed_body);
    if (!claims) return claims.error();
    if (!valid_phone(claims->phone)) return make_error(kBad, "session claims.phone is not E.164");
    UnixTime length = claims->expires_at - claims->issued_at;
    if (length <= 0 || length > kMaxSessionSeconds)
        return make_error(kBad, "a session lasts more than 0 s and at most 8 h");
    if (!crypto::verify(session_key, kSessionContext, bytes_of(env->signed_body),
                        env->signed_body.size(), to_signature(env->signature)))
        return make_error(Reason::session_bad_signature,
                          "the session is not signed by this service's session key");
    if (at >= claims->expires_at || at < claims->issued_at - kRequestWindow)
        return make_error(Reason::session_expired,
                          "the session was valid until " + format_time(claims->expires_at));
    Session s;
    s.claims_ = std::move(*claims);
    return s;
}

Result<VerifiedQuery> verify_session_query(std::string_view token, std::string_view request,
                                           const PublicKey& session_key, UnixTime at) {
    auto session = verify_session(token, session_key, at);
    if (!session) return session.error();
    auto req = parse_signed_request(request);
    if (!req) return req.error();
    if (!req->query) return make_error(Reason::request_malformed, "a login is not a query");
    if (auto e = verify_request_signature(*req, session->claims().device_key)) return *e;
    if (req->query->session != session->claims().session)
        return make_error(Reason::session_mismatch, "the query names another session");
    return VerifiedQuery{std::move(*session), std::move(*req)};
}

Result<SessionClaims> read_session_claims(std::string_view token) {
    auto env = parse_signed_envelope(token, kSessionType, Reason::session_malformed, false);
    if (!env) return env.error();
    return parse_session_claims_json(env->signed_body);
}

std::string sign_session(const SessionClaims& claims, const SecretKey& session_key) {
    std::string body = format_session_claims_json(claims);
    auto sig = crypto::sign(session_key, kSessionContext, bytes_of(body), body.size());
    return format_signed_envelope(kSessionType, std::nullopt, body, Bytes(sig.begin(), sig.end()));
}

// ---- Audit records (§12.7) -------------------------------------------------------------------

Bytes audit_entry(const AuditRecord& record) {
    std::string json = format_audit_record_json(record);
    Bytes e(1 + json.size(), kAuditEntry);
    std::copy(json.begin(), json.end(), e.begin() + 1);
    return e;
}

Result<AuditRecord> parse_audit_entry(const Bytes& entry) {
    if (entry.empty() || entry[0] != kAuditEntry)
        return make_error(Reason::request_malformed, "not an audit entry (first byte 0x03)");
    return parse_audit_record_json(
        std::string_view(reinterpret_cast<const char*>(entry.data()) + 1, entry.size() - 1));
}

}  // namespace traceseal
