// Verdict classes and stable reason codes (docs/FORMAT.md §7); their words never change.
#pragma once

#include <optional>
#include <string_view>

namespace traceseal {

// The five verdict classes shared by the CLI's JSON, the web page and the viewer.
enum class Verdict { genuine, warning, invalid, foreign, no_code };

// X-macro: name, the verdict class a code assessment with this reason gets (for reasons that
// describe a data file rather than a code, the class says how the CLI treats it: "invalid" =
// the file is refused).
#define TRACESEAL_REASONS(X)                      \
    X(no_code_found, no_code)                     \
    X(not_traceseal_code, foreign)                \
    X(token_bad_character, invalid)               \
    X(token_bad_length, invalid)                  \
    X(token_non_canonical, invalid)               \
    X(unsupported_version, invalid)               \
    X(prefix_not_trusted, invalid)                \
    X(unknown_key, invalid)                       \
    X(key_revoked, invalid)                       \
    X(bad_signature, invalid)                     \
    X(operator_mismatch, invalid)                 \
    X(segment_not_authorized, invalid)            \
    X(key_not_valid_at_issue_date, invalid)       \
    X(issue_date_in_future, invalid)              \
    X(category_not_listed, invalid)               \
    X(trust_list_expired, warning)                \
    X(trust_list_malformed, invalid)              \
    X(trust_list_unsupported_version, invalid)    \
    X(trust_list_wrong_root, invalid)             \
    X(trust_list_bad_signature, invalid)          \
    X(trust_list_invalid_prefix, invalid)         \
    X(trust_list_duplicate_key, invalid)          \
    X(trust_list_segment_conflict, invalid)       \
    X(trust_list_bad_key, invalid)                \
    X(trust_list_rollback, invalid)               \
    X(trust_list_conflict, invalid)               \
    X(key_file_malformed, invalid)                \
    X(time_malformed, invalid)                    \
    X(inspector_certificate_malformed, invalid)   \
    X(inspector_unknown_agency, invalid)          \
    X(inspector_bad_signature, invalid)           \
    X(inspector_role_mismatch, invalid)           \
    X(inspector_certificate_not_valid, invalid)   \
    X(session_malformed, invalid)                 \
    X(session_bad_signature, invalid)             \
    X(session_expired, invalid)                   \
    X(session_mismatch, invalid)                  \
    X(request_bad_signature, invalid)             \
    X(request_stale, invalid)                     \
    X(request_replayed, invalid)                  \
    X(case_reference_required, invalid)           \
    X(login_code_invalid, invalid)                \
    X(login_code_expired, invalid)                \
    X(login_locked, invalid)                      \
    X(login_rate_limited, invalid)                \
    X(audit_failed, invalid)                      \
    X(image_unreadable, invalid)                  \
    X(image_corrupt, invalid)                     \
    X(image_too_large, invalid)                   \
    X(file_unreadable, invalid)                   \
    X(file_too_large, invalid)                    \
    X(not_a_regular_file, invalid)                \
    X(file_write_failed, invalid)                 \
    X(state_malformed, invalid)                   \
    X(image_unsupported, invalid)                 \
    X(image_too_complex, invalid)                 \
    X(serial_not_allocated, invalid)              \
    X(code_voided, invalid)                       \
    X(code_superseded, invalid)                   \
    X(code_not_activated, warning)                \
    X(resale_suspected, warning)                  \
    X(sale_not_recorded, warning)                 \
    X(clone_suspected, warning)                   \
    X(status_stale, warning)                      \
    X(code_number_only, warning)                  \
    X(status_missing, warning)                    \
    X(status_malformed, invalid)                  \
    X(status_unsupported_version, invalid)        \
    X(status_unknown_key, invalid)                \
    X(status_key_not_valid, invalid)              \
    X(status_bad_signature, invalid)              \
    X(status_not_authorized, invalid)             \
    X(status_rollback, invalid)                   \
    X(status_conflict, invalid)                   \
    X(segment_certificate_malformed, invalid)     \
    X(segment_certificate_wrong_root, invalid)    \
    X(segment_certificate_bad_signature, invalid) \
    X(illegal_transition, invalid)                \
    X(activation_count_mismatch, invalid)         \
    X(store_failed, invalid)                      \
    X(provenance_malformed, invalid)              \
    X(provenance_unsupported_version, invalid)    \
    X(provenance_unknown_key, invalid)            \
    X(provenance_bad_signature, invalid)          \
    X(provenance_key_not_valid, invalid)          \
    X(provenance_not_authorized, invalid)         \
    X(provenance_broken_chain, invalid)           \
    X(provenance_incomplete, invalid)             \
    X(provenance_rollback, invalid)               \
    X(provenance_history_rewritten, invalid)      \
    X(sealed_details_unreadable, invalid)         \
    X(inclusion_proof_invalid, invalid)           \
    X(consistency_proof_invalid, invalid)         \
    X(note_malformed, invalid)                    \
    X(checkpoint_malformed, invalid)              \
    X(vkey_malformed, invalid)                    \
    X(log_unknown_origin, invalid)                \
    X(checkpoint_unsigned, invalid)               \
    X(checkpoint_bad_signature, invalid)          \
    X(cosignature_invalid, invalid)               \
    X(cosignature_quorum_not_met, invalid)        \
    X(provenance_wrong_code, invalid)             \
    X(provenance_index_invalid, invalid)          \
    X(provenance_duplicate_entry, invalid)        \
    X(provenance_out_of_order, invalid)           \
    X(provenance_details_mismatch, invalid)       \
    X(provenance_consistency_missing, invalid)    \
    X(witness_bad_request, invalid)               \
    X(witness_conflict, invalid)                  \
    X(witness_inconsistent, invalid)              \
    X(log_tile_conflict, invalid)                 \
    X(server_unreachable, invalid)                \
    X(server_response_invalid, invalid)           \
    X(request_malformed, invalid)                 \
    X(request_too_large, invalid)                 \
    X(request_timeout, invalid)                   \
    X(resource_not_found, invalid)                \
    X(method_not_allowed, invalid)                \
    X(rate_limited, invalid)                      \
    X(service_unavailable, invalid)               \
    X(submission_certificate_malformed, invalid)  \
    X(submission_key_unknown, invalid)            \
    X(submission_key_revoked, invalid)            \
    X(submission_key_not_valid, invalid)          \
    X(submission_bad_signature, invalid)          \
    X(submission_not_authorized, invalid)         \
    X(batch_malformed, invalid)                   \
    X(batch_conflict, invalid)

enum class Reason {
#define TRACESEAL_ENUM(name, verdict) name,
    TRACESEAL_REASONS(TRACESEAL_ENUM)
#undef TRACESEAL_ENUM
};

enum class Lang { zh_CN, en };

std::string_view to_string(Verdict verdict);
std::string_view to_string(Reason reason);
std::optional<Verdict> parse_verdict(std::string_view word);
std::optional<Reason> parse_reason(std::string_view word);
Verdict verdict_of(Reason reason);
// FORMAT.md §6.4: an image's verdict is the worst of its codes' verdicts, in the order
// invalid > foreign > warning > genuine > no_code (no_code only when nothing was read).
Verdict worse_verdict(Verdict a, Verdict b);

// Plain-language text for users (message catalog, core/src/messages.cpp).
std::string_view message(Reason reason, Lang lang);
std::string_view message(Verdict verdict, Lang lang);
// The reminder shown with every genuine code: 关税未付 禁止倒卖.
std::string_view resale_reminder(Lang lang);

}  // namespace traceseal
