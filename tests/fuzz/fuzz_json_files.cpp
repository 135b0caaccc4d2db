// libFuzzer: every JSON file a verifier reads — trust list envelopes and bodies, key files,
// inspector key files — with round trips: what parses, formats and parses back the same.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_world.h"
#include "inspector_key.h"

using namespace traceseal;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& w = fuzz::world();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto t = verify_trust_list(text, w.demo.root.public_key)) {
        check(t->root_key_id() == root_key_id(w.demo.root.public_key));
        (void)accept_trust_list_update(w.trust, *t);
    }
    if (auto body = parse_trust_list_body(text)) {
        const std::string once = format_trust_list_body(*body);
        auto again = parse_trust_list_body(once);
        check(again.has_value());
        check(format_trust_list_body(*again) == once);
    }
    if (auto key = parse_key_file(text)) {
        auto pub = parse_key_file(format_public_key_file(*key));
        check(pub.has_value() && pub->public_key == key->public_key && pub->role == key->role);
        if (key->secret_key) {
            auto sec = parse_key_file(format_secret_key_file(*key));
            check(sec.has_value() && sec->secret_key &&
                  sec->secret_key->bytes == key->secret_key->bytes);
        }
    }
    // Inspector keys are read from files: one scratch file per process.
    static const std::string path = "/tmp/fuzz_json_files_" + std::to_string(::getpid()) + ".json";
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
        if (auto k = cli::load_inspector_key(path); k && k->secret)
            check(k->secret->public_key.bytes == k->public_key.bytes);
    }
    return 0;
}
