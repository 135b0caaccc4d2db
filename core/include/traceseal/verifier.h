// The verifier's API of the TraceSeal core: code texts, keys, trust lists, status snapshots,
// provenance bundles and the assessment every front end shows. What issuers need to sign and
// build is in traceseal/issuer.h; traceseal/traceseal.h includes both and the verifier state.
// Pure: bytes and text in, values out; no files, clock, randomness or globals (time and
// randomness are parameters). The layouts are normative in docs/FORMAT.md.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/reason.h"
#include "traceseal/result.h"
#include "traceseal/tlog.h"

namespace traceseal {

using Bytes = std::vector<std::uint8_t>;
using UnixTime = std::int64_t;  // seconds since 1970-01-01T00:00:00Z

// ---- Spec constants (FORMAT.md) -------------------------------------------------------------
inline constexpr std::uint8_t kCodeVersion = 1;
inline constexpr std::size_t kPayloadSize = 23;  // §3.1
inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kTokenLength = 131;  // base41 of 87 bytes, §3.2
inline constexpr std::size_t kMaxPrefixLength = 23;
inline constexpr std::size_t kMaxCodeTextLength = 4096;
inline constexpr std::string_view kCodeContext = "traceseal-code-v1";
inline constexpr std::string_view kTrustListContext = "traceseal-trust-list-v1";
inline constexpr std::int64_t kMaxTrustListVersion = 2;  // §4.3: 2 may name logs (§10.9)
// §4.3 status_max_age: how long a status snapshot is used after its issued_at (§9.4).
inline constexpr std::uint64_t kDefaultStatusMaxAge = 72 * 3600;
inline constexpr std::uint64_t kMinStatusMaxAge = 3600, kMaxStatusMaxAge = 90 * 86400;

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

// Plain RFC 8032 Ed25519 verification (no context), as libsodium does it: rejects non-canonical
// S, small-order and non-canonical keys and R. For the crypto vectors (ed25519_v1.json).
bool ed25519_verify(const PublicKey& pk, const Bytes& message,
                    const std::array<std::uint8_t, kSignatureSize>& signature);
// Root key id: hex of the first 8 bytes of BLAKE2b-256("traceseal-root-key-id" || pk), §4.1.
std::string root_key_id(const PublicKey& pk);

std::string to_hex(const std::uint8_t* data, std::size_t n);
Result<Bytes> from_hex(std::string_view hex);  // lowercase only

// Key files (§4.2): JSON documents. Secret key files are written by the CLI with mode 0600.
enum class KeyRole { root, issuing, agency, device, service };  // agency, device, service: §12
struct KeyFile {
    KeyRole role;
    std::uint16_t key_id = 0;  // issuing keys; agency keys: the agency id (§12.1)
    PublicKey public_key;
    std::optional<SecretKey> secret_key;
};
std::string format_public_key_file(const KeyFile& key);
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
// §4.3 member `logs` (version-2 lists), §10.9: a transparency log, its witnesses and quorum.
struct TrustedLog {
    std::uint16_t operator_id = 0;  // whose issuing-key segments its bundles may speak for
    tlog::LogPolicy policy;         // origin, log vkey (type 0x01), witness vkeys (0x04), quorum
};
// §12.1: the agencies whose keys enrol inspectors, each with one role.
enum class InspectorRole : std::uint8_t { customs, police, market_regulator };
std::string_view to_string(InspectorRole role);
std::optional<InspectorRole> parse_inspector_role(std::string_view word);
struct Agency {
    std::uint16_t id = 0;
    InspectorRole role = InspectorRole::customs;
    std::string name_en, name_zh;
    PublicKey public_key;
};
struct TrustListBody {
    std::uint8_t version = 1;  // 2: may name logs (§4.3)
    std::uint64_t sequence = 0;
    UnixTime issued_at = 0, expires_at = 0;
    std::string authority;
    std::string label_prefix;
    std::vector<Operator> operators;
    std::vector<Category> categories;
    std::vector<IssuingKey> issuing_keys;
    std::vector<RevokedKey> revoked_keys;
    std::uint64_t status_max_age = kDefaultStatusMaxAge;  // seconds; optional member
    std::vector<TrustedLog> logs;                         // version 2 only; optional member
    std::vector<Agency> agencies;                         // §12.1, optional member

