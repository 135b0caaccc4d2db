// The default registry store: one SQLite file. Triggers make the events table append-only, so
// history cannot be rewritten through SQL either (docs/LIFECYCLE.md).
#include <sqlite3.h>

#include <map>

#include "store.h"

namespace traceseal::registry {
namespace {

constexpr const char* kSchema = R"(
PRAGMA journal_mode = WAL;
-- Every COMMIT reaches the disk before it returns (an acknowledged batch survives power loss, not
-- only a crash of the service); NORMAL would lose the last commits on power loss in WAL mode.
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, code TEXT NOT NULL, type TEXT NOT NULL, state TEXT NOT NULL,
  actor TEXT NOT NULL, place TEXT NOT NULL, reason TEXT NOT NULL, time INTEGER NOT NULL,
  related TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);
CREATE INDEX IF NOT EXISTS events_code ON events(code);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE IF NOT EXISTS segments (
  segment INTEGER PRIMARY KEY, operator INTEGER NOT NULL, first INTEGER NOT NULL,
  last INTEGER NOT NULL, issued_at INTEGER NOT NULL, certificate BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS segments_no_update BEFORE UPDATE ON segments
  BEGIN SELECT RAISE(ABORT, 'segments are append-only'); END;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('details_key', randomblob(32));
CREATE TRIGGER IF NOT EXISTS meta_no_update BEFORE UPDATE ON meta
  BEGIN SELECT RAISE(ABORT, 'meta is write-once'); END;
-- The current state of every code that has an event, updated in the transaction that appends
-- (so no request replays a code's history); derived from events (kRebuildStates).
CREATE TABLE IF NOT EXISTS code_states (
  segment INTEGER NOT NULL, serial INTEGER NOT NULL, state TEXT NOT NULL,
  last_seq INTEGER NOT NULL, PRIMARY KEY (segment, serial));
CREATE TABLE IF NOT EXISTS snapshots (
  segment INTEGER NOT NULL, sequence INTEGER NOT NULL, issued_at INTEGER NOT NULL,
  PRIMARY KEY (segment, sequence));
-- Signed batches of the registry service (FORMAT.md §11.2) and submission key revocations
-- (§11.1): append-only like the events they vouch for.
CREATE TABLE IF NOT EXISTS batches (
  operator INTEGER NOT NULL, batch_id TEXT NOT NULL, batch_hash TEXT NOT NULL,
  submission_key_id TEXT NOT NULL, envelope TEXT NOT NULL, received_at INTEGER NOT NULL,
  first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, receipt TEXT NOT NULL,
  PRIMARY KEY (operator, batch_id));
CREATE TRIGGER IF NOT EXISTS batches_no_update BEFORE UPDATE ON batches
  BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
CREATE TRIGGER IF NOT EXISTS batches_no_delete BEFORE DELETE ON batches
  BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
CREATE TABLE IF NOT EXISTS revocations (
  submission_key_id TEXT PRIMARY KEY, operator INTEGER NOT NULL, revoked_at INTEGER NOT NULL,
  statement BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS revocations_no_update BEFORE UPDATE ON revocations
  BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
CREATE TRIGGER IF NOT EXISTS revocations_no_delete BEFORE DELETE ON revocations
  BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
-- Each operator's transparency log (FORMAT.md §10.17): kind 1 names an event, kind 2 is an
-- index entry. Event entries are written in the transaction that appends the event.
CREATE TABLE IF NOT EXISTS log_entries (
  log INTEGER NOT NULL, idx INTEGER NOT NULL, kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
  seq INTEGER UNIQUE, map_root BLOB, segments TEXT, PRIMARY KEY (log, idx));
CREATE TRIGGER IF NOT EXISTS log_entries_no_update BEFORE UPDATE ON log_entries
  BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_entries_no_delete BEFORE DELETE ON log_entries
  BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END;
)";

// A registry file written before log_entries existed gets its event entries once, in seq order.
constexpr const char* kRebuildLog = R"(
BEGIN IMMEDIATE;
INSERT INTO log_entries (log, idx, kind, seq)
  SELECT s.operator, ROW_NUMBER() OVER (PARTITION BY s.operator ORDER BY e.seq) - 1, 1, e.seq
  FROM events e JOIN segments s ON s.segment = CAST(substr(e.code, 1, 8) AS INTEGER)
  WHERE NOT EXISTS (SELECT 1 FROM log_entries);
COMMIT;
)";

// The next entry of the event's operator's log; no row for a segment the registry does not hold.
constexpr const char* kAppendEventEntry = R"(
INSERT INTO log_entries (log, idx, kind, seq)
  SELECT s.operator, (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries WHERE log = s.operator),
         1, ?1
  FROM segments s WHERE s.segment = ?2)";

// A registry file written before code_states existed gets the table filled once from its log.
constexpr const char* kRebuildStates = R"(
BEGIN IMMEDIATE;
INSERT INTO code_states
  SELECT CAST(substr(code, 1, 8) AS INTEGER), CAST(substr(code, 10, 8) AS INTEGER), state, seq
  FROM events e WHERE seq = (SELECT MAX(seq) FROM events WHERE code = e.code)
  AND NOT EXISTS (SELECT 1 FROM code_states);
COMMIT;
)";

