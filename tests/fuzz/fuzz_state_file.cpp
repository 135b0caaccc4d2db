// libFuzzer: the held state file (FORMAT.md §4.7) as a verifier reads it. Never a crash; a file
// that loads leaves the pinned root and the given trust list in place (the file never pins a
// root or replaces the given list), and what it formats reads back and formats the same.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_world.h"
#include "held_state.h"

using namespace traceseal;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

bool write(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    std::fwrite(data, 1, size, f);
    return std::fclose(f) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    static const std::string path = "/tmp/fuzz_state_file_" + std::to_string(::getpid()) + ".json";
    if (!write(path, data, size)) return 0;
    TrustState state(w.trust);
    auto held = platform::apply_held_state(path, state, w.demo.trust_list);
    if (held) {
        check(state.root().bytes == w.demo.root.public_key.bytes);
        check(state.trust_list().signed_body() == w.trust.signed_body());
        // Round trip: the state written reads back to the same state and the same text.
        const std::string once = platform::format_state_file(state, held->envelope, held->previous);
        check(write(path, reinterpret_cast<const std::uint8_t*>(once.data()), once.size()));
        TrustState again(w.trust);
        auto reread = platform::apply_held_state(path, again, w.demo.trust_list);
        check(reread.has_value() && reread->warnings.empty());
        check(again.snapshots().size() == state.snapshots().size());
        check(platform::format_state_file(again, reread->envelope, reread->previous) == once);
    }
    return 0;
}