    const IssuingKey* find_key(std::uint16_t key_id) const;
    const RevokedKey* find_revoked(std::uint16_t key_id) const;
    const Operator* find_operator(std::uint16_t id) const;
    const Category* find_category(std::uint16_t id) const;
    const TrustedLog* find_log(std::string_view origin) const;
    // The segment ranges of the operator's issuing keys: what its log may speak for (§10.13).
    std::vector<tlog::SegmentSpan> operator_segments(std::uint16_t operator_id) const;
    const Agency* find_agency(std::uint16_t id) const;
};

// A trust list whose signature by the pinned root has been checked. Only verify_trust_list
// makes one.
class TrustList {
  public:
    const TrustListBody& body() const { return body_; }
    const std::string& signed_body() const { return signed_body_; }
    const std::string& root_key_id() const { return root_key_id_; }
    // The pinned root it was verified under (status snapshots are checked under it too, §9.4).
    const PublicKey& root_key() const { return root_key_; }

  private:
    friend Result<TrustList> verify_trust_list(std::string_view envelope, const PublicKey& root);
    TrustList() = default;
    TrustListBody body_;
    std::string signed_body_;
    std::string root_key_id_;
    PublicKey root_key_;
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

// ---- Lifecycle: states, transitions, segment certificates, status snapshots (§9) -------------
inline constexpr std::string_view kSegmentContext = "traceseal-segment-v1";
inline constexpr std::string_view kStatusContext = "traceseal-status-v1";
inline constexpr std::size_t kSegmentCertificateSize = 96;  // §9.2

// §9.1, numbered as in the snapshot encoding.
enum class CodeState : std::uint8_t {
    issued,
    activated,
    sold,
    picked_up,
    unbound,
    voided,
    superseded
};
enum class LifecycleEvent {
    activate,
    sell,
    pickup,
    unbind,
    void_,
    reissue,
    replace
};                                                                    // void_: "void"
enum class ScanContext { consumer, inspector_shop, inspector_port };  // §9.5
std::string_view to_string(CodeState s);
std::string_view to_string(LifecycleEvent e);
std::string_view to_string(ScanContext c);
std::optional<CodeState> parse_code_state(std::string_view word);
std::optional<LifecycleEvent> parse_lifecycle_event(std::string_view word);
std::optional<ScanContext> parse_scan_context(std::string_view word);
// Plain-language state for front ends: "sold (not yet picked up)" / "已售出（尚未提货）".
std::string_view message(CodeState s, Lang lang);

struct SegmentCertificateBody {
    std::uint16_t operator_id = 0;
    std::uint32_t segment = 0, first = 0, last = 0;  // u24, first <= last
    UnixTime issued_at = 0;
};
class SegmentCertificate {
  public:
    const SegmentCertificateBody& body() const { return body_; }
    const Bytes& bytes() const { return bytes_; }

