// Builders of signed test data over the demo world: trust list variants, codes, log events and
// bundles. For tests, fuzz targets and benchmarks only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "demo_world.h"
#include "traceseal/traceseal.h"

namespace traceseal::testkit {

// The demo world's trust list signed again with `sequence`; with key3_active, demo key 3 is an
// issuing key of operator 1 for segments 300-399 (as before its revocation) instead of revoked.
std::string demo_list_variant(const cli::DemoWorld& w, std::uint64_t sequence, bool key3_active);
// A code text of demo key 1, 2 or 3 (key 3: operator 1, segment 300), serial `serial`.
std::string demo_code(const cli::DemoWorld& w, int key, std::uint32_t serial);

// One log event with deterministic details and salt (FORMAT.md §10.1).
LogEvent log_event(std::uint64_t seq, const std::string& code, const std::string& type,
                   const std::string& state, const std::string& actor);
// A log of `n` events about codes of segment `segment`: activate, sell, pickup of serials 1, 2...
std::vector<LogEvent> demo_log(std::uint32_t segment, std::size_t n);
// A bundle of `log` for `codes` with a checkpoint signed by demo key `key` at 2026-09-21.
Bytes demo_bundle(const cli::DemoWorld& w, const std::vector<LogEvent>& log, int key,
                  const std::vector<std::string>& codes);
// The checkpoint alone (the 119 bytes a verifier holds).
Bytes demo_checkpoint(const cli::DemoWorld& w, const std::vector<LogEvent>& log, int key);

}  // namespace traceseal::testkit
