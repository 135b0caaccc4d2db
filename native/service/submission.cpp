// FORMAT.md §11.1 byte layouts and MUST-reject order for submission certificates and revocations.
#include "submission.h"

namespace traceseal::service {
namespace {

constexpr char kCertMagic[4] = {'T', 'S', 'S', 'K'};
constexpr char kRevMagic[4] = {'T', 'S', 'S', 'R'};
constexpr std::size_t kCertBodySize = 57, kRevBodySize = 25;
constexpr std::uint64_t kTimeLimit = std::uint64_t(1) << 62;

void put(Bytes& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get(const Bytes& in, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | in[at + static_cast<std::size_t>(i)];
    return v;
}

Bytes signed_message(std::string_view context, const std::uint8_t* data, std::size_t n) {
    Bytes m(context.begin(), context.end());
    m.push_back(0);
    m.insert(m.end(), data, data + n);
    return m;
}

Bytes sign_body(std::string_view context, Bytes body, const SecretKey& key) {
    auto sig = tlog::ed25519_sign(key.bytes, signed_message(context, body.data(), body.size()));
    body.insert(body.end(), sig.begin(), sig.end());
    return body;
}

bool verify_body(std::string_view context, const Bytes& whole, std::size_t body_size,
                 const PublicKey& pk) {
    std::array<std::uint8_t, kSignatureSize> sig{};
    std::copy(whole.begin() + static_cast<std::ptrdiff_t>(body_size), whole.end(), sig.begin());
    return ed25519_verify(pk, signed_message(context, whole.data(), body_size), sig);
}

// Rules 2-4 of §11.1 (revoked, unknown, another operator's): the issuing key the statement names,
// for the operator it names.
Result<const IssuingKey*> issuing_key_for(const TrustListBody& trust, std::uint16_t key_id,
                                          std::uint16_t operator_id, const char* what) {
    // A revoked key may be listed only in revoked_keys: check it first, so it is never "unknown".
    if (trust.find_revoked(key_id))
        return make_error(
            Reason::submission_key_revoked,
            std::string(what) + " is signed by revoked issuing key " + std::to_string(key_id));
    const IssuingKey* k = trust.find_key(key_id);
    if (!k)
        return make_error(Reason::submission_key_unknown,
                          std::string(what) + " names issuing key " + std::to_string(key_id) +
                              ", which the trust list does not have");
    if (k->operator_id != operator_id)
        return make_error(Reason::submission_not_authorized,
                          std::string(what) + " claims operator " + std::to_string(operator_id) +
                              " but issuing key " + std::to_string(key_id) + " is operator " +
                              std::to_string(k->operator_id) + "'s");
    return k;
}

}  // namespace

std::string submission_key_id(const PublicKey& pk) {
    Bytes b(pk.bytes.begin(), pk.bytes.end());
    auto h = hash256(kSubmissionKeyIdContext, b);
    return to_hex(h.data(), 8);
}

Bytes sign_submission_certificate(const SubmissionCertificateBody& b, const SecretKey& issuing) {
    Bytes body(kCertMagic, kCertMagic + 4);
    body.push_back(1);
    put(body, b.operator_id, 2);
    put(body, b.issuing_key_id, 2);
    put(body, static_cast<std::uint64_t>(b.not_before), 8);
    put(body, static_cast<std::uint64_t>(b.not_after), 8);
    body.insert(body.end(), b.public_key.bytes.begin(), b.public_key.bytes.end());
    return sign_body(kSubmissionKeyContext, std::move(body), issuing);
}

Bytes sign_submission_revocation(const SubmissionRevocationBody& b, const SecretKey& issuing) {
    Bytes body(kRevMagic, kRevMagic + 4);
    body.push_back(1);
    put(body, b.operator_id, 2);
    put(body, b.issuing_key_id, 2);
    auto id = from_hex(b.submission_key_id);
    Bytes id_bytes = id && id->size() == 8 ? *id : Bytes(8, 0);
    body.insert(body.end(), id_bytes.begin(), id_bytes.end());
    put(body, static_cast<std::uint64_t>(b.revoked_at), 8);
    return sign_body(kSubmissionRevocationContext, std::move(body), issuing);
}

Result<SubmissionCertificateBody> parse_submission_certificate(const Bytes& c) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::submission_certificate_malformed,
                          "submission certificate: " + why);
    };
    if (c.size() != kSubmissionCertificateSize)
        return bad(std::to_string(c.size()) + " bytes, not 121");
    if (!std::equal(kCertMagic, kCertMagic + 4, c.begin())) return bad("not a TSSK certificate");
    if (c[4] != 1) return bad("version " + std::to_string(c[4]) + " is not supported");
    SubmissionCertificateBody b;
    b.operator_id = static_cast<std::uint16_t>(get(c, 5, 2));
    b.issuing_key_id = static_cast<std::uint16_t>(get(c, 7, 2));
    std::uint64_t nb = get(c, 9, 8), na = get(c, 17, 8);
    if (nb >= kTimeLimit || na >= kTimeLimit) return bad("a time is out of range");
    if (nb > na) return bad("not_before is after not_after");
    b.not_before = static_cast<UnixTime>(nb);
    b.not_after = static_cast<UnixTime>(na);
    std::copy(c.begin() + 25, c.begin() + 57, b.public_key.bytes.begin());
    return b;
}

