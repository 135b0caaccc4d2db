// Reading and verifying a copy of the inspectors' audit log (FORMAT.md §12.7) offline: for
// oversight readers (`traceseal inspector audit`) and tests. Core and native/log only, so the CLI
// links it without the service.
#pragma once

#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::inspector {

// The records of a published audit log up to its checkpoint, NOT verified (tests; oversight
// readers use verify_audit_log).
Result<std::vector<AuditRecord>> read_audit_log(const std::string& dir);

// §12.7 for oversight readers: the checkpoint under `policy` (§10.10: log signature, cosignatures,
// quorum), the tiles' root against it, every entry an audit record whose request is signed by
// its device key and names its code and case reference. The records, in log order.
struct VerifiedAuditLog {
    tlog::CheckpointBody checkpoint;
    std::vector<std::string> witnesses;  // the names that cosigned
    std::vector<AuditRecord> records;
};
// The same over the checkpoint note and every entry it covers, in order (the vectors'
// AuditLogVerify, §12.9). Errors: the checkpoint's (§10.10), log_tile_conflict, request_malformed
// (an entry that is not an audit record, or a record that is not its signed query),
// request_bad_signature — naming the entry.
Result<VerifiedAuditLog> verify_audit_entries(std::string_view note,
                                              const std::vector<Bytes>& entries,
                                              const tlog::LogPolicy& policy);
// Reads `dir`'s checkpoint and tiles (file_unreadable if one is missing), then as above.
Result<VerifiedAuditLog> verify_audit_log(const std::string& dir, const tlog::LogPolicy& policy);

}  // namespace traceseal::inspector
