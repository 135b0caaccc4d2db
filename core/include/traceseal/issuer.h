// The issuer's API of the TraceSeal core: key generation, signing trust lists, codes, segment
// certificates, status snapshots and checkpoints, building provenance bundles, the registry's
// transition table. Verifiers need only traceseal/verifier.h. Pure, like the rest of the core:
// seeds and randomness are parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceseal/verifier.h"

namespace traceseal {

// ---- Keys --------------------------------------------------------------------------------------
KeyPair keypair_from_seed(const Seed& seed);
// BLAKE2b-256(context || 0x00 || data): the registry's event hash chain (docs/LIFECYCLE.md).
std::array<std::uint8_t, 32> hash256(std::string_view context, const Bytes& data);
// BLAKE2b-256 keyed with a registry secret: the reference writer's salts (FORMAT.md §10.7, §10.11).
std::array<std::uint8_t, 32> keyed_hash256(const std::array<std::uint8_t, 32>& key,
                                           const Bytes& message);
// Deterministic bytes for demos and vectors: BLAKE2b-512(key=label, msg=seed) truncated.
Bytes derive_bytes(std::string_view label, std::uint64_t seed, std::size_t n);
std::string format_secret_key_file(const KeyFile& key);

// ---- Trust lists (§4) --------------------------------------------------------------------------
// Parses and checks a body (the JSON text that the root signs). Unverified: for building lists.
Result<TrustListBody> parse_trust_list_body(std::string_view body_json);
std::string format_trust_list_body(const TrustListBody& body);
// Signs body_json (exact bytes) and wraps it in the envelope of §4.4.
std::string sign_trust_list(std::string_view body_json, const KeyPair& root);

// ---- Codes (§3) --------------------------------------------------------------------------------
// Issuer side: prefix || base41(payload || Ed25519(sk, context || 0x00 || payload)).
std::string mint_code_text(const CodeFields& fields, const SecretKey& sk, std::string_view prefix);

// ---- Lifecycle (§9) ----------------------------------------------------------------------------
// §9.1 transition table: the code's state after `event` (for reissue/replace: the OLD code's,
// i.e. superseded). Anything not in the table is illegal_transition.
Result<CodeState> apply_event(CodeState from, LifecycleEvent event);
// §9.1: the state the NEW code of a reissue/replace takes; it must be `issued` now.
Result<CodeState> successor_state(CodeState old_state, LifecycleEvent event, CodeState new_state);
// Authority side: cert_body || signature, 96 bytes (§9.2).
Bytes sign_segment_certificate(const SegmentCertificateBody& body, const KeyPair& root);
// Issuer side (§9.3): states[i] is the state of serial cert.first + i; there must be exactly
// last - first + 1 of them. The encoder chooses base state, modes and Golomb parameters.
struct StatusPlan {
    std::uint16_t key_id = 0;
    std::uint64_t sequence = 0;
    UnixTime issued_at = 0, valid_until = 0;
    std::vector<CodeState> states;
};
Bytes sign_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                           const SecretKey& key);
// Version 2 (§9.3): bound to the log's index entry at `covers`, whose map leaf for the segment
// has `segment_root`; `plan.states` must be that index's states.
struct StatusLogIndex {
    std::uint64_t covers = 0;
    std::array<std::uint8_t, 32> segment_root{};
};
Bytes sign_status_snapshot(const SegmentCertificate& cert, const StatusPlan& plan,
                           const SecretKey& key, const StatusLogIndex& log_index);
// Signs exact status_body bytes (context traceseal-status-v1): body || signature. For tests and
// vectors that need hand-made bodies; sign_status_snapshot is the encoder.
Bytes sign_status_body(const Bytes& status_body, const SecretKey& key);

// ---- Provenance (§10) --------------------------------------------------------------------------
BoxKeyPair box_keypair_from_seed(const Seed& seed);
// crypto_box_seal with the ephemeral key pair from `ephemeral_seed` (randomness is a parameter).
Bytes seal_to(const BoxPublicKey& recipient, const Bytes& message, const Seed& ephemeral_seed);
std::string format_inspector_key_file(const BoxKeyPair& kp, bool secret);
// One registry event as the log commits to it (§10.1); `salt` comes from the registry's secret.
struct LogEvent {
    std::uint64_t seq = 0;  // 1-based
    std::string code, type, state, related;
    EventDetails details;
    std::array<std::uint8_t, 32> salt{};
};
using LogLeaf = std::array<std::uint8_t, 64>;  // code_hash || body_hash
LogLeaf log_leaf(const LogEvent& e);
// Issuer side: the checkpoint of `log` (events 1..n in order) signed by an issuing key.
Bytes sign_checkpoint(const std::vector<LogEvent>& log, std::uint16_t key_id, UnixTime issued_at,
                      const SecretKey& key);
// The bundle of §10.3 for `codes` over `log`, leaves from `start`; sell/pickup details sealed
// to `inspector` (withheld without one), ephemeral seeds derived from `seal_seed`.
Bytes build_provenance_bundle(const std::vector<LogEvent>& log, const Bytes& checkpoint,
                              const std::vector<std::string>& codes, std::uint64_t start,
                              const std::optional<BoxPublicKey>& inspector, const Seed& seal_seed);

}  // namespace traceseal
