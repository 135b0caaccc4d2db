// The key-file Signer (signer.h).
#include "signer.h"

#include "log_files.h"

namespace traceseal::log {

KeySigner::KeySigner(std::string name, std::uint8_t type, const SecretKey& key) : key_(key) {
    std::array<std::uint8_t, 32> pk{};
    std::copy(key.bytes.begin() + 32, key.bytes.end(), pk.begin());  // seed || public key
    vkey_ = tlog::make_vkey(name, type, pk);
}

std::array<std::uint8_t, 64> KeySigner::sign(const Bytes& message) {
    return tlog::ed25519_sign(key_.bytes, message);
}

Result<std::unique_ptr<Signer>> load_key_signer(const std::string& key_file,
                                                const std::string& name, std::uint8_t type) {
    std::string err;
    auto bytes = read_file(key_file, &err);
    if (!bytes)
        return make_error(Reason::key_file_malformed,
                          err.empty() ? key_file + ": no such file" : err);
    auto k = parse_key_file(std::string(bytes->begin(), bytes->end()));
    if (!k) return make_error(k.error().reason, key_file + ": " + k.error().detail);
    if (!k->secret_key)
        return make_error(Reason::key_file_malformed, key_file + ": not a secret key file");
    if (!tlog::valid_key_name(name))
        return make_error(Reason::vkey_malformed, "key name '" + name + "'");
    return std::unique_ptr<Signer>(new KeySigner(name, type, *k->secret_key));
}

}  // namespace traceseal::log
