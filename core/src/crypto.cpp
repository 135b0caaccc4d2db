// Ed25519 signing and verification, BLAKE2b key ids and derivations: all libsodium use is here.
#include "crypto.h"

#include <sodium.h>

#include <cstring>

namespace traceseal {
namespace {

void ensure_sodium() {
    // Idempotent and thread-safe; libsodium's own one-time setup, not ours.
    if (sodium_init() < 0) __builtin_trap();
}

Bytes domain_message(std::string_view context, const std::uint8_t* msg, std::size_t n) {
    Bytes m(context.begin(), context.end());
    m.push_back(0x00);
    m.insert(m.end(), msg, msg + n);
    return m;
}

}  // namespace

namespace crypto {

Signature sign(const SecretKey& sk, std::string_view context, const std::uint8_t* msg,
               std::size_t n) {
    ensure_sodium();
    Bytes m = domain_message(context, msg, n);
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), sk.bytes.data());
    return sig;
}

bool verify(const PublicKey& pk, std::string_view context, const std::uint8_t* msg,
            std::size_t n, const Signature& sig) {
    ensure_sodium();
    Bytes m = domain_message(context, msg, n);
    return crypto_sign_verify_detached(sig.data(), m.data(), m.size(), pk.bytes.data()) == 0;
}

}  // namespace crypto

bool ed25519_verify(const PublicKey& pk, const Bytes& message,
                    const std::array<std::uint8_t, kSignatureSize>& signature) {
    ensure_sodium();
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                       pk.bytes.data()) == 0;
}

KeyPair keypair_from_seed(const Seed& seed) {
    ensure_sodium();
    KeyPair kp;
    crypto_sign_seed_keypair(kp.public_key.bytes.data(), kp.secret_key.bytes.data(), seed.data());
    return kp;
}

std::string root_key_id(const PublicKey& pk) {
    ensure_sodium();
    constexpr std::string_view kLabel = "traceseal-root-key-id";
    std::uint8_t h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, sizeof h);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kLabel.data()),
                              kLabel.size());
    crypto_generichash_update(&st, pk.bytes.data(), pk.bytes.size());
    crypto_generichash_final(&st, h, sizeof h);
    return to_hex(h, 8);
}

std::array<std::uint8_t, 32> hash256(std::string_view context, const Bytes& data) {
    ensure_sodium();
    std::array<std::uint8_t, 32> h{};
    const std::uint8_t zero = 0;
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, h.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(context.data()), context.size());
    crypto_generichash_update(&st, &zero, 1);
    crypto_generichash_update(&st, data.data(), data.size());
    crypto_generichash_final(&st, h.data(), h.size());
    return h;
}

Bytes derive_bytes(std::string_view label, std::uint64_t seed, std::size_t n) {
    ensure_sodium();
    Bytes out;
    std::uint8_t msg[16];
    for (std::uint64_t block = 0; out.size() < n; ++block) {
        for (int i = 0; i < 8; ++i) {
            msg[i] = static_cast<std::uint8_t>(seed >> (56 - 8 * i));
            msg[8 + i] = static_cast<std::uint8_t>(block >> (56 - 8 * i));
        }
        std::uint8_t h[64];
        // BLAKE2b keys are at most 64 bytes: longer labels are hashed first.
        std::uint8_t key[64];
        std::size_t key_len = label.size();
        if (key_len > sizeof key) {
            crypto_generichash(key, 32, reinterpret_cast<const unsigned char*>(label.data()),
                               label.size(), nullptr, 0);
            key_len = 32;
        } else {
            std::memcpy(key, label.data(), key_len);
        }
        crypto_generichash(h, sizeof h, msg, sizeof msg, key_len ? key : nullptr, key_len);
        out.insert(out.end(), h, h + sizeof h);
    }
    out.resize(n);
    return out;
}

}  // namespace traceseal
