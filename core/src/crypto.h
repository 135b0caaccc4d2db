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

}  // namespace traceseal::crypto
