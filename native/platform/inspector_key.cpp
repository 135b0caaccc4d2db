// Inspector key files: reading and writing (see inspector_key.h).
#include "inspector_key.h"

#include <nlohmann/json.hpp>

#include "files.h"

namespace traceseal::cli {

// ---- Inspector key files: {"type": "traceseal-inspector-key", "version": 1, "public_key": hex,
// "secret_key": hex (secret files only)}; X25519 keys, a role apart from the Ed25519 key files.
std::string format_inspector_key(const BoxKeyPair& kp, bool secret) {
    nlohmann::json j = {{"type", "traceseal-inspector-key"},
                        {"version", 1},
                        {"public_key", to_hex(kp.public_key.bytes.data(), 32)}};
    if (secret) j["secret_key"] = to_hex(kp.secret_key.data(), 32);
    return j.dump(2) + "\n";
}

Result<InspectorKey> load_inspector_key(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) return make_error(Reason::key_file_malformed, text.error().detail);
    auto j = nlohmann::json::parse(*text, nullptr, false);
    auto bad = [&](const std::string& why) {
        return make_error(Reason::key_file_malformed, path + ": " + why);
    };
    if (!j.is_object() || j.value("type", "") != "traceseal-inspector-key" ||
        j.value("version", 0) != 1)
        return bad("not a traceseal-inspector-key file");
    for (const auto& [k, v] : j.items())
        if (k != "type" && k != "version" && k != "public_key" && k != "secret_key")
            return bad("unknown member " + k);
    auto hex32 = [&](const char* name) -> std::optional<std::array<std::uint8_t, 32>> {
        auto it = j.find(name);
        if (it == j.end() || !it->is_string()) return std::nullopt;
        auto b = from_hex(it->get<std::string>());
        if (!b || b->size() != 32) return std::nullopt;
        std::array<std::uint8_t, 32> a{};
        std::copy(b->begin(), b->end(), a.begin());
        return a;
    };
    InspectorKey k;
    auto pk = hex32("public_key");
    if (!pk) return bad("public_key must be 64 hex digits");
    k.public_key.bytes = *pk;
    if (j.contains("secret_key")) {
        auto sk = hex32("secret_key");
        if (!sk) return bad("secret_key must be 64 hex digits");
        BoxKeyPair kp;
        kp.public_key = k.public_key;
        kp.secret_key = *sk;
        k.secret = kp;
    }
    return k;
}

}  // namespace traceseal::cli
