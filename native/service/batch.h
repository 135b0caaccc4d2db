// Signed batches (FORMAT.md §11.2): the envelope a till posts, the batch inside it, the receipt
// the registry answers, and the submission key file (§11.1) the till signs with. The only file of
// the service that touches nlohmann.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry.h"
#include "traceseal/traceseal.h"

namespace traceseal::service {

inline constexpr std::string_view kBatchContext = "traceseal-batch-v1";
inline constexpr std::string_view kBatchHashContext = "traceseal-batch-hash-v1";
inline constexpr std::size_t kMaxBatchSteps = 1000;
inline constexpr std::size_t kMaxStepCodes = 1000;
inline constexpr std::size_t kMaxBatchCodes = 10000;
inline constexpr UnixTime kMaxEventAhead = 300;  // seconds an event time may lead the receipt

// Parsed, not yet verified: what the signature covers is `signed_text`, exactly as received.
struct BatchEnvelope {
    Bytes certificate;
    std::string signed_text;
    std::array<std::uint8_t, kSignatureSize> signature{};
};

struct BatchStep {
    LifecycleEvent event = LifecycleEvent::activate;
    std::vector<std::string> codes;  // activate .. void
    std::optional<std::size_t> received;
    std::string old_code, new_code;  // reissue, replace
    registry::EventInfo info;        // info.time is the event time
};

struct Batch {
    std::string batch_id;
    std::uint16_t operator_id = 0;
    UnixTime created_at = 0;
    std::vector<BatchStep> steps;
};

struct SubmissionKey {
    std::uint16_t operator_id = 0;
    std::string key_id;
    KeyPair key;
    Bytes certificate;
    std::string comment;
};

// §11.2 rule 1: request_malformed.
Result<BatchEnvelope> parse_batch_envelope(std::string_view body);
// Ed25519 under `pk` over "traceseal-batch-v1" || 0x00 || signed_text.
bool verify_batch_signature(const BatchEnvelope& e, const PublicKey& pk);
// §11.2 rule 5 (structure and values; `received_at` bounds the event times): batch_malformed.
Result<Batch> parse_batch(std::string_view signed_text, UnixTime received_at);
std::string batch_hash(std::string_view signed_text);  // 64 hex

// The till's side: the batch JSON text and the envelope around it.
std::string format_batch(const Batch& b);
std::string sign_batch(const std::string& signed_text, const SubmissionKey& key);

std::string format_receipt(const Batch& b, const std::string& key_id, const std::string& hash,
                           UnixTime received_at, const std::vector<registry::Event>& events);
// The events of a receipt (the CLI prints them); server_response_invalid when it is not one.
Result<std::vector<registry::Event>> parse_receipt_events(std::string_view receipt);
// A problem+json body's reason and detail; nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> parse_problem(std::string_view body);
std::string format_problem(int status, Reason reason, const std::string& detail);

// §11.1 key files; key_file_malformed.
Result<SubmissionKey> parse_submission_key_file(std::string_view text);
std::string format_submission_key_file(const SubmissionKey& key);

// Small JSON answers of the other endpoints, built here so nlohmann stays in this file.
std::string json_object(const std::vector<std::pair<std::string, std::string>>& strings,
                        const std::vector<std::pair<std::string, std::int64_t>>& numbers = {});
// {"revocation": "<hex>"} -> bytes; request_malformed.
Result<Bytes> parse_revocation_request(std::string_view body);

}  // namespace traceseal::service
