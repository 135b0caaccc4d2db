// Internal: the lifecycle rules of FORMAT.md §9.5, applied by assess_text to verified codes.
#pragma once

#include "traceseal/traceseal.h"

namespace traceseal {

// Adds state, context, status stamp and the §9.5 reasons to an assessment of a verified code;
// recomputes the verdict as the most severe class. status_max_age: the trust list's (§4.3).
void apply_lifecycle_rules(Assessment& a, const CodeFields& verified, UnixTime at,
                           const StatusContext& status, std::uint64_t status_max_age);

}  // namespace traceseal
