// The inspector login service (FORMAT.md §12.2–§12.6): enrolment, one-time codes, sessions and
// the checks every query passes. Clock, randomness, storage and the SMS sender are injected, so
// tests drive time and codes; HTTP is inspector_api.h's.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "inspector_store.h"
#include "sms_sender.h"
#include "traceseal/traceseal.h"

namespace traceseal::inspector {

// §12.4's rate limit: code requests per phone number per window.
inline constexpr int kCodeRequestsPerWindow = 5;
inline constexpr UnixTime kCodeRequestWindow = 3600;

using Clock = std::function<UnixTime()>;
using Random = std::function<void(std::uint8_t* out, std::size_t n)>;

struct ServiceConfig {
    const TrustList* trust = nullptr;  // verified; names the agencies (§12.1)
    KeyPair session_key;               // signs session tokens (§12.6)
    Clock clock;
    Random random;
};

// A query that passed §12.5 and §12.6 and the role's rules: what the audit entry records.
struct AuthorizedQuery {
    SessionClaims claims;
    QueryRequest query;
    std::string request_text;  // the signed request, exact bytes
};

class InspectorService {
  public:
    InspectorService(ServiceConfig config, InspectorStore& store, SmsSender& sms);

    // §12.2 at the service's time; replaces an earlier enrolment of the same phone number.
    Result<InspectorCertificate> enrol(std::string_view certificate);
    // §12.4: sends a code to an enrolled number; answers the same for one that is not.
    // login_rate_limited: `retry_after` (if given) is set to the seconds the window has left.
    std::optional<Error> request_code(const std::string& phone, UnixTime* retry_after = nullptr);
    // §12.4–§12.6: a signed login -> a session token.
    Result<std::string> login(std::string_view signed_login);
    // §12.5–§12.6 and §12.3's case reference rule, replay included.
    Result<AuthorizedQuery> authorize_query(std::string_view token, std::string_view request);

    UnixTime now() const { return config_.clock(); }
    const PublicKey& session_public_key() const { return config_.session_key.public_key; }

  private:
    std::optional<Error> check_fresh(const SignedRequest& request, const PublicKey& device);
    Result<InspectorCertificate> enrolled(const std::string& phone);
    std::string random_hex(std::size_t bytes);
    Result<Key32> otp_key();

    ServiceConfig config_;
    InspectorStore& store_;
    SmsSender& sms_;
    std::optional<Key32> otp_key_;
};

}  // namespace traceseal::inspector
