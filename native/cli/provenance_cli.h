// Provenance on the command line (FORMAT.md §10): inspector key files and the report of a
// verified bundle, shared by `provenance export`, `inspector keygen` and `verify --provenance`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inspector_key.h"
#include "provenance_v2.h"
#include "traceseal/traceseal.h"

namespace traceseal::cli {

// One JSON object (no newline): {"input", "provenance": {"checkpoint": {...}, "events": [...]}};
// `opened[i]` are record i's details when readable (unsealed, or opened with the inspector key).
std::string provenance_json(const Provenance& p, const std::string& input,
                            const std::vector<std::optional<EventDetails>>& opened);

// A bundle v2 (§10.13) as one JSON object (no newline): {"input", "provenance": {"version": 2,
// "code", "log": {...}, "events": [...]}}, or {"input", "provenance": null, "refused": {"code",
// "reason", "detail"}} when it does not verify.
std::string bundle_v2_json(const platform::BundleV2Result& r);

int run_provenance(const std::vector<std::string>& args);
int run_inspector(const std::vector<std::string>& args);
// FORMAT.md §11 (cmd_inspector.cpp): inspector enrol|login, provenance fetch.
int run_inspector_online(const std::vector<std::string>& args);
int run_provenance_fetch(const std::vector<std::string>& args);

}  // namespace traceseal::cli
