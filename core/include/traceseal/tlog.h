// The transparency log of FORMAT.md §10 v2: RFC 6962 Merkle tree, C2SP signed notes,
// checkpoints, vkeys, cosignature/v1, tlog-tiles paths and the witness's add-checkpoint rules.
// Pure functions over bytes, like transparency-dev/merkle's `proof` package.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/result.h"

namespace traceseal {
using Bytes = std::vector<std::uint8_t>;
struct BoxKeyPair;    // traceseal/verifier.h
struct EventDetails;  // traceseal/verifier.h
}  // namespace traceseal

namespace traceseal::tlog {

using Hash = std::array<std::uint8_t, 32>;

// ---- Spec constants (§10.6–§10.10, C2SP) ----------------------------------------------------
inline constexpr std::size_t kTileWidth = 256;               // tlog-tiles
inline constexpr std::size_t kMaxNoteSize = 16384;           // §10.10 step 1
inline constexpr std::size_t kMaxNoteSignatures = 32;        // signed-note: at least 16
inline constexpr std::size_t kMaxProofHashes = 63;           // tlog-witness, §10.13
inline constexpr std::uint8_t kSigTypeEd25519 = 0x01;        // signed-note
inline constexpr std::uint8_t kSigTypeCosignatureV1 = 0x04;  // tlog-cosignature
inline constexpr std::string_view kCosignatureHeader = "cosignature/v1";
inline constexpr std::uint64_t kMaxTreeSize = (1ULL << 63) - 1;

// ---- RFC 6962 / 9162 §2.1 (merkle.cpp) -------------------------------------------------------
Hash sha256(const std::uint8_t* data, std::size_t n);
Hash leaf_hash(const std::uint8_t* entry, std::size_t n);  // H(0x00 || entry)
inline Hash leaf_hash(const Bytes& entry) {
    return leaf_hash(entry.data(), entry.size());
}
Hash node_hash(const Hash& left, const Hash& right);  // H(0x01 || left || right)
Hash empty_root();                                    // H("")

// Proof hashes arrive as byte strings of any length; a hash that is not 32 bytes is refused.
using Proof = std::vector<Bytes>;

// RFC 9162 §2.1.3.2 (transparency-dev RootFromInclusionProof): inclusion_proof_invalid.
Result<Hash> root_from_inclusion_proof(std::uint64_t index, std::uint64_t size,
                                       const Bytes& leaf_hash, const Proof& proof);
std::optional<Error> verify_inclusion(std::uint64_t index, std::uint64_t size,
                                      const Bytes& leaf_hash, const Proof& proof,
                                      const Bytes& root);
// RFC 9162 §2.1.4.2 (transparency-dev VerifyConsistency): consistency_proof_invalid.
std::optional<Error> verify_consistency(std::uint64_t size1, std::uint64_t size2,
                                        const Proof& proof, const Bytes& root1, const Bytes& root2);

// The hash of any *full* subtree: `level` l, `index` i covers leaves [i·2^l, (i+1)·2^l).
// Writers answer it from tiles (native/log); tests from memory. nullopt: not available.
using SubtreeHash = std::function<std::optional<Hash>(int level, std::uint64_t index)>;
// MTH(D[begin..end)) from full subtrees (RFC 9162 §2.1.1), begin aligned as a subtree start.
std::optional<Hash> range_root(std::uint64_t begin, std::uint64_t end, const SubtreeHash& at);
// RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF from full-subtree hashes.
std::optional<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size,
                                                 const SubtreeHash& at);
std::optional<std::vector<Hash>> consistency_proof(std::uint64_t size1, std::uint64_t size2,
                                                   const SubtreeHash& at);

// The right edge of a tree, O(log N): the roots of its maximal full subtrees, largest first.
class CompactRange {
  public:
    void append(const Hash& leaf);  // a leaf hash
    std::uint64_t size() const { return size_; }
    Hash root() const;  // MTH of everything appended (empty_root() for none)
    // Every full subtree completed by the last append, lowest level first: (level, index, hash).
    struct Completed {
        int level;
        std::uint64_t index;
        Hash hash;
    };
    const std::vector<Completed>& completed() const { return completed_; }
    // Rebuilds from the full-subtree roots of a tree of `size` (left to right).
    static CompactRange from_subtrees(std::uint64_t size, std::vector<Hash> roots);

