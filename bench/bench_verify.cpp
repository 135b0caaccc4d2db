// Verify-only cost per code: assess_text (parse + base41 + lookups + Ed25519) against a raw
// crypto_sign_verify_detached of the same message, interleaved in one run (docs/PERFORMANCE.md).
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "demo_world.h"

using namespace traceseal;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
    const int n = 2000;
    cli::DemoWorld w = cli::make_demo_world(1);
    TrustList trust = *verify_trust_list(w.trust_list, w.root.public_key);
    std::vector<std::string> texts;
    std::vector<Bytes> messages;
    std::vector<std::array<std::uint8_t, 64>> sigs;
    for (int i = 0; i < n; ++i) {
        CodeFields f = cli::demo_code_fields(1, static_cast<std::uint32_t>(i));
        texts.push_back(mint_code_text(f, w.issuing[0].secret_key, w.body.label_prefix));
        auto code = *parse_code_text(texts.back(), w.body.label_prefix);
        Bytes m(kCodeContext.begin(), kCodeContext.end());
        m.push_back(0);
        m.insert(m.end(), code.payload.begin(), code.payload.end());
        messages.push_back(m);
        sigs.push_back(code.signature);
    }
    const UnixTime at = *parse_time("2026-11-22");
    std::vector<double> ours, raw;
    int genuine = 0, ok = 0;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = Clock::now();
        for (const auto& t : texts)
            genuine += assess_text(t, trust, at).verdict == Verdict::genuine;
        auto t1 = Clock::now();
        for (int i = 0; i < n; ++i)
            ok +=
                crypto_sign_verify_detached(sigs[i].data(), messages[i].data(), messages[i].size(),
                                            w.issuing[0].public_key.bytes.data()) == 0;
        auto t2 = Clock::now();
        ours.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / n);
        raw.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count() / n);
    }
    std::sort(ours.begin(), ours.end());
    std::sort(raw.begin(), raw.end());
    double o = ours[ours.size() / 2], w0 = raw[raw.size() / 2];
    std::printf("verify-only, native (median of %d rounds x %d codes)\n", rounds, n);
    std::printf("  assess_text (parse+verify):     %8.2f us/code\n", o);
    std::printf("  raw crypto_sign_verify_detached: %8.2f us/code\n", w0);
    std::printf("  overhead: %+.1f%%   (genuine %d/%d, raw ok %d/%d)\n", (o / w0 - 1) * 100,
                genuine, rounds * n, ok, rounds * n);
    return genuine == rounds * n && ok == rounds * n ? 0 : 1;
}
