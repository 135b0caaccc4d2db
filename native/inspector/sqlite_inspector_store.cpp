// The inspector tables in SQLite (inspector_store.h): kept apart from the registry's own tables
// and statements (native/registry/sqlite_store.cpp), in the same file.
#include <sqlite3.h>

#include <mutex>

#include "inspector_store.h"

namespace traceseal::inspector {
namespace {

constexpr const char* kSchema = R"(
PRAGMA journal_mode = WAL;
PRAGMA busy_timeout = 5000;
CREATE TABLE IF NOT EXISTS inspector_enrolments (
  phone TEXT PRIMARY KEY, certificate TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_logins (
  phone TEXT PRIMARY KEY, code_hash BLOB, code_expires_at INTEGER NOT NULL,
  wrong_tries INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_code_requests (
  phone TEXT PRIMARY KEY, since INTEGER NOT NULL, requests INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_nonces (
  device_key BLOB NOT NULL, nonce TEXT NOT NULL, keep_until INTEGER NOT NULL,
  PRIMARY KEY (device_key, nonce));
CREATE TABLE IF NOT EXISTS inspector_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS inspector_meta_no_update BEFORE UPDATE ON inspector_meta
  BEGIN SELECT RAISE(ABORT, 'inspector_meta is write-once'); END;
)";

class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& text(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Stmt& blob(int i, const std::uint8_t* p, std::size_t n) {
        sqlite3_bind_blob(s_, i, p, static_cast<int>(n), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& null(int i) {
        sqlite3_bind_null(s_, i);
        return *this;
    }
    int step() { return s_ ? sqlite3_step(s_) : SQLITE_ERROR; }
    std::string col_text(int i) {
        const unsigned char* p = sqlite3_column_text(s_, i);
        return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, i))
                 : std::string();
    }
    std::int64_t col_int(int i) { return sqlite3_column_int64(s_, i); }
    std::optional<Key32> col_key(int i) {
        if (sqlite3_column_type(s_, i) == SQLITE_NULL || sqlite3_column_bytes(s_, i) != 32)
            return std::nullopt;
        auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, i));
        Key32 k{};
        std::copy(p, p + 32, k.begin());
        return k;
    }

  private:
    sqlite3_stmt* s_ = nullptr;
};

class SqliteInspectorStore : public InspectorStore {
  public:
    SqliteInspectorStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    ~SqliteInspectorStore() override { sqlite3_close(db_); }

    std::optional<std::string> put_enrolment(const std::string& phone,
                                             const std::string& certificate) override {
        std::lock_guard<std::mutex> lock(mu_);
        Stmt s(db_,
               "INSERT INTO inspector_enrolments VALUES (?, ?) "
               "ON CONFLICT(phone) DO UPDATE SET certificate = excluded.certificate");
        if (s.text(1, phone).text(2, certificate).step() != SQLITE_DONE) return error();
        return std::nullopt;
    }

    std::optional<std::string> enrolment(const std::string& phone) override {
        std::lock_guard<std::mutex> lock(mu_);
        Stmt s(db_, "SELECT certificate FROM inspector_enrolments WHERE phone = ?");
        if (s.text(1, phone).step() != SQLITE_ROW) return std::nullopt;
        return s.col_text(0);
    }

    Result<LoginState> update_login(const std::string& phone, const LoginUpdate& update) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!exec("BEGIN IMMEDIATE")) return failure();
        LoginState st;
        {
            Stmt s(db_,
                   "SELECT code_hash, code_expires_at, wrong_tries, locked_until "
                   "FROM inspector_logins WHERE phone = ?");
            if (s.text(1, phone).step() == SQLITE_ROW) {
                st.code_hash = s.col_key(0);
                st.code_expires_at = s.col_int(1);
                st.wrong_tries = static_cast<int>(s.col_int(2));
                st.locked_until = s.col_int(3);
            }
        }
        {
            Stmt s(db_, "SELECT since, requests FROM inspector_code_requests WHERE phone = ?");
            if (s.text(1, phone).step() == SQLITE_ROW) {
                st.requests_since = s.col_int(0);
                st.requests = static_cast<int>(s.col_int(1));
            }
        }
        LoginState next = update(st);
        Stmt r(db_,
               "INSERT INTO inspector_code_requests VALUES (?, ?, ?) ON CONFLICT(phone) DO "
               "UPDATE SET since = excluded.since, requests = excluded.requests");
        r.text(1, phone).integer(2, next.requests_since).integer(3, next.requests);
        if (r.step() != SQLITE_DONE) {
            Error e = failure();
            exec("ROLLBACK");
            return e;
        }
        Stmt w(db_,
               "INSERT INTO inspector_logins VALUES (?, ?, ?, ?, ?) ON CONFLICT(phone) DO "
               "UPDATE SET code_hash = excluded.code_hash, code_expires_at = "
               "excluded.code_expires_at, wrong_tries = excluded.wrong_tries, "
               "locked_until = excluded.locked_until");
        w.text(1, phone);
        if (next.code_hash)
            w.blob(2, next.code_hash->data(), 32);
        else
            w.null(2);
        w.integer(3, next.code_expires_at)
            .integer(4, next.wrong_tries)
            .integer(5, next.locked_until);
        if (w.step() != SQLITE_DONE || !exec("COMMIT")) {
            Error e = failure();
            exec("ROLLBACK");
            return e;
        }
        return next;
    }

    Result<bool> remember_nonce(const PublicKey& device, const std::string& nonce, UnixTime now,
                                UnixTime keep_until) override {
        std::lock_guard<std::mutex> lock(mu_);
        {
            Stmt d(db_, "DELETE FROM inspector_nonces WHERE keep_until <= ?");
            if (d.integer(1, now).step() != SQLITE_DONE) return failure();
        }
        Stmt s(db_, "INSERT OR IGNORE INTO inspector_nonces VALUES (?, ?, ?)");
        if (s.blob(1, device.bytes.data(), 32).text(2, nonce).integer(3, keep_until).step() !=
            SQLITE_DONE)
            return failure();
        return sqlite3_changes(db_) == 1;
    }

    Result<Key32> otp_key(const Key32& candidate) override {
        std::lock_guard<std::mutex> lock(mu_);
        {
            Stmt s(db_, "INSERT OR IGNORE INTO inspector_meta VALUES ('otp_key', ?)");
            if (s.blob(1, candidate.data(), 32).step() != SQLITE_DONE) return failure();
        }
        Stmt s(db_, "SELECT value FROM inspector_meta WHERE name = 'otp_key'");
        if (s.step() != SQLITE_ROW) return failure();
        auto k = s.col_key(0);
        if (!k) return make_error(Reason::store_failed, path_ + ": inspector otp_key is damaged");
        return *k;
    }

  private:
    bool exec(const char* sql) {
        return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    std::string error() const { return path_ + ": " + sqlite3_errmsg(db_); }
    Error failure() const { return make_error(Reason::store_failed, error()); }

    sqlite3* db_;
    std::string path_;
    std::mutex mu_;
};

}  // namespace

Result<std::unique_ptr<InspectorStore>> open_sqlite_inspector_store(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return make_error(Reason::store_failed, path + ": " + msg);
    }
    char* err = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "schema failed";
        sqlite3_free(err);
        sqlite3_close(db);
        return make_error(Reason::store_failed, path + ": " + msg);
    }
    return std::unique_ptr<InspectorStore>(new SqliteInspectorStore(db, path));
}

}  // namespace traceseal::inspector