  private:
    std::uint64_t size_ = 0;
    std::vector<Hash> stack_;  // left to right, one per set bit of size_
    std::vector<Completed> completed_;
};

// ---- base64, RFC 4648 §4, canonical (note.cpp) -----------------------------------------------
std::string base64_encode(const std::uint8_t* data, std::size_t n);
inline std::string base64_encode(const Hash& h) {
    return base64_encode(h.data(), h.size());
}
// nullopt on any non-alphabet character, wrong padding or non-zero unused bits.
std::optional<Bytes> base64_decode(std::string_view text);

// ---- C2SP signed-note, vkeys (note.cpp) -------------------------------------------------------
struct NoteSignature {
    std::string name;
    std::uint32_t key_id = 0;
    Bytes signature;  // after the 4-byte key id
};
// Parsed framing only (signed-note "Format"); nothing verified. note_malformed.
struct Note {
    std::string text;  // the note text, with its final newline
    std::vector<NoteSignature> signatures;
};
Result<Note> parse_note(std::string_view note);
// "— name base64(key id || signature)\n", as parse_note read it.
std::string format_signature_line(const NoteSignature& sig);

// key ID = SHA-256(name || 0x0A || type || public key)[:4], big-endian.
std::uint32_t note_key_id(std::string_view name, std::uint8_t type,
                          const std::array<std::uint8_t, 32>& public_key);
bool valid_key_name(std::string_view name);  // non-empty, no Unicode space, no '+'

struct Vkey {
    std::string name;
    std::uint32_t key_id = 0;
    std::uint8_t type = 0;
    std::array<std::uint8_t, 32> public_key{};
};
// "name+hex8+base64(type || key)"; `type` the one expected (0x01 or 0x04). vkey_malformed.
Result<Vkey> parse_vkey(std::string_view text, std::uint8_t type);
std::string format_vkey(const Vkey& key);
Vkey make_vkey(std::string_view name, std::uint8_t type,
               const std::array<std::uint8_t, 32>& public_key);

// ---- Checkpoints and cosignatures (note.cpp, §10.9–§10.10) -----------------------------------
struct CheckpointBody {
    std::string origin;
    std::uint64_t size = 0;
    Hash root{};
    std::vector<std::string> extensions;
};
// checkpoint_malformed. `require_empty_root`: a size-0 checkpoint must carry H("") (§10.10); the
// witness checks that rule itself, answering 422 as tlog-witness says.
Result<CheckpointBody> parse_checkpoint_text(std::string_view text, bool require_empty_root = true);
std::string format_checkpoint_text(const CheckpointBody& body);

// What the trust list says about one log (§10.9).
struct LogPolicy {
    std::string origin;
    Vkey log_key;                 // type 0x01, name = origin
    std::vector<Vkey> witnesses;  // type 0x04
    std::size_t quorum = 1;
};

// A checkpoint whose log signature and witness quorum were checked. Only verify_checkpoint
// makes one.
class VerifiedCheckpoint {
  public:
    const CheckpointBody& body() const { return body_; }
    const std::string& note() const { return note_; }
    const std::vector<std::string>& witnesses() const { return witnesses_; }  // names, valid

  private:
    friend Result<VerifiedCheckpoint> verify_checkpoint_note(std::string_view, const LogPolicy&);
    friend Result<VerifiedCheckpoint> verify_checkpoint_log_only(std::string_view,
                                                                 const LogPolicy&);
    VerifiedCheckpoint() = default;
    CheckpointBody body_;
    std::string note_;
    std::vector<std::string> witnesses_;
};
// §10.10 steps 1–5, in order.
Result<VerifiedCheckpoint> verify_checkpoint_note(std::string_view note, const LogPolicy& policy);
// §10.10 steps 1–4 (a witness checks the log, not other witnesses).
Result<VerifiedCheckpoint> verify_checkpoint_log_only(std::string_view note,
                                                      const LogPolicy& policy);