class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
    // A statement the store keeps prepared (SqliteStore::cached): reset, not finalized, after use.
    explicit Stmt(sqlite3_stmt* kept) : s_(kept), kept_(true) {}
    ~Stmt() {
        if (!kept_) {
            sqlite3_finalize(s_);
            return;
        }
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Stmt(const Stmt&) = delete;
    Stmt& text(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Stmt& blob(int i, const Bytes& v) {
        sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    int step() { return s_ ? sqlite3_step(s_) : SQLITE_ERROR; }
    std::string col_text(int i) {
        const unsigned char* p = sqlite3_column_text(s_, i);
        return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, i))
                 : std::string();
    }
    std::int64_t col_int(int i) { return sqlite3_column_int64(s_, i); }
    Bytes col_blob(int i) {
        auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, i));
        return p ? Bytes(p, p + sqlite3_column_bytes(s_, i)) : Bytes();
    }

  private:
    sqlite3_stmt* s_ = nullptr;
    bool kept_ = false;
};

constexpr const char* kEventColumns =
    "SELECT seq, code, type, state, actor, place, reason, time, related, prev_hash, hash FROM "
    "events ";

class SqliteStore final : public Store {
  public:
    explicit SqliteStore(sqlite3* db) : db_(db) {}
    ~SqliteStore() override {
        for (auto& [sql, st] : kept_) sqlite3_finalize(st);
        sqlite3_close(db_);
    }

