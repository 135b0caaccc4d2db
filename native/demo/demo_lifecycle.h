// The demo world's lifecycle story (FORMAT.md §9): segment certificates, events recorded through
// the registry so the demo has codes in every state, and the signed status snapshots. Shared by
// `traceseal demo` (a SQLite file) and front ends that build the demo in memory (":memory:").
#pragma once

#include <map>
#include <string>
#include <vector>

#include "demo_world.h"
#include "store.h"

namespace traceseal::cli {

inline constexpr std::uint32_t kDemoSegments[2] = {100,
                                                   200};  // key 1 / operator 1, key 2 / operator 2
inline constexpr std::uint32_t kDemoCertificateLast = 10000;  // serials 1..10000 per segment
inline constexpr std::string_view kDemoStatusIssuedAt = "2026-11-16T00:00:00Z";
// Demo snapshots stay valid as long as the demo trust list (a real operator publishes daily).
inline constexpr std::string_view kDemoStatusValidUntil = "2031-01-01T00:00:00Z";
// The demo's own clock (FORMAT.md §9.4): its snapshots are frozen, so it is verified as of a
// day after they were issued (`--at` in the manifest's verify_args), whatever today's date is.
inline constexpr std::string_view kDemoClock = "2026-11-17T00:00:00Z";

// Serials 1..n of segment 100 and 1..m of segment 200 for a demo of `count` codes (as minted).
std::uint32_t demo_serials(std::uint32_t segment, std::uint32_t count);

struct DemoLifecycle {
    std::vector<Bytes> certificates;          // §9.2, one per segment of kDemoSegments
    std::vector<Bytes> snapshots;             // §9.3 status files, one per segment
    std::map<std::string, CodeState> states;  // code number -> state after the story
};

// Records the story into `store` (which must be empty) and signs one snapshot per segment.
Result<DemoLifecycle> run_demo_lifecycle(const DemoWorld& w, std::uint32_t count,
                                         registry::Store& store);

// The verdict and reasons §9.5 gives a state in the consumer context (the CLI's default), for the
// manifest's expected_verdict: written out here so the manifest is a check of the core, not a copy.
std::pair<Verdict, std::vector<Reason>> demo_expected(CodeState s);

}  // namespace traceseal::cli