// Signers hand back the 64-byte Ed25519 signature of a message (a key file, an HSM later).
using Ed25519Sign = std::function<std::array<std::uint8_t, 64>(const Bytes& message)>;
// Plain RFC 8032 Ed25519 with a libsodium secret key (seed || public key): a key-file signer.
std::array<std::uint8_t, 64> ed25519_sign(const std::array<std::uint8_t, 64>& secret_key,
                                          const Bytes& message);
// "— name base64(id || sig)\n" for the note text, log key (type 0x01).
std::string sign_note_line(std::string_view text, const Vkey& key, const Ed25519Sign& sign);
// The cosignature/v1 message and its signature line (type 0x04).
Bytes cosignature_message(std::string_view text, std::uint64_t timestamp);
std::string cosign_line(std::string_view text, std::uint64_t timestamp, const Vkey& key,
                        const Ed25519Sign& sign);
bool verify_cosignature(std::string_view text, const NoteSignature& sig, const Vkey& key,
                        std::uint64_t* timestamp = nullptr);

// ---- tlog-tiles paths (tlog_tiles.cpp, §10.8) --------------------------------------------------
// "tile/<L>/<N>[.p/<W>]" (width 0 or 256: full); "tile/entries/<N>[.p/<W>]".
std::string tile_path(int level, std::uint64_t index, unsigned width);
std::string entries_path(std::uint64_t index, unsigned width);
// The width of the level-l tile `index` in a tree of `size` (0: no such tile, 256: full).
unsigned tile_width(int level, std::uint64_t index, std::uint64_t size);
// Entry bundle: u16 length || entry, each. Parsing refuses trailing or short data.
Bytes encode_entry_bundle(const std::vector<Bytes>& entries);
std::optional<std::vector<Bytes>> parse_entry_bundle(const Bytes& bundle);

// ---- Entries (tlog_entry.cpp, §10.7) ---------------------------------------------------------
inline constexpr std::uint8_t kEventEntry = 0x01;
inline constexpr std::uint8_t kIndexEntry = 0x02;
inline constexpr std::string_view kEntryContext = "traceseal-entry-v2";
inline constexpr std::string_view kDetailsContext = "traceseal-details-v2";

// One registry event as its commitment opens (§10.7 `event`).
struct Event {
    std::string code_number;  // "SSSSSSSS-NNNNNNNN"
    std::uint64_t prev = 0;   // 0: the code's first event, else 1 + index of its previous entry
    std::string type, state, related;
    Hash details_hash{};
};
Bytes encode_event(const Event& e);
// provenance_malformed: not exactly one `event`, a code number or related code that is not 17
// bytes of digits and a dash, a type or state that is not one of §9.1's words.
Result<Event> parse_event(const Bytes& event);
// H("traceseal-entry-v2" || 0x00 || salt || event)
Hash event_commitment(const Hash& salt, const Bytes& event);
Bytes event_entry(const Hash& commitment);                      // 0x01 || commitment
Bytes index_entry(std::uint64_t covers, const Hash& map_root);  // 0x02 || u64 || root
// details = u64 time || str(actor) || str(place) || str(reason)
Bytes encode_details(std::int64_t time, std::string_view actor, std::string_view place,
                     std::string_view reason);
Hash details_commitment(const Hash& details_salt, const Bytes& details);  // details_hash

// ---- Per-segment index and bundle v2 (bundle_v2.cpp, §10.11–§10.13) --------------------------
struct SerialLeaf {
    std::uint32_t count = 0;
    std::uint64_t last = 0;  // 1 + index of the serial's latest event entry, 0 if none
    std::uint8_t state = 0;  // §9.1 numbering
    Hash salt{};
};
struct MapLeaf {
    std::uint32_t segment = 0, first = 0, last = 0;  // u24
    Hash segment_root{};
};
Bytes encode_serial_leaf(const SerialLeaf& leaf);  // 45 bytes
Bytes encode_map_leaf(const MapLeaf& leaf);        // 41 bytes
// MTH over encoded leaves (each hashed as an RFC 6962 leaf), and an inclusion proof in it.
Hash leaves_root(const std::vector<Bytes>& leaves);
std::vector<Hash> leaves_proof(const std::vector<Bytes>& leaves, std::uint64_t index);

