// libFuzzer: code text -> parse -> verify -> JSON report. Must never crash, and must never call
// a text genuine unless it is byte-for-byte a code the world's keys signed (checked by re-minting).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_world.h"

using namespace traceseal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    std::string text(reinterpret_cast<const char*>(data), size);
    for (UnixTime at : {UnixTime{1795350896}, UnixTime{2000000000}}) {
        Assessment a = assess_text(text, w.trust, at);
        (void)assessment_to_json(a, "fuzz");
        if (a.verdict == Verdict::genuine || a.verdict == Verdict::warning) {
            // Authentic means: re-signing the decoded fields with the key reproduces the token.
            const auto& f = *a.fields;
            if (f.key_id < 1 || f.key_id > 2) std::abort();
            std::string again = mint_code_text(f, w.demo.issuing[f.key_id - 1].secret_key,
                                               w.demo.body.label_prefix);
            if (again.substr(w.demo.body.label_prefix.size()) !=
                text.substr(w.demo.body.label_prefix.size()))
                std::abort();
        }
    }
    return 0;
}
