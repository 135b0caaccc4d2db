// libFuzzer: provenance bundles and log checkpoints (FORMAT.md §10). Framing, key lookup and
// signature checks must refuse anything the fuzzer makes, without crashing or allocating what
// the input only claims.
#include <cstdint>

#include "fuzz_world.h"

using namespace traceseal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    Bytes bytes(data, data + size);
    (void)verify_checkpoint(bytes, w.trust);
    (void)verify_provenance(bytes, w.trust, "", nullptr);
    (void)verify_provenance(bytes, w.trust, "00000100-00000001", nullptr);
    return 0;
}