    // Group commit (Store::write_all): one BEGIN IMMEDIATE and one COMMIT (one WAL fsync, with
    // synchronous=FULL) for every write of the group, statements kept prepared.
    std::vector<WriteResult> write_all(const std::vector<WriteRequest>& writes) override {
        std::vector<WriteResult> out;
        auto fail_all = [&](const std::string& err) {
            out.assign(writes.size(), make_error(Reason::store_failed, err));
            return out;
        };
        if (!exec("BEGIN IMMEDIATE")) return fail_all(last_error());
        GroupView view(*this);
        std::vector<const Event*> appended;
        std::vector<BatchRecord> records;
        std::vector<std::vector<Event>> kept;  // stable storage for `appended`
        kept.reserve(writes.size());
        for (const WriteRequest& w : writes) {
            std::optional<BatchRecord> record;
            auto r = view.run(w, record);
            if (r) {
                kept.push_back(*r);
                for (const Event& e : kept.back()) appended.push_back(&e);
                if (record) records.push_back(std::move(*record));
            }
            out.push_back(std::move(r));
        }
        for (const Event* e : appended) {
            const auto ref = *split_code_number(e->code);
            Stmt s(cached("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
            s.integer(1, e->seq).text(2, e->code).text(3, e->type).text(4, e->state);
            s.text(5, e->actor).text(6, e->place).text(7, e->reason).integer(8, e->time);
            s.text(9, e->related).text(10, e->prev_hash).text(11, e->hash);
            Stmt c(
                cached("INSERT INTO code_states VALUES (?,?,?,?) ON CONFLICT (segment, serial) DO "
                       "UPDATE SET state = excluded.state, last_seq = excluded.last_seq"));
            c.integer(1, ref.first).integer(2, ref.second).text(3, e->state).integer(4, e->seq);
            Stmt l(cached(kAppendEventEntry));
            l.integer(1, e->seq).integer(2, ref.first);
            if (s.step() != SQLITE_DONE || c.step() != SQLITE_DONE || l.step() != SQLITE_DONE) {
                std::string err = last_error();
                exec("ROLLBACK");
                return fail_all(err);
            }
        }
        for (const BatchRecord& b : records) {
            Stmt s(cached("INSERT INTO batches VALUES (?,?,?,?,?,?,?,?,?)"));
            s.integer(1, b.operator_id).text(2, b.batch_id).text(3, b.batch_hash);
            s.text(4, b.submission_key_id).text(5, b.envelope).integer(6, b.received_at);
            s.integer(7, b.first_seq).integer(8, b.last_seq).text(9, b.receipt);
            if (s.step() != SQLITE_DONE) {
                std::string err = last_error();
                exec("ROLLBACK");
                return fail_all(err);
            }
        }
        if (!exec("COMMIT")) {
            std::string err = last_error();
            exec("ROLLBACK");
            return fail_all(err);
        }
        return out;
    }
    std::optional<BatchRecord> find_batch(std::uint16_t operator_id,
                                          const std::string& batch_id) override {
        Stmt s(cached(
            "SELECT batch_hash, submission_key_id, envelope, received_at, first_seq, last_seq, "
            "receipt FROM batches WHERE operator = ? AND batch_id = ?"));
        s.integer(1, operator_id).text(2, batch_id);
        if (s.step() != SQLITE_ROW) return std::nullopt;
        BatchRecord b;
        b.operator_id = operator_id;
        b.batch_id = batch_id;
        b.batch_hash = s.col_text(0);
        b.submission_key_id = s.col_text(1);
        b.envelope = s.col_text(2);
        b.received_at = s.col_int(3);
        b.first_seq = s.col_int(4);
        b.last_seq = s.col_int(5);
        b.receipt = s.col_text(6);
        return b;
    }
    std::optional<std::string> add_revocation(const RevocationRecord& r) override {
        Stmt s(db_, "INSERT OR IGNORE INTO revocations VALUES (?,?,?,?)");
        s.text(1, r.submission_key_id).integer(2, r.operator_id).integer(3, r.revoked_at);
        s.blob(4, r.statement);
        if (s.step() != SQLITE_DONE) return last_error();
        return std::nullopt;
    }
    std::optional<RevocationRecord> find_revocation(const std::string& key_id) override {
        Stmt s(db_,
               "SELECT operator, revoked_at, statement FROM revocations WHERE "
               "submission_key_id = ?");
        s.text(1, key_id);
        if (s.step() != SQLITE_ROW) return std::nullopt;
        return RevocationRecord{key_id, static_cast<std::uint16_t>(s.col_int(0)), s.col_int(1),
                                s.col_blob(2)};
    }
    std::optional<std::string> current_state(std::uint32_t segment, std::uint32_t serial) override {
        Stmt s(cached("SELECT state FROM code_states WHERE segment = ? AND serial = ?"));
        s.integer(1, segment).integer(2, serial);
        if (s.step() != SQLITE_ROW) return std::nullopt;
        return s.col_text(0);
    }
    std::vector<std::pair<std::uint32_t, std::string>> states_in_segment(
        std::uint32_t segment) override {
        std::vector<std::pair<std::uint32_t, std::string>> out;
        Stmt s(db_, "SELECT serial, state FROM code_states WHERE segment = ? ORDER BY serial");
        s.integer(1, segment);
        while (s.step() == SQLITE_ROW)
            out.emplace_back(static_cast<std::uint32_t>(s.col_int(0)), s.col_text(1));
        return out;
    }

    std::vector<Event> events() override {
        return query(std::string(kEventColumns) + "ORDER BY seq", {});
    }
    std::vector<Event> events_for(const std::string& code) override {
        return query(std::string(kEventColumns) + "WHERE code = ? ORDER BY seq", code);
    }
    std::vector<Event> events_in_segment(std::uint32_t segment) override {
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%08u-", segment);
        return query(std::string(kEventColumns) + "WHERE substr(code, 1, 9) = ? ORDER BY seq",
                     prefix);
    }
    std::optional<Event> last_event() override {
        auto v = query(std::string(kEventColumns) + "ORDER BY seq DESC LIMIT 1", {});
        if (v.empty()) return std::nullopt;
        return v[0];
    }

    std::optional<std::string> add_segment(const SegmentRecord& r) override {
        Stmt s(db_, "INSERT INTO segments VALUES (?,?,?,?,?,?)");
        s.integer(1, r.body.segment).integer(2, r.body.operator_id).integer(3, r.body.first);
        s.integer(4, r.body.last).integer(5, r.body.issued_at).blob(6, r.certificate);
        if (s.step() != SQLITE_DONE) return last_error();
        return std::nullopt;
    }
    std::vector<SegmentRecord> segments() override {
        std::vector<SegmentRecord> out;
        Stmt s(db_,
               "SELECT segment, operator, first, last, issued_at, certificate FROM segments ORDER "
               "BY segment");
        while (s.step() == SQLITE_ROW) {
            SegmentRecord r;
            r.body.segment = static_cast<std::uint32_t>(s.col_int(0));
            r.body.operator_id = static_cast<std::uint16_t>(s.col_int(1));
            r.body.first = static_cast<std::uint32_t>(s.col_int(2));
            r.body.last = static_cast<std::uint32_t>(s.col_int(3));
            r.body.issued_at = s.col_int(4);
            r.certificate = s.col_blob(5);
            out.push_back(std::move(r));
        }
        return out;
    }
    std::optional<std::uint64_t> next_snapshot_sequence(std::uint32_t segment,
                                                        UnixTime issued_at) override {
        if (!exec("BEGIN IMMEDIATE")) return std::nullopt;
        Stmt q(db_, "SELECT COALESCE(MAX(sequence), 0) FROM snapshots WHERE segment = ?");
        q.integer(1, segment);
        std::uint64_t next =
            q.step() == SQLITE_ROW ? static_cast<std::uint64_t>(q.col_int(0)) + 1 : 1;
        Stmt ins(db_, "INSERT INTO snapshots VALUES (?,?,?)");
        ins.integer(1, segment).integer(2, static_cast<std::int64_t>(next)).integer(3, issued_at);
        if (ins.step() != SQLITE_DONE || !exec("COMMIT")) {
            exec("ROLLBACK");
            return std::nullopt;
        }
        return next;
    }
    std::string last_error() const override { return sqlite3_errmsg(db_); }
    std::optional<std::array<std::uint8_t, 32>> details_key() override {
        Stmt s(db_, "SELECT value FROM meta WHERE name = 'details_key'");
        if (s.step() != SQLITE_ROW) return std::nullopt;
        Bytes b = s.col_blob(0);
        if (b.size() != 32) return std::nullopt;
        std::array<std::uint8_t, 32> k{};
        std::copy(b.begin(), b.end(), k.begin());
        return k;
    }

    std::vector<LogEntryRecord> log_entries(std::uint16_t log, std::uint64_t from) override {
        std::vector<LogEntryRecord> out;
        Stmt s(db_,
               "SELECT idx, kind, seq, map_root, segments FROM log_entries WHERE log = ? AND idx "
               ">= ? ORDER BY idx");
        s.integer(1, log).integer(2, static_cast<std::int64_t>(from));
        while (s.step() == SQLITE_ROW) {
            LogEntryRecord r;
            r.index = static_cast<std::uint64_t>(s.col_int(0));
            r.kind = static_cast<std::uint8_t>(s.col_int(1));
            r.seq = s.col_int(2);
            const Bytes root = s.col_blob(3);
            if (root.size() == r.map_root.size())
                std::copy(root.begin(), root.end(), r.map_root.begin());
            r.segments = parse_segment_list(s.col_text(4));
            out.push_back(std::move(r));
        }
        return out;
    }
    Result<bool> append_index_entry(std::uint16_t log, const LogEntryRecord& e) override {
        if (!exec("BEGIN IMMEDIATE")) return make_error(Reason::store_failed, last_error());
        Stmt q(db_, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries WHERE log = ?");
        q.integer(1, log);
        if (q.step() != SQLITE_ROW || static_cast<std::uint64_t>(q.col_int(0)) != e.index) {
            exec("ROLLBACK");
            return false;
        }
        Stmt ins(db_, "INSERT INTO log_entries VALUES (?, ?, 2, NULL, ?, ?)");
        ins.integer(1, log).integer(2, static_cast<std::int64_t>(e.index));
        ins.blob(3, Bytes(e.map_root.begin(), e.map_root.end()))
            .text(4, format_segment_list(e.segments));
        if (ins.step() != SQLITE_DONE || !exec("COMMIT")) {
            std::string err = last_error();
            exec("ROLLBACK");
            return make_error(Reason::store_failed, err);
        }
        return true;
    }

    bool needs_log_rebuild() {
        Stmt s(db_,
               "SELECT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM log_entries)");
        return s.step() == SQLITE_ROW && s.col_int(0) == 1;
    }
    bool needs_state_rebuild() {
        Stmt s(db_,
               "SELECT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM code_states)");
        return s.step() == SQLITE_ROW && s.col_int(0) == 1;
    }
    bool exec(const char* sql) {
        return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }

  private:
    std::vector<Event> query(const std::string& sql, const std::string& arg) {
        std::vector<Event> out;
        Stmt s(db_, sql.c_str());
        if (!arg.empty()) s.text(1, arg);
        while (s.step() == SQLITE_ROW) {
            Event e;
            e.seq = s.col_int(0);
            e.code = s.col_text(1);
            e.type = s.col_text(2);
            e.state = s.col_text(3);
            e.actor = s.col_text(4);
            e.place = s.col_text(5);
            e.reason = s.col_text(6);
            e.time = s.col_int(7);
            e.related = s.col_text(8);
            e.prev_hash = s.col_text(9);
            e.hash = s.col_text(10);
            out.push_back(std::move(e));
        }
        return out;
    }
    // The statement for `sql` (a string literal), prepared once per connection.
    sqlite3_stmt* cached(const char* sql) {
        auto it = kept_.find(sql);
        if (it != kept_.end()) return it->second;
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, sql, -1, &st, nullptr);
        return kept_[sql] = st;
    }
    sqlite3* db_;
    std::map<const char*, sqlite3_stmt*> kept_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string err = path + ": " + (db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return make_error(Reason::store_failed, err);
    }
    sqlite3_busy_timeout(db, 5000);
    char* msg = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string err = path + ": " + (msg ? msg : "schema failed");
        sqlite3_free(msg);
        sqlite3_close(db);
        return make_error(Reason::store_failed, err);
    }
    auto store = std::make_unique<SqliteStore>(db);
    if (store->needs_state_rebuild() &&
        sqlite3_exec(db, kRebuildStates, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string err = path + ": rebuilding code states: " + (msg ? msg : "failed");
        sqlite3_free(msg);
        return make_error(Reason::store_failed, err);
    }
    if (store->needs_log_rebuild() &&
        sqlite3_exec(db, kRebuildLog, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string err = path + ": rebuilding log entries: " + (msg ? msg : "failed");
        sqlite3_free(msg);
        return make_error(Reason::store_failed, err);
    }
    return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> create_sqlite_store_with_key(
    const std::string& path, const std::array<std::uint8_t, 32>& details_key) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_close(db);
        return make_error(Reason::store_failed, path + ": exists (a keyed store must be new)");
    }
    sqlite3_close(db);
    db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string err = path + ": " + (db ? sqlite3_errmsg(db) : "cannot create");
        sqlite3_close(db);
        return make_error(Reason::store_failed, err);
    }
    // The schema's INSERT OR IGNORE keeps this key. (Statements end before the connection.)
    bool keyed = false;
    {
        Stmt create(db, "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)");
        keyed = create.step() == SQLITE_DONE;
    }
    if (keyed) {
        Stmt ins(db, "INSERT INTO meta VALUES ('details_key', ?)");
        ins.blob(1, Bytes(details_key.begin(), details_key.end()));
        keyed = ins.step() == SQLITE_DONE;
    }
    const std::string err = sqlite3_errmsg(db);
    sqlite3_close(db);
    if (!keyed) return make_error(Reason::store_failed, path + ": " + err);
    return open_sqlite_store(path);
}

}  // namespace traceseal::registry