  private:
    friend Result<SegmentCertificate> verify_segment_certificate(const Bytes&, const PublicKey&);
    SegmentCertificate() = default;
    SegmentCertificateBody body_;
    Bytes bytes_;
};
Result<SegmentCertificate> verify_segment_certificate(const Bytes& cert, const PublicKey& root);

struct SerialRange {
    std::uint32_t first = 0, last = 0;  // inclusive
};

// A status snapshot verified against a trust list and the pinned root (§9.4). Only
// verify_status_snapshot makes one.
class StatusSnapshot {
  public:
    std::uint16_t key_id() const { return key_id_; }
    std::uint64_t sequence() const { return sequence_; }
    UnixTime issued_at() const { return issued_at_; }
    UnixTime valid_until() const { return valid_until_; }
    // §9.4: used until valid_until, and never longer than the trust list's status_max_age after
    // issued_at; past it a code's status is status_stale.
    UnixTime used_until(std::uint64_t status_max_age) const {
        const std::uint64_t max_age = std::min<std::uint64_t>(status_max_age, kMaxStatusMaxAge);
        return std::min<UnixTime>(valid_until_, issued_at_ + static_cast<UnixTime>(max_age));
    }
    const SegmentCertificateBody& certificate() const { return cert_; }
    const Bytes& bytes() const { return bytes_; }
    // Version 2 (§9.3): the log index entry it is bound to and the segment's root in it.
    std::uint8_t version() const { return segment_root_ ? 2 : 1; }
    std::optional<std::uint64_t> covers() const { return covers_; }
    const std::optional<std::array<std::uint8_t, 32>>& segment_root() const {
        return segment_root_;
    }
    // nullopt: the serial is outside the certificate's range.
    std::optional<CodeState> state_of(std::uint32_t serial) const;
    std::uint64_t count(CodeState s) const;  // number of serials in that state

  private:
    friend Result<StatusSnapshot> verify_status_snapshot(const Bytes&, const TrustList&,
                                                         const PublicKey&);
    StatusSnapshot() = default;
    std::uint16_t key_id_ = 0;
    std::uint64_t sequence_ = 0;
    UnixTime issued_at_ = 0, valid_until_ = 0;
    SegmentCertificateBody cert_;
    Bytes bytes_;
    CodeState base_ = CodeState::issued;
    std::vector<std::pair<CodeState, std::vector<SerialRange>>> sets_;
    std::optional<std::uint64_t> covers_;
    std::optional<std::array<std::uint8_t, 32>> segment_root_;
};
Result<StatusSnapshot> verify_status_snapshot(const Bytes& file, const TrustList& trust,
                                              const PublicKey& root);
// §9.4 updates: refuses lower sequence (status_rollback), same sequence other bytes
// (status_conflict). Both must be for the same segment (else status_conflict).
Result<StatusSnapshot> accept_status_update(const StatusSnapshot& current,
                                            StatusSnapshot candidate);

// §9.5 clone rule over a local scan log.
struct Sighting {
    double latitude = 0, longitude = 0;  // degrees
    UnixTime at = 0;
};
double distance_km(const Sighting& a, const Sighting& b);  // haversine, R = 6371 km
bool clone_suspected(const std::vector<Sighting>& prior, const Sighting& here);

// What a verifier knows beyond the trust list: verified snapshots (at most one per segment is
// used: the last given), the scan context and, for inspectors, the code's prior sightings.
struct StatusContext {
    ScanContext context = ScanContext::consumer;
    std::vector<StatusSnapshot> snapshots;
    std::vector<Sighting> prior_sightings;  // of this code, from the local scan log
    std::optional<Sighting> here;
};

// ---- Provenance bundles and log checkpoints (§10) ---------------------------------------------
inline constexpr std::string_view kCheckpointContext = "traceseal-checkpoint-v1";
inline constexpr std::size_t kCheckpointSize = 119;  // §10.2

// X25519 keys of inspectors, for sealed sale and pickup details (libsodium crypto_box).
struct BoxPublicKey {
    std::array<std::uint8_t, 32> bytes{};
};
struct BoxKeyPair {
    BoxPublicKey public_key;
    std::array<std::uint8_t, 32> secret_key{};
};
BoxKeyPair box_keypair_from_secret(const std::array<std::uint8_t, 32>& secret);  // X25519 base mult
// Inspector key files (§10.16): JSON like the key files of §4.2, X25519 keys.
struct InspectorKey {
    BoxPublicKey public_key;
    std::optional<BoxKeyPair> secret;  // secret key files only
};
Result<InspectorKey> parse_inspector_key_file(std::string_view text);  // key_file_malformed
std::optional<Bytes> open_sealed(const BoxKeyPair& recipient, const Bytes& sealed);

struct EventDetails {
    UnixTime time = 0;
    std::string actor, place, reason;
};
bool details_sealed(std::string_view type);  // sell, pickup (§10.3)

struct CheckpointBody {
    std::uint16_t key_id = 0;
    std::uint64_t count = 0;
    std::array<std::uint8_t, 32> head{};
    UnixTime issued_at = 0;
};

// A checkpoint whose signature by an issuing key of the trust list was checked (§10.4 step 2).
class Checkpoint {
  public:
    const CheckpointBody& body() const { return body_; }
    const Bytes& bytes() const { return bytes_; }

