// Ed25519 signing and verification, BLAKE2b key ids and derivations, SHA-256 (§10.6): all
// libsodium use is here.
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

bool verify(const PublicKey& pk, std::string_view context, const std::uint8_t* msg, std::size_t n,
            const Signature& sig) {
    ensure_sodium();
    Bytes m = domain_message(context, msg, n);
    return crypto_sign_verify_detached(sig.data(), m.data(), m.size(), pk.bytes.data()) == 0;
}

bool usable_public_key(const PublicKey& pk) {
    ensure_sodium();
    const auto& b = pk.bytes;
    // y is the low 255 bits, little-endian; it is non-canonical when >= p = 2^255 - 19.
    bool y_at_least_p = (b[31] & 0x7f) == 0x7f && b[0] >= 0xed;
    for (int i = 1; i < 31 && y_at_least_p; ++i) y_at_least_p = b[i] == 0xff;
    if (y_at_least_p) return false;
    // Refuses small-order points and encodings that are not on the curve.
    std::uint8_t x25519[32];
    return crypto_sign_ed25519_pk_to_curve25519(x25519, b.data()) == 0;
}

std::array<std::uint8_t, 32> sha256(Span a, Span b, Span c) {
    ensure_sodium();
    std::array<std::uint8_t, 32> h{};
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (const Span& s : {a, b, c})
        if (s.size) crypto_hash_sha256_update(&st, s.data, s.size);
    crypto_hash_sha256_final(&st, h.data());
    return h;
}

Signature sign_raw(const SecretKey& sk, const std::uint8_t* msg, std::size_t n) {
    ensure_sodium();
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, msg, n, sk.bytes.data());
    return sig;
}

bool verify_raw(const std::array<std::uint8_t, 32>& pk, const std::uint8_t* msg, std::size_t n,
                const std::uint8_t* sig64) {
    ensure_sodium();
    return crypto_sign_verify_detached(sig64, msg, n, pk.data()) == 0;
}

}  // namespace crypto

std::array<std::uint8_t, 64> tlog::ed25519_sign(const std::array<std::uint8_t, 64>& secret_key,
                                                const Bytes& message) {
    ensure_sodium();
    std::array<std::uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_key.data());
    return sig;
}

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
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(context.data()),
                              context.size());
    crypto_generichash_update(&st, &zero, 1);
    crypto_generichash_update(&st, data.data(), data.size());
    crypto_generichash_final(&st, h.data(), h.size());
    return h;
}

std::array<std::uint8_t, 32> keyed_hash256(const std::array<std::uint8_t, 32>& key,
                                           const Bytes& message) {
    ensure_sodium();
    std::array<std::uint8_t, 32> h{};
    crypto_generichash(h.data(), h.size(), message.data(), message.size(), key.data(), key.size());
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

// §10.3: libsodium's crypto_box_seal, with the ephemeral key pair from a caller-supplied seed
// (the core draws no randomness). The output opens with the standard crypto_box_seal_open.
BoxKeyPair box_keypair_from_seed(const Seed& seed) {
    ensure_sodium();
    BoxKeyPair kp;
    crypto_box_seed_keypair(kp.public_key.bytes.data(), kp.secret_key.data(), seed.data());
    return kp;
}

BoxKeyPair box_keypair_from_secret(const std::array<std::uint8_t, 32>& secret) {
    ensure_sodium();
    BoxKeyPair kp;
    kp.secret_key = secret;
    crypto_scalarmult_base(kp.public_key.bytes.data(), secret.data());
    return kp;
}

Bytes seal_to(const BoxPublicKey& recipient, const Bytes& message, const Seed& ephemeral_seed) {
    ensure_sodium();
    BoxKeyPair eph = box_keypair_from_seed(ephemeral_seed);
    std::uint8_t nonce[crypto_box_NONCEBYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, sizeof nonce);
    crypto_generichash_update(&st, eph.public_key.bytes.data(), 32);
    crypto_generichash_update(&st, recipient.bytes.data(), 32);
    crypto_generichash_final(&st, nonce, sizeof nonce);
    Bytes out(crypto_box_PUBLICKEYBYTES + crypto_box_MACBYTES + message.size());
    std::copy(eph.public_key.bytes.begin(), eph.public_key.bytes.end(), out.begin());
    // Fails only for a small-order recipient key; the box is then all zeros and never opens.
    if (crypto_box_easy(out.data() + crypto_box_PUBLICKEYBYTES, message.data(), message.size(),
                        nonce, recipient.bytes.data(), eph.secret_key.data()) != 0)
        std::fill(out.begin() + crypto_box_PUBLICKEYBYTES, out.end(), 0);
    sodium_memzero(eph.secret_key.data(), eph.secret_key.size());
    return out;
}

std::optional<Bytes> open_sealed(const BoxKeyPair& recipient, const Bytes& sealed) {
    ensure_sodium();
    if (sealed.size() < crypto_box_SEALBYTES) return std::nullopt;
    Bytes out(sealed.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(),
                             recipient.public_key.bytes.data(), recipient.secret_key.data()) != 0)
        return std::nullopt;
    return out;
}

}  // namespace traceseal