struct BundleEvent {
    std::uint64_t index = 0;
    Hash salt{};
    Bytes event;  // §10.7 `event`, exact bytes
    std::vector<Hash> proof;
    bool sealed = false;
    Bytes details_blob;
};
struct BundleV2 {
    std::string checkpoint;  // the cosigned note
    std::string code_number;
    Hash map_root{};
    std::vector<Hash> index_proof;
    std::uint32_t map_index = 0, map_size = 0;
    MapLeaf map_leaf;
    std::vector<Hash> map_proof;
    SerialLeaf serial_leaf;
    std::vector<Hash> serial_proof;
    std::vector<BundleEvent> events;
    std::uint64_t held_size = 0;
    std::vector<Hash> consistency;
};
Bytes encode_bundle_v2(const BundleV2& bundle);
// §10.13 step 1 only: provenance_malformed / provenance_unsupported_version.
Result<BundleV2> parse_bundle_v2(const Bytes& bytes);

struct SegmentSpan {
    std::uint32_t first = 0, last = 0;  // segments the log's operator may speak for, inclusive
};
// A code's history verified by §10.13. Only verify_bundle_v2 makes one.
class VerifiedHistory {
  public:
    const VerifiedCheckpoint& checkpoint() const { return checkpoint_; }
    const std::vector<Event>& events() const { return events_; }
    const std::vector<std::uint64_t>& indices() const { return indices_; }
    // Event i's details_blob as the bundle carried it (§10.12): clear, sealed, or empty (withheld).
    bool sealed(std::size_t i) const { return sealed_[i]; }
    const Bytes& details_blob(std::size_t i) const { return blobs_[i]; }

  private:
    friend Result<VerifiedHistory> verify_bundle_v2(const Bytes&, const LogPolicy&,
                                                    const std::vector<SegmentSpan>&,
                                                    std::string_view, const VerifiedCheckpoint*);
    explicit VerifiedHistory(VerifiedCheckpoint c) : checkpoint_(std::move(c)) {}
    VerifiedCheckpoint checkpoint_;
    std::vector<Event> events_;
    std::vector<std::uint64_t> indices_;
    std::vector<bool> sealed_;
    std::vector<Bytes> blobs_;
};
// §10.13 in order. `segments`: the issuing-key ranges of the log's operator (trust list);
// `held`: a checkpoint of the same log verified before (may be null).
Result<VerifiedHistory> verify_bundle_v2(const Bytes& bundle, const LogPolicy& policy,
                                         const std::vector<SegmentSpan>& segments,
                                         std::string_view code_number,
                                         const VerifiedCheckpoint* held);
// Event i's details (§10.7): clear ones as verified by step 7; sealed ones opened with the
// inspector's key (may be null) and checked against the event's details_hash. A sealed blob
// without a key, withheld, not for this key or altered is sealed_details_unreadable (§10.13:
// for that event only).
Result<EventDetails> open_event_details(const VerifiedHistory& history, std::size_t i,
                                        const BoxKeyPair* inspector);

// ---- Witness, tlog-witness add-checkpoint (witness.cpp, §10.14) -------------------------------
struct WitnessRecord {
    std::uint64_t size = 0;
    Hash root{};  // empty_root() for size 0
};
struct AddCheckpointRequest {
    std::uint64_t old_size = 0;
    Proof proof;
    std::string checkpoint;  // the note, exact bytes
};
Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body);  // witness_bad_request
std::string format_add_checkpoint(const AddCheckpointRequest& request);
// Steps 1–4: the new record to persist, or why not. `stored` is the record for the policy's
// origin (nullopt: never cosigned). HTTP status of an error: witness_http_status.
Result<WitnessRecord> witness_check(const AddCheckpointRequest& request, const LogPolicy& log,
                                    const std::optional<WitnessRecord>& stored);
int witness_http_status(Reason reason);

}  // namespace traceseal::tlog