Result<SubmissionRevocationBody> parse_submission_revocation(const Bytes& r) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::submission_certificate_malformed,
                          "submission revocation: " + why);
    };
    if (r.size() != kSubmissionRevocationSize)
        return bad(std::to_string(r.size()) + " bytes, not 89");
    if (!std::equal(kRevMagic, kRevMagic + 4, r.begin())) return bad("not a TSSR revocation");
    if (r[4] != 1) return bad("version " + std::to_string(r[4]) + " is not supported");
    SubmissionRevocationBody b;
    b.operator_id = static_cast<std::uint16_t>(get(r, 5, 2));
    b.issuing_key_id = static_cast<std::uint16_t>(get(r, 7, 2));
    b.submission_key_id = to_hex(r.data() + 9, 8);
    std::uint64_t at = get(r, 17, 8);
    if (at >= kTimeLimit) return bad("revoked_at is out of range");
    b.revoked_at = static_cast<UnixTime>(at);
    return b;
}

Result<SubmissionCertificateBody> verify_submission_certificate(const Bytes& cert,
                                                                const TrustListBody& trust,
                                                                UnixTime at) {
    auto b = parse_submission_certificate(cert);
    if (!b) return b.error();
    auto k =
        issuing_key_for(trust, b->issuing_key_id, b->operator_id, "the submission certificate");
    if (!k) return k.error();
    if (!verify_body(kSubmissionKeyContext, cert, kCertBodySize, (*k)->public_key))
        return make_error(Reason::submission_bad_signature,
                          "the submission certificate's signature does not verify under issuing "
                          "key " +
                              std::to_string(b->issuing_key_id));
    if (at < b->not_before || at > b->not_after)
        return make_error(Reason::submission_key_not_valid,
                          "submission key " + submission_key_id(b->public_key) + " is valid " +
                              format_time(b->not_before) + " to " + format_time(b->not_after) +
                              ", not at " + format_time(at));
    if (at < (*k)->not_before || at > (*k)->not_after)
        return make_error(Reason::submission_key_not_valid,
                          "issuing key " + std::to_string(b->issuing_key_id) + " is not valid at " +
                              format_time(at));
    return b;
}

Result<SubmissionRevocationBody> verify_submission_revocation(const Bytes& rev,
                                                              const TrustListBody& trust) {
    auto b = parse_submission_revocation(rev);
    if (!b) return b.error();
    auto k = issuing_key_for(trust, b->issuing_key_id, b->operator_id, "the revocation");
    if (!k) return k.error();
    if (!verify_body(kSubmissionRevocationContext, rev, kRevBodySize, (*k)->public_key))
        return make_error(Reason::submission_bad_signature,
                          "the revocation's signature does not verify under issuing key " +
                              std::to_string(b->issuing_key_id));
    return b;
}

int http_status_for(Reason r) {
    switch (r) {
        case Reason::request_malformed:
            return 400;
        case Reason::submission_certificate_malformed:
        case Reason::submission_key_unknown:
        case Reason::submission_key_revoked:
        case Reason::submission_key_not_valid:
        case Reason::submission_bad_signature:
            return 401;
        case Reason::submission_not_authorized:
            return 403;
        case Reason::resource_not_found:
            return 404;
        case Reason::method_not_allowed:
            return 405;
        case Reason::request_timeout:
            return 408;
        case Reason::batch_conflict:
        case Reason::illegal_transition:
            return 409;
        case Reason::request_too_large:
            return 413;
        case Reason::batch_malformed:
        case Reason::serial_not_allocated:
        case Reason::activation_count_mismatch:
            return 422;
        case Reason::rate_limited:
            return 429;
        case Reason::service_unavailable:
        case Reason::store_failed:
            return 503;
        default:
            return 500;
    }
}

}  // namespace traceseal::service
