// Who signs checkpoints and cosignatures (FORMAT.md §10.9): a small interface so that a key
// file today and an HSM later are interchangeable.
#pragma once

#include <memory>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::log {

class Signer {
  public:
    virtual ~Signer() = default;
    // The verifier key: its name (the log's origin, or the witness's name), type and key id.
    virtual const tlog::Vkey& vkey() const = 0;
    virtual std::array<std::uint8_t, 64> sign(const Bytes& message) = 0;
    // For the core's signing helpers (sign_note_line, cosign_line).
    tlog::Ed25519Sign as_function() {
        return [this](const Bytes& m) { return sign(m); };
    }
};

// A secret key held in memory, as read from a TraceSeal secret key file (§4.2).
class KeySigner : public Signer {
  public:
    KeySigner(std::string name, std::uint8_t type, const SecretKey& key);
    const tlog::Vkey& vkey() const override { return vkey_; }
    std::array<std::uint8_t, 64> sign(const Bytes& message) override;

  private:
    tlog::Vkey vkey_;
    SecretKey key_;
};

// Loads a secret key file (role issuing or root; any Ed25519 key of §4.2) as a signer named
// `name` of signature `type` (0x01 log, 0x04 witness). Errors name the file.
Result<std::unique_ptr<Signer>> load_key_signer(const std::string& key_file,
                                                const std::string& name, std::uint8_t type);

}  // namespace traceseal::log
