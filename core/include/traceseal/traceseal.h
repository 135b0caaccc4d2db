// The whole public API of the TraceSeal core: code texts, keys, trust lists, verification.
// Pure: bytes and text in, values out; no files, clock, randomness or globals (time and
// randomness are parameters). The layouts are normative in docs/FORMAT.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/reason.h"
#include "traceseal/result.h"

namespace traceseal {

using Bytes = std::vector<std::uint8_t>;
using UnixTime = std::int64_t;  // seconds since 1970-01-01T00:00:00Z

// ---- Spec constants (FORMAT.md) -------------------------------------------------------------
inline constexpr std::uint8_t kCodeVersion = 1;
inline constexpr std::size_t kPayloadSize = 23;   // §3.1
inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kTokenLength = 131;  // base41 of 87 bytes, §3.2
inline constexpr std::size_t kMaxPrefixLength = 23;
inline constexpr std::size_t kMaxCodeTextLength = 4096;
inline constexpr std::string_view kCodeContext = "traceseal-code-v1";
inline constexpr std::string_view kTrustListContext = "traceseal-trust-list-v1";

// ---- Time (UTC, RFC 3339 subset; §2) --------------------------------------------------------
// Accepts "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDTHH:MM:SSZ".
Result<UnixTime> parse_time(std::string_view text);
std::string format_time(UnixTime t);        // "YYYY-MM-DDTHH:MM:SSZ"
std::string format_day(std::uint16_t day);  // days since 1970-01-01 -> "YYYY-MM-DD"
std::int64_t day_of(UnixTime t);            // floor(t / 86400)

// ---- Keys (Ed25519, libsodium) --------------------------------------------------------------
struct PublicKey {
    std::array<std::uint8_t, 32> bytes{};
    bool operator==(const PublicKey& o) const { return bytes == o.bytes; }
};
struct SecretKey {
    std::array<std::uint8_t, 64> bytes{};  // libsodium layout: seed || public key
};
struct KeyPair {
    PublicKey public_key;
    SecretKey secret_key;
};
using Seed = std::array<std::uint8_t, 32>;

KeyPair keypair_from_seed(const Seed& seed);
// Plain RFC 8032 Ed25519 verification (no context), as libsodium does it: rejects non-canonical
// S, small-order and non-canonical keys and R. For the crypto vectors (ed25519_v1.json).
bool ed25519_verify(const PublicKey& pk, const Bytes& message,
                    const std::array<std::uint8_t, kSignatureSize>& signature);
// Root key id: hex of the first 8 bytes of BLAKE2b-256("traceseal-root-key-id" || pk), §4.1.
std::string root_key_id(const PublicKey& pk);
// Deterministic bytes for demos and vectors: BLAKE2b-512(key=label, msg=seed) truncated.
Bytes derive_bytes(std::string_view label, std::uint64_t seed, std::size_t n);

std::string to_hex(const std::uint8_t* data, std::size_t n);
Result<Bytes> from_hex(std::string_view hex);  // lowercase only

// Key files (§4.2): JSON documents. Secret key files are written by the CLI with mode 0600.
enum class KeyRole { root, issuing };
struct KeyFile {
    KeyRole role;
    std::uint16_t key_id = 0;  // issuing keys only
    PublicKey public_key;
    std::optional<SecretKey> secret_key;
};
std::string format_public_key_file(const KeyFile& key);
std::string format_secret_key_file(const KeyFile& key);
Result<KeyFile> parse_key_file(std::string_view text);  // reason key_file_malformed

// ---- Trust list (§4) ------------------------------------------------------------------------
struct Operator {
    std::uint16_t id = 0;
    std::string name_en, name_zh;
};
struct Category {
    std::uint16_t id = 0;
    std::string name_en, name_zh;
};
struct SegmentRange {
    std::uint32_t first = 0, last = 0;  // inclusive
};
struct IssuingKey {
    std::uint16_t key_id = 0;
    std::uint16_t operator_id = 0;
    PublicKey public_key;
    std::vector<SegmentRange> segments;
    UnixTime not_before = 0, not_after = 0;
};
struct RevokedKey {
    std::uint16_t key_id = 0;
    PublicKey public_key;
    UnixTime revoked_at = 0;
    std::string reason;
};
struct TrustListBody {
    std::uint64_t sequence = 0;
    UnixTime issued_at = 0, expires_at = 0;
    std::string authority;
    std::string label_prefix;
    std::vector<Operator> operators;
    std::vector<Category> categories;
    std::vector<IssuingKey> issuing_keys;
    std::vector<RevokedKey> revoked_keys;

