// Submission keys (FORMAT.md §11.1): the certificate by which an operator's issuing key delegates
// a till's Ed25519 key, its revocation, and the checks the registry makes on both at a receipt
// time. Pure: bytes, a trust list and a time in; values out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal::service {

inline constexpr std::string_view kSubmissionKeyContext = "traceseal-submission-key-v1";
inline constexpr std::string_view kSubmissionRevocationContext =
    "traceseal-submission-revocation-v1";
inline constexpr std::string_view kSubmissionKeyIdContext = "traceseal-submission-key-id";
inline constexpr std::size_t kSubmissionCertificateSize = 121;
inline constexpr std::size_t kSubmissionRevocationSize = 89;

struct SubmissionCertificateBody {
    std::uint16_t operator_id = 0;
    std::uint16_t issuing_key_id = 0;
    UnixTime not_before = 0, not_after = 0;
    PublicKey public_key;
};

struct SubmissionRevocationBody {
    std::uint16_t operator_id = 0;
    std::uint16_t issuing_key_id = 0;
    std::string submission_key_id;  // 16 hex
    UnixTime revoked_at = 0;
};

// hex(BLAKE2b-256("traceseal-submission-key-id" || 0x00 || pk)[0..8]).
std::string submission_key_id(const PublicKey& pk);

Bytes sign_submission_certificate(const SubmissionCertificateBody& body, const SecretKey& issuing);
Bytes sign_submission_revocation(const SubmissionRevocationBody& body, const SecretKey& issuing);

// Structure only (§11.1 rule 1): submission_certificate_malformed.
Result<SubmissionCertificateBody> parse_submission_certificate(const Bytes& cert);
Result<SubmissionRevocationBody> parse_submission_revocation(const Bytes& rev);

// §11.1 rules 1-6 at receipt time `at` (rule 7, the registry's revocations, is the caller's).
Result<SubmissionCertificateBody> verify_submission_certificate(const Bytes& cert,
                                                                const TrustListBody& trust,
                                                                UnixTime at);
// Rules 1-5 for a revocation statement.
Result<SubmissionRevocationBody> verify_submission_revocation(const Bytes& rev,
                                                              const TrustListBody& trust);

// The status code FORMAT.md §11.3 gives a reason (500 for reasons that are not the service's).
int http_status_for(Reason reason);

}  // namespace traceseal::service
