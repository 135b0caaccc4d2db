// libFuzzer: trust list files (envelope + body) and key files. Never a crash; a list that
// verifies must have been signed by the demo root (the fuzzer cannot forge it).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_world.h"

using namespace traceseal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto t = verify_trust_list(text, w.demo.root.public_key);
    if (t) (void)accept_trust_list_update(w.trust, *t);
    auto body = parse_trust_list_body(text);
    if (body) (void)format_trust_list_body(*body);
    (void)parse_key_file(text);
    (void)parse_time(text);
    return 0;
}