    const IssuingKey* find_key(std::uint16_t key_id) const;
    const RevokedKey* find_revoked(std::uint16_t key_id) const;
    const Operator* find_operator(std::uint16_t id) const;
    const Category* find_category(std::uint16_t id) const;
};

// Parses and checks a body (the JSON text that the root signs). Unverified: for building lists.
Result<TrustListBody> parse_trust_list_body(std::string_view body_json);
std::string format_trust_list_body(const TrustListBody& body);
// Signs body_json (exact bytes) and wraps it in the envelope of §4.4.
std::string sign_trust_list(std::string_view body_json, const KeyPair& root);

// A trust list whose signature by the pinned root has been checked. Only verify_trust_list
// makes one.
class TrustList {
public:
    const TrustListBody& body() const { return body_; }
    const std::string& signed_body() const { return signed_body_; }
    const std::string& root_key_id() const { return root_key_id_; }

private:
    friend Result<TrustList> verify_trust_list(std::string_view envelope, const PublicKey& root);
    TrustList() = default;
    TrustListBody body_;
    std::string signed_body_;
    std::string root_key_id_;
};
Result<TrustList> verify_trust_list(std::string_view envelope, const PublicKey& root);
// §4.6: may `candidate` replace `current`? Refuses older (trust_list_rollback) and
// same-sequence-different-bytes (trust_list_conflict).
Result<TrustList> accept_trust_list_update(const TrustList& current, TrustList candidate);

// ---- Codes (§3) -----------------------------------------------------------------------------
struct CodeFields {
    std::uint8_t version = kCodeVersion;
    std::uint16_t key_id = 0;
    std::uint16_t operator_id = 0;
    std::uint16_t category = 0;
    std::uint16_t issue_day = 0;  // days since 1970-01-01 UTC
    std::uint32_t segment = 0;    // 24 bits
    std::uint32_t serial = 0;     // 24 bits
    std::array<std::uint8_t, 8> nonce{};
    bool operator==(const CodeFields& o) const;
};
// The human-readable code number printed on labels: "SSSSSSSS-NNNNNNNN" (§3.4).
std::string format_code_number(const CodeFields& fields);

Bytes encode_payload(const CodeFields& fields);
std::string encode_base41(const Bytes& bytes);
Result<Bytes> decode_base41(std::string_view text);

// Issuer side: prefix || base41(payload || Ed25519(sk, context || 0x00 || payload)).
std::string mint_code_text(const CodeFields& fields, const SecretKey& sk, std::string_view prefix);

// A code text split and decoded, signature NOT checked: fields are claims only.
struct UnverifiedCode {
    std::string prefix;
    std::string token;
    Bytes payload;  // exact bytes that were signed
    std::array<std::uint8_t, kSignatureSize> signature{};
    CodeFields fields;
};
// Reasons: not_traceseal_code, token_bad_character, token_bad_length, token_non_canonical,
// unsupported_version (§3.5). `trusted_prefix` decides what counts as a TraceSeal code at all.
Result<UnverifiedCode> parse_code_text(std::string_view text, std::string_view trusted_prefix);

class VerifiedCode {
public:
    const CodeFields& fields() const { return fields_; }
    const IssuingKey& key() const { return key_; }

private:
    friend Result<VerifiedCode> verify_code(const UnverifiedCode&, const TrustList&, UnixTime);
    VerifiedCode() = default;
    CodeFields fields_;
    IssuingKey key_;
};
// §5: prefix, key lookup, revocation, signature, then the key's authority over the payload.
Result<VerifiedCode> verify_code(const UnverifiedCode& code, const TrustList& trust, UnixTime at);

// ---- Assessment: what every front end shows (§6) --------------------------------------------
struct Assessment {
    Verdict verdict = Verdict::no_code;
    std::vector<Reason> reasons;        // empty for genuine
    std::string text;                   // the code text as read
    std::optional<CodeFields> fields;   // decoded claims (verified only if genuine/warning)
    std::string operator_name_en, operator_name_zh, category_name_en, category_name_zh;
};
Assessment assess_text(std::string_view text, const TrustList& trust, UnixTime at);
Assessment no_code_assessment();
// One JSON object (no newline) in the form of `traceseal verify --json` (§6.2).
// extra_members: a JSON object whose members are added (e.g. an image outline); may be empty.
std::string assessment_to_json(const Assessment& a, std::string_view input,
                               std::string_view extra_members = {});

}  // namespace traceseal
