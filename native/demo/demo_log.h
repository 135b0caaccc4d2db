// The demo world's transparency logs (FORMAT.md §10 v2, §10.17): each operator's log published
// from the demo registry under DIR/log/<operator>/, cosigned by the demo witness (its state in
// DIR/witness/), and the bundles v2 of the demo codes. Same seed, same bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "demo_world.h"
#include "store.h"

namespace traceseal::cli {

// The witness's clock for the demo's cosignatures: fixed, so the demo is reproducible.
inline constexpr std::string_view kDemoCosignedAt = "2026-11-16T00:00:00Z";

// "log/1", "log/2": the log directories under the demo directory.
std::string demo_log_dir(int operator_id);
// The demo inspector's X25519 key pair (sealed sale, pickup and return details).
BoxKeyPair demo_inspector(const DemoWorld& w);

// Publishes both operators' logs of `store` (the demo registry after run_demo_lifecycle).
// Returns each log's checkpoint note.
Result<std::vector<std::string>> publish_demo_logs(const DemoWorld& w, registry::Store& store,
                                                   const std::string& dir);
// Each code's bundle v2 (code number -> bundle) from its operator's published log, sale details
// sealed to the demo inspector.
Result<std::map<std::string, Bytes>> demo_bundles(const DemoWorld& w, registry::Store& store,
                                                  const std::string& dir,
                                                  const std::vector<std::string>& codes);

}  // namespace traceseal::cli
