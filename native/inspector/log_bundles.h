// The BundleSource of traceseal-registryd (FORMAT.md §12.8): a code's bundle v2 from its
// operator's published log (the registry's exporter), published on demand first when the store
// holds events of the code past the published checkpoint, and sealed per role (§12.3).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "inspector_api.h"

namespace traceseal::inspector {

struct LogBundleConfig {
    std::string store_spec;                    // the registry's store, opened per query
    std::string log_root;                      // operator N's log is log_root/N (§10.17)
    std::vector<std::uint16_t> log_operators;  // the operators whose logs the service publishes
    TrustListBody trust;                       // which operator's issuing key holds a segment
    // Publishes every log now (the service's publisher, §10.17); the error if it failed.
    std::function<std::optional<Error>()> publish;
    Random random;  // the sealed boxes' ephemeral keys
};

// Errors: request_malformed (not a code number), provenance_wrong_code (no operator log of this
// service covers the segment), serial_not_allocated, store_failed and the publication's
// cosignature_quorum_not_met (503: nothing is answered rather than a bundle missing events).
BundleSource log_v2_bundles(LogBundleConfig config);

}  // namespace traceseal::inspector