  private:
    friend Result<Checkpoint> verify_checkpoint(const Bytes&, const TrustList&);
    Checkpoint() = default;
    CheckpointBody body_;
    Bytes bytes_;
};
Result<Checkpoint> verify_checkpoint(const Bytes& checkpoint, const TrustList& trust);

struct ProvenanceRecord {
    std::uint64_t seq = 0;
    std::string code, type, state, related;
    bool sealed = false;
    std::optional<EventDetails> details;  // unsealed records, or after open_record_details
    Bytes sealed_details;                 // the sealed box (empty if withheld)
    std::array<std::uint8_t, 32> details_hash{};
};
// A bundle verified against the trust list for one code (§10.4). Only verify_provenance makes one.
class Provenance {
  public:
    const Checkpoint& checkpoint() const { return checkpoint_; }
    const std::vector<ProvenanceRecord>& records() const { return records_; }

  private:
    friend Result<Provenance> verify_provenance(const Bytes&, const TrustList&, std::string_view,
                                                const Checkpoint*);
    explicit Provenance(Checkpoint c) : checkpoint_(std::move(c)) {}
    Checkpoint checkpoint_;
    std::vector<ProvenanceRecord> records_;
};
// code_number: "SSSSSSSS-NNNNNNNN", or empty: every code with a record must be complete (a
// segment bundle). held: a checkpoint kept from before (may be null).
Result<Provenance> verify_provenance(const Bytes& bundle, const TrustList& trust,
                                     std::string_view code_number, const Checkpoint* held);
// §10.4: opens a sealed record with the inspector's key and checks it against details_hash.
Result<EventDetails> open_record_details(const ProvenanceRecord& record,
                                         const BoxKeyPair& inspector);

// ---- Assessment: what every front end shows (§6) --------------------------------------------
struct Assessment {
    Verdict verdict = Verdict::no_code;
    std::vector<Reason> reasons;       // empty for genuine
    std::string text;                  // the code text as read
    std::optional<CodeFields> fields;  // decoded claims (verified only if genuine/warning)
    std::string operator_name_en, operator_name_zh, category_name_en, category_name_zh;
    // §9.5: present only when status data covered the code's segment.
    struct StatusStamp {
        std::uint64_t sequence = 0;
        UnixTime issued_at = 0, valid_until = 0;
    };
    std::optional<CodeState> state;
    std::optional<ScanContext> context;
    std::optional<StatusStamp> status;
    // §6.1 display rule, set by the core and read by every front end (never re-derived there).
    // authentic: the signature and trust chain hold and no rule makes the code invalid
    // (verdict genuine or warning): names and fields may be shown as verified.
    // reminder: show 关税未付 禁止倒卖 (resale_reminder) with the result.
    bool authentic = false;
    bool reminder = false;
};
Assessment assess_text(std::string_view text, const TrustList& trust, UnixTime at);
// §5, §6 and the lifecycle rules of §9.5; status may be null (then as the overload above).
Assessment assess_text(std::string_view text, const TrustList& trust, UnixTime at,
                       const StatusContext* status);
Assessment no_code_assessment();
// One JSON object (no newline) in the form of `traceseal verify --json` (§6.2).
// extra_members: a JSON object whose members are added (e.g. an image outline); may be empty.
std::string assessment_to_json(const Assessment& a, std::string_view input,
                               std::string_view extra_members = {});

}  // namespace traceseal
