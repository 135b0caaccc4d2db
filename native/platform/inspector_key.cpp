// Inspector key files: reading and writing (see inspector_key.h).
#include "inspector_key.h"

#include "files.h"

namespace traceseal::cli {

std::string format_inspector_key(const BoxKeyPair& kp, bool secret) {
    return format_inspector_key_file(kp, secret);
}

Result<InspectorKey> load_inspector_key(const std::string& path) {
    auto text = read_file(path, kMaxKeyFileBytes);
    if (!text) return text.error();
    auto k = parse_inspector_key_file(*text);
    if (!k) return make_error(k.error().reason, path + ": " + k.error().detail);
    return k;
}

}  // namespace traceseal::cli
