// Where the inspector service keeps its state (FORMAT.md §12.4–§12.5): enrolled certificates,
// one-time code hashes with their tries and lockouts, recently seen request nonces, and its
// one-time-code key. Tables of its own (inspector_*) beside the registry's, in the same database.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "traceseal/traceseal.h"

namespace traceseal::inspector {

using Key32 = std::array<std::uint8_t, 32>;

// The login state of one phone number (§12.4). A code is present when code_hash is.
struct LoginState {
    std::optional<Key32> code_hash;
    UnixTime code_expires_at = 0;
    int wrong_tries = 0;
    UnixTime locked_until = 0;
    // §12.4's rate limit: the open window of code requests and how many it has had. Kept in a
    // table of its own (inspector_code_requests), so stores made before it need no migration.
    UnixTime requests_since = 0;
    int requests = 0;
};

class InspectorStore {
  public:
    virtual ~InspectorStore() = default;
    // The certificate text of an enrolled phone number (a later enrolment replaces it).
    virtual std::optional<std::string> put_enrolment(const std::string& phone,
                                                     const std::string& certificate) = 0;
    virtual std::optional<std::string> enrolment(const std::string& phone) = 0;
    // Runs `update` on the phone's state (default-constructed if none) inside one write
    // transaction and stores what it returns: concurrent logins cannot both spend a try.
    using LoginUpdate = std::function<LoginState(LoginState&)>;
    virtual Result<LoginState> update_login(const std::string& phone,
                                            const LoginUpdate& update) = 0;
    // Records (device key, nonce) until `keep_until`; false if it is already recorded (a replay).
    // Entries past their keep_until at `now` are forgotten first.
    virtual Result<bool> remember_nonce(const PublicKey& device, const std::string& nonce,
                                        UnixTime now, UnixTime keep_until) = 0;
    // The key of the one-time code hashes: `candidate` is stored the first time, and the stored
    // key returned ever after.
    virtual Result<Key32> otp_key(const Key32& candidate) = 0;
};

// The inspector tables in a SQLite registry file (created if missing); errors name the file.
Result<std::unique_ptr<InspectorStore>> open_sqlite_inspector_store(const std::string& path);
// The inspector tables in a PostgreSQL database (libpq conninfo; PG* variables fill the rest).
Result<std::unique_ptr<InspectorStore>> open_postgresql_inspector_store(
    const std::string& conninfo);
// The registry's store spec: "postgresql://..." / "postgres://...", else "sqlite:PATH" or PATH.
Result<std::unique_ptr<InspectorStore>> open_inspector_store(const std::string& spec);

}  // namespace traceseal::inspector
