// Internal: the only interface to libsodium (crypto.cpp). Signatures are Ed25519 over
// context || 0x00 || message (FORMAT.md §2.3).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "traceseal/traceseal.h"

namespace traceseal::crypto {

using Signature = std::array<std::uint8_t, kSignatureSize>;

Signature sign(const SecretKey& sk, std::string_view context, const std::uint8_t* msg,
               std::size_t n);
bool verify(const PublicKey& pk, std::string_view context, const std::uint8_t* msg, std::size_t n,
            const Signature& sig);
// FORMAT.md §4.3 rule 7: a canonical encoding (y < 2^255 - 19) of a point that is not of small
// order. libsodium's verify refuses such keys anyway; a trust list must not name them at all.
bool usable_public_key(const PublicKey& pk);

// SHA-256 (FORMAT.md §10.6) of the concatenation of up to three byte ranges (RFC 6962 hashing
// needs prefix || left || right without copying).
struct Span {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};
std::array<std::uint8_t, 32> sha256(Span a, Span b = {}, Span c = {});
// Plain Ed25519 over the message itself (C2SP signed notes sign the note text, §10.9).
Signature sign_raw(const SecretKey& sk, const std::uint8_t* msg, std::size_t n);
bool verify_raw(const std::array<std::uint8_t, 32>& pk, const std::uint8_t* msg, std::size_t n,
                const std::uint8_t* sig64);

}  // namespace traceseal::crypto
