// The inspector tables on PostgreSQL through libpq (inspector_store.h), beside the registry's
// tables (native/registry/pg_store.cpp) in the same database. Keys and hashes are hex text.
#include <libpq-fe.h>

#include <memory>
#include <mutex>
#include <vector>

#include "inspector_store.h"

namespace traceseal::inspector {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS inspector_enrolments (phone TEXT PRIMARY KEY, certificate TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_logins (
  phone TEXT PRIMARY KEY, code_hash TEXT, code_expires_at BIGINT NOT NULL,
  wrong_tries INTEGER NOT NULL, locked_until BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_code_requests (
  phone TEXT PRIMARY KEY, since BIGINT NOT NULL, requests INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS inspector_nonces (
  device_key TEXT NOT NULL, nonce TEXT NOT NULL, keep_until BIGINT NOT NULL,
  PRIMARY KEY (device_key, nonce));
CREATE TABLE IF NOT EXISTS inspector_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
)";
// Serialises the first CREATEs of two processes ("TSINSP" in ASCII).
constexpr const char* kSchemaLock = "SELECT pg_advisory_lock(92596541772624)";
constexpr const char* kSchemaUnlock = "SELECT pg_advisory_unlock(92596541772624)";

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::optional<Key32> key_of(const std::string& hex) {
    auto b = from_hex(hex);
    if (!b || b->size() != 32) return std::nullopt;
    Key32 k{};
    std::copy(b->begin(), b->end(), k.begin());
    return k;
}

class PgInspectorStore final : public InspectorStore {
  public:
    explicit PgInspectorStore(PGconn* c) : c_(c) {}
    ~PgInspectorStore() override { PQfinish(c_); }

    std::optional<std::string> put_enrolment(const std::string& phone,
                                             const std::string& certificate) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!run("INSERT INTO inspector_enrolments VALUES ($1, $2) ON CONFLICT (phone) DO UPDATE "
                 "SET certificate = excluded.certificate",
                 {phone, certificate}))
            return error();
        return std::nullopt;
    }

    std::optional<std::string> enrolment(const std::string& phone) override {
        std::lock_guard<std::mutex> lock(mu_);
        auto r = query("SELECT certificate FROM inspector_enrolments WHERE phone = $1", {phone});
        if (!r || PQntuples(r.get()) != 1) return std::nullopt;
        return std::string(PQgetvalue(r.get(), 0, 0));
    }

    Result<LoginState> update_login(const std::string& phone, const LoginUpdate& update) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!run("BEGIN", {})) return failure();
        auto fail = [&] {
            Error e = failure();
            run("ROLLBACK", {});
            return e;
        };
        if (!run("INSERT INTO inspector_logins VALUES ($1, NULL, 0, 0, 0) ON CONFLICT DO NOTHING",
                 {phone}))
            return fail();
        auto r = query(
            "SELECT code_hash, code_expires_at, wrong_tries, locked_until FROM "
            "inspector_logins WHERE phone = $1 FOR UPDATE",
            {phone});
        if (!r || PQntuples(r.get()) != 1) return fail();
        LoginState st;
        if (!PQgetisnull(r.get(), 0, 0)) st.code_hash = key_of(PQgetvalue(r.get(), 0, 0));
        st.code_expires_at = std::stoll(PQgetvalue(r.get(), 0, 1));
        st.wrong_tries = std::stoi(PQgetvalue(r.get(), 0, 2));
        st.locked_until = std::stoll(PQgetvalue(r.get(), 0, 3));
        // The login row is locked FOR UPDATE: this one is read and written under that lock.
        auto q =
            query("SELECT since, requests FROM inspector_code_requests WHERE phone = $1", {phone});
        if (!q) return fail();
        if (PQntuples(q.get()) == 1) {
            st.requests_since = std::stoll(PQgetvalue(q.get(), 0, 0));
            st.requests = std::stoi(PQgetvalue(q.get(), 0, 1));
        }
        LoginState next = update(st);
        if (!run("INSERT INTO inspector_code_requests VALUES ($1, $2, $3) ON CONFLICT (phone) DO "
                 "UPDATE SET since = EXCLUDED.since, requests = EXCLUDED.requests",
                 {phone, std::to_string(next.requests_since), std::to_string(next.requests)}))
            return fail();
        std::vector<std::optional<std::string>> params = {
            phone,
            next.code_hash ? std::optional<std::string>(to_hex(next.code_hash->data(), 32))
                           : std::nullopt,
            std::to_string(next.code_expires_at), std::to_string(next.wrong_tries),
            std::to_string(next.locked_until)};
        if (!run_nullable("UPDATE inspector_logins SET code_hash = $2, code_expires_at = $3, "
                          "wrong_tries = $4, locked_until = $5 WHERE phone = $1",
                          params) ||
            !run("COMMIT", {}))
            return fail();
        return next;
    }

    Result<bool> remember_nonce(const PublicKey& device, const std::string& nonce, UnixTime now,
                                UnixTime keep_until) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!run("DELETE FROM inspector_nonces WHERE keep_until <= $1", {std::to_string(now)}))
            return failure();
        auto r = query("INSERT INTO inspector_nonces VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                       {to_hex(device.bytes.data(), 32), nonce, std::to_string(keep_until)});
        if (!r) return failure();
        return std::string(PQcmdTuples(r.get())) == "1";
    }

    Result<Key32> otp_key(const Key32& candidate) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!run("INSERT INTO inspector_meta VALUES ('otp_key', $1) ON CONFLICT DO NOTHING",
                 {to_hex(candidate.data(), 32)}))
            return failure();
        auto r = query("SELECT value FROM inspector_meta WHERE name = 'otp_key'", {});
        if (!r || PQntuples(r.get()) != 1) return failure();
        auto k = key_of(PQgetvalue(r.get(), 0, 0));
        if (!k) return make_error(Reason::store_failed, "inspector_meta.otp_key is damaged");
        return *k;
    }

  private:
    PgResult query(const char* sql, const std::vector<std::string>& params) {
        std::vector<std::optional<std::string>> p(params.begin(), params.end());
        return query_nullable(sql, p);
    }
    PgResult query_nullable(const char* sql,
                            const std::vector<std::optional<std::string>>& params) {
        std::vector<const char*> values;
        for (const auto& v : params) values.push_back(v ? v->c_str() : nullptr);
        PgResult r(PQexecParams(c_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0));
        auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return nullptr;
        return r;
    }
    bool run(const char* sql, const std::vector<std::string>& params) {
        return query(sql, params) != nullptr;
    }
    bool run_nullable(const char* sql, const std::vector<std::optional<std::string>>& params) {
        return query_nullable(sql, params) != nullptr;
    }
    std::string error() const { return std::string("postgresql: ") + PQerrorMessage(c_); }
    Error failure() const { return make_error(Reason::store_failed, error()); }

    PGconn* c_;
    std::mutex mu_;
};

}  // namespace

Result<std::unique_ptr<InspectorStore>> open_postgresql_inspector_store(
    const std::string& conninfo) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (!c || PQstatus(c) != CONNECTION_OK) {
        std::string msg = c ? PQerrorMessage(c) : "out of memory";
        PQfinish(c);
        return make_error(Reason::store_failed, "postgresql: " + msg);
    }
    PGresult* lock = PQexec(c, kSchemaLock);
    PQclear(lock);
    PGresult* r = PQexec(c, kSchema);
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string msg = ok ? "" : PQerrorMessage(c);
    PQclear(r);
    PQclear(PQexec(c, kSchemaUnlock));
    if (!ok) {
        PQfinish(c);
        return make_error(Reason::store_failed, "postgresql: " + msg);
    }
    return std::unique_ptr<InspectorStore>(new PgInspectorStore(c));
}

Result<std::unique_ptr<InspectorStore>> open_inspector_store(const std::string& spec) {
    if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0)
        return open_postgresql_inspector_store(spec);
    return open_sqlite_inspector_store(spec.rfind("sqlite:", 0) == 0 ? spec.substr(7) : spec);
}

}  // namespace traceseal::inspector
