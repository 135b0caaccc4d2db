// Enrolment, one-time codes, logins and query checks (FORMAT.md §12.2–§12.6).
#include "inspector_service.h"

namespace traceseal::inspector {

InspectorService::InspectorService(ServiceConfig config, InspectorStore& store, SmsSender& sms)
    : config_(std::move(config)), store_(store), sms_(sms) {}

std::string InspectorService::random_hex(std::size_t bytes) {
    Bytes b(bytes);
    config_.random(b.data(), b.size());
    return to_hex(b.data(), b.size());
}

Result<InspectorCertificate> InspectorService::enrol(std::string_view certificate) {
    auto c = verify_inspector_certificate(certificate, *config_.trust, now());
    if (!c) return c.error();
    if (auto e = store_.put_enrolment(c->body().phone, c->text()))
        return make_error(Reason::store_failed, *e);
    return c;
}

// The key of the code hashes: made from the service's randomness the first time, then stored.
Result<Key32> InspectorService::otp_key() {
    if (otp_key_) return *otp_key_;
    Key32 candidate{};
    config_.random(candidate.data(), candidate.size());
    auto k = store_.otp_key(candidate);
    if (k) otp_key_ = *k;
    return k;
}

// The enrolled certificate of `phone`, still valid now under the current trust list.
Result<InspectorCertificate> InspectorService::enrolled(const std::string& phone) {
    auto text = store_.enrolment(phone);
    if (!text) return make_error(Reason::login_code_invalid, "no code was sent to " + phone);
    return verify_inspector_certificate(*text, *config_.trust, now());
}

std::optional<Error> InspectorService::request_code(const std::string& phone,
                                                    UnixTime* retry_after) {
    if (!valid_phone(phone)) return make_error(Reason::request_malformed, "phone is not E.164");
    const UnixTime t = now();
    bool known = enrolled(phone).has_value();
    std::string code;
    auto otp = otp_key();
    if (!otp) return otp.error();
    bool locked = false, limited = false;
    auto st = store_.update_login(phone, [&](LoginState& s) {
        if (s.locked_until > t) {
            locked = true;
            return s;
        }
        if (s.locked_until) {  // the lock has run out: tries start again (the window stays)
            LoginState fresh;
            fresh.requests_since = s.requests_since;
            fresh.requests = s.requests;
            s = fresh;
        }
        // The rate limit counts every number's requests, enrolled or not (§12.4).
        if (s.requests == 0 || t >= s.requests_since + kCodeRequestWindow) {
            s.requests_since = t;
            s.requests = 0;
        }
        if (s.requests >= kCodeRequestsPerWindow) {
            limited = true;
            return s;
        }
        ++s.requests;
        if (!known) return s;
        code = login_code_from([this] {
            std::uint8_t b[4];
            config_.random(b, 4);
            return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                   std::uint32_t{b[2]} << 8 | b[3];
        });
        s.code_hash = login_code_hash(*otp, phone, code);
        s.code_expires_at = t + kLoginCodeSeconds;
        return s;
    });
    if (!st) return st.error();
    if (locked)
        return make_error(Reason::login_locked,
                          phone + " is locked until " + format_time(st->locked_until));
    if (limited) {
        const UnixTime left = st->requests_since + kCodeRequestWindow - t;
        if (retry_after) *retry_after = left;
        return make_error(Reason::login_rate_limited,
                          std::to_string(kCodeRequestsPerWindow) + " codes per " +
                              std::to_string(kCodeRequestWindow) + " s for " + phone +
                              ": try again in " + std::to_string(left) + " s");
    }
    if (!known) return std::nullopt;  // the same answer as for an enrolled number
    if (auto e = sms_.send(phone, login_code_message(code)))
        return make_error(Reason::store_failed, *e);
    return std::nullopt;
}

// §12.5: the time window, then the nonce (recorded only for requests signed by the device).
std::optional<Error> InspectorService::check_fresh(const SignedRequest& r,
                                                   const PublicKey& device) {
    const UnixTime t = now(), at = r.time();
    if (at > t + kRequestWindow || at < t - kRequestWindow)
        return make_error(Reason::request_stale,
                          "request time " + format_time(at) + ", service time " + format_time(t));
    auto fresh = store_.remember_nonce(device, r.nonce(), t, t + kNonceMemory);
    if (!fresh) return fresh.error();
    if (!*fresh) return make_error(Reason::request_replayed, "nonce " + r.nonce() + " seen before");
    return std::nullopt;
}

Result<std::string> InspectorService::login(std::string_view signed_login) {
    auto req = parse_signed_request(signed_login);
    if (!req) return req.error();
    if (!req->login) return make_error(Reason::request_malformed, "a query is not a login");
    const LoginRequest& l = *req->login;
    auto cert = enrolled(l.phone);
    if (!cert) return cert.error();
    if (auto e = verify_request_signature(*req, cert->body().device_key)) return *e;
    if (auto e = check_fresh(*req, cert->body().device_key)) return *e;
    const UnixTime t = now();
    auto otp = otp_key();
    if (!otp) return otp.error();
    const Key32 offered = login_code_hash(*otp, l.phone, l.code);
    std::optional<Reason> refused;
    auto st = store_.update_login(l.phone, [&](LoginState& s) {
        if (s.locked_until > t) {
            refused = Reason::login_locked;
        } else if (!s.code_hash) {
            refused = Reason::login_code_invalid;
        } else if (t >= s.code_expires_at) {
            s.code_hash.reset();
            refused = Reason::login_code_expired;
        } else if (equal_in_constant_time(*s.code_hash, offered)) {
            s.code_hash.reset();  // the code is spent, the tries start again (not the window)
            s.code_expires_at = 0;
            s.wrong_tries = 0;
            s.locked_until = 0;
        } else if (++s.wrong_tries >= kLoginMaxTries) {
            s.code_hash.reset();
            s.locked_until = t + kLoginLockSeconds;
            refused = Reason::login_locked;
        } else {
            refused = Reason::login_code_invalid;
        }
        return s;
    });
    if (!st) return st.error();
    if (refused) {
        if (*refused == Reason::login_locked)
            return make_error(*refused,
                              l.phone + " is locked until " + format_time(st->locked_until));
        if (*refused == Reason::login_code_expired)
            return make_error(*refused,
                              "the code was valid until " + format_time(st->code_expires_at));
        return make_error(*refused, std::to_string(kLoginMaxTries - st->wrong_tries) +
                                        " tries left before the number is locked");
    }
    const InspectorCertificateBody& b = cert->body();
    SessionClaims c;
    c.session = random_hex(16);
    c.phone = b.phone;
    c.role = b.role;
    c.agency = b.agency;
    c.device_key = b.device_key;
    c.inspector_key = b.inspector_key;
    c.issued_at = t;
    c.expires_at = std::min(t + kMaxSessionSeconds, b.not_after);
    return sign_session(c, config_.session_key.secret_key);
}

Result<AuthorizedQuery> InspectorService::authorize_query(std::string_view token,
                                                          std::string_view request) {
    auto v = verify_session_query(token, request, session_public_key(), now());
    if (!v) return v.error();
    const SessionClaims& c = v->session.claims();
    const QueryRequest& q = *v->request.query;
    // The enrolment must still be this device's (a re-enrolment or an expired certificate ends
    // the sessions of the old one).
    auto cert = enrolled(c.phone);
    if (!cert || !(cert->body().device_key == c.device_key))
        return make_error(Reason::session_expired,
                          "the inspector is no longer enrolled with this device");
    if (auto e = check_fresh(v->request, c.device_key)) return *e;
    if (case_reference_required(c.role) && q.case_reference.empty())
        return make_error(Reason::case_reference_required,
                          std::string(to_string(c.role)) + " queries need a case reference");
    return AuthorizedQuery{c, q, v->request.text};
}

}  // namespace traceseal::inspector
