// Status snapshot sizes and load times (FORMAT.md §9.3) for 10^6 and 10^8 codes with 0.1% random
// voids, the figure to beat being ~160 KB per 10^8 codes. Usage: bench_status [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "demo_world.h"

using namespace traceseal;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Figures {
    std::size_t bytes = 0;
    double sign_ms = 0, load_ms = 0;
};

// One segment of `n` codes: base state activated, 0.1% voided at random; with `sales`, the
// first 70% picked up and the next 5% sold (sequential runs, as stock sells).
Figures one_segment(const cli::DemoWorld& w, const TrustList& trust, std::uint32_t segment,
                    std::uint32_t n, bool sales, std::mt19937_64& rng) {
    std::vector<CodeState> st(n, CodeState::activated);
    if (sales) {
        std::fill(st.begin(), st.begin() + n * 7 / 10, CodeState::picked_up);
        std::fill(st.begin() + n * 7 / 10, st.begin() + n * 75 / 100, CodeState::sold);
    }
    for (std::uint32_t k = 0; k < n / 1000; ++k) st[rng() % n] = CodeState::voided;
    auto cert = *verify_segment_certificate(sign_segment_certificate({1, segment, 1, n, 0}, w.root),
                                            w.root.public_key);
    Figures f;
    auto t0 = Clock::now();
    Bytes snap =
        sign_status_snapshot(cert, {1, 1, 0, 86400, std::move(st)}, w.issuing[0].secret_key);
    f.sign_ms = ms_since(t0);
    f.bytes = snap.size();
    t0 = Clock::now();
    auto v = verify_status_snapshot(snap, trust, w.root.public_key);
    f.load_ms = ms_since(t0);
    if (!v) std::abort();
    return f;
}

void run(const char* name, std::uint64_t total, bool sales) {
    cli::DemoWorld w = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(w.trust_list, w.root.public_key);
    std::mt19937_64 rng(42);
    const std::uint32_t kPerSegment = 16'666'667;  // u24 serials: 10^8 codes need 6 segments
    Figures sum;
    int segments = 0;
    for (std::uint64_t left = total; left > 0; ++segments) {
        std::uint32_t n = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, kPerSegment));
        Figures f =
            one_segment(w, trust, static_cast<std::uint32_t>(100 + segments), n, sales, rng);
        sum.bytes += f.bytes, sum.sign_ms += f.sign_ms, sum.load_ms += f.load_ms;
        left -= n;
    }
    std::printf(
        "%-34s %11llu codes %2d segment(s) %10zu bytes (%7.1f KB) %8.1f bits/void  encode+sign "
        "%8.1f ms  verify+decode %7.1f ms\n",
        name, static_cast<unsigned long long>(total), segments, sum.bytes, sum.bytes / 1000.0,
        8.0 * sum.bytes / (total / 1000.0), sum.sign_ms, sum.load_ms);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
    run("0.1% random voids", 1'000'000, false);
    run("70% picked up, 5% sold, 0.1% voids", 1'000'000, true);
    if (quick) return 0;
    run("0.1% random voids", 100'000'000, false);
    run("70% picked up, 5% sold, 0.1% voids", 100'000'000, true);
    return 0;
}
