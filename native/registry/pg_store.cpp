// The registry on PostgreSQL through libpq: the same append-only, hash-chained log as the SQLite
// store, with segment and serial as integer columns, one writer at a time sequencing the log
// (a transaction-scoped advisory lock), and triggers that refuse UPDATE, DELETE and TRUNCATE.
#include <libpq-fe.h>
#include <sys/random.h>

#include <map>
#include <memory>

#include "store.h"

namespace traceseal::registry {
namespace {

// Every statement is idempotent, so a second process opening the same database is harmless; the
// advisory lock around it keeps two first openings from racing on CREATE.
constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS events (
  seq BIGINT PRIMARY KEY, code TEXT NOT NULL, segment BIGINT NOT NULL, serial BIGINT NOT NULL,
  type TEXT NOT NULL, state TEXT NOT NULL, actor TEXT NOT NULL, place TEXT NOT NULL,
  reason TEXT NOT NULL, time BIGINT NOT NULL, related TEXT NOT NULL, prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE);
CREATE INDEX IF NOT EXISTS events_code ON events (segment, serial, seq);
CREATE TABLE IF NOT EXISTS segments (
  segment BIGINT PRIMARY KEY, operator INTEGER NOT NULL, first BIGINT NOT NULL,
  last BIGINT NOT NULL, issued_at BIGINT NOT NULL, certificate BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS code_states (
  segment BIGINT NOT NULL, serial BIGINT NOT NULL, state TEXT NOT NULL, last_seq BIGINT NOT NULL,
  PRIMARY KEY (segment, serial));
CREATE TABLE IF NOT EXISTS snapshots (
  segment BIGINT NOT NULL, sequence BIGINT NOT NULL, issued_at BIGINT NOT NULL,
  PRIMARY KEY (segment, sequence));
CREATE TABLE IF NOT EXISTS batches (
  operator INTEGER NOT NULL, batch_id TEXT NOT NULL, batch_hash TEXT NOT NULL,
  submission_key_id TEXT NOT NULL, envelope TEXT NOT NULL, received_at BIGINT NOT NULL,
  first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, receipt TEXT NOT NULL,
  PRIMARY KEY (operator, batch_id));
CREATE TABLE IF NOT EXISTS revocations (
  submission_key_id TEXT PRIMARY KEY, operator INTEGER NOT NULL, revoked_at BIGINT NOT NULL,
  statement BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS log_entries (
  log INTEGER NOT NULL, idx BIGINT NOT NULL, kind SMALLINT NOT NULL CHECK (kind IN (1, 2)),
  seq BIGINT UNIQUE, map_root BYTEA, segments TEXT, PRIMARY KEY (log, idx));
CREATE OR REPLACE FUNCTION traceseal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER segments_append_only BEFORE UPDATE OR DELETE ON segments
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER batches_append_only BEFORE UPDATE OR DELETE ON batches
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER revocations_append_only BEFORE UPDATE OR DELETE ON revocations
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
CREATE OR REPLACE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
  FOR EACH STATEMENT EXECUTE FUNCTION traceseal_append_only();
-- A database written before log_entries existed gets its event entries once, in seq order.
INSERT INTO log_entries (log, idx, kind, seq)
  SELECT s.operator, ROW_NUMBER() OVER (PARTITION BY s.operator ORDER BY e.seq) - 1, 1, e.seq
  FROM events e JOIN segments s ON s.segment = e.segment
  WHERE NOT EXISTS (SELECT 1 FROM log_entries);
CREATE OR REPLACE TRIGGER meta_write_once BEFORE UPDATE OR DELETE ON meta
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
)";

// The next entries of the events' operators' logs (FORMAT.md §10.17), one per event in seq order
// within each operator's log; no row for a segment the registry does not hold. One statement for
// all the events of a write.
constexpr const char* kAppendEventEntries = R"(
INSERT INTO log_entries (log, idx, kind, seq)
  SELECT s.operator,
         (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries WHERE log = s.operator)
           + ROW_NUMBER() OVER (PARTITION BY s.operator ORDER BY k.seq) - 1,
         1, k.seq
  FROM unnest($1::bigint[], $2::bigint[]) AS k(seq, segment)
  JOIN segments s ON s.segment = k.segment)";

// The advisory lock key that sequences writers of one database ("TSLOG" in ASCII).
constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(361646116679)";

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

constexpr const char* kEventColumns =
    "SELECT seq, code, type, state, actor, place, reason, time, related, prev_hash, hash FROM "
    "events ";

class PgStore final : public Store {
  public:
    explicit PgStore(PGconn* c) : c_(c) {}
    ~PgStore() override { PQfinish(c_); }

    Result<std::vector<Event>> write(const WriteFn& build, const BatchFn& batch) override {
        if (!begin_writer()) return make_error(Reason::store_failed, last_error());
        // What this write reads under the lock stays true until it ends: the tip is read once.
        struct ClearCache {
            PgStore& s;
            ~ClearCache() {
                s.prefetched_.reset();
                s.tip_.reset();
            }
        } clear{*this};
        tip_ = last_event();
        auto events = build(*this);
        if (!events) {
            rollback();
            return events;
        }
        if (auto bad = check_continues(last_event(), *events)) {
            rollback();
            return make_error(Reason::store_failed, *bad);
        }
        if (auto err = insert_events(*events)) {
            rollback();
            return make_error(Reason::store_failed, *err);
        }
        if (batch) {
            BatchRecord b = batch(*events);
            PgResult r = run(
                "INSERT INTO batches VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (operator, "
                "batch_id) DO NOTHING",
                {std::to_string(b.operator_id), b.batch_id, b.batch_hash, b.submission_key_id,
                 b.envelope, std::to_string(b.received_at), std::to_string(b.first_seq),
                 std::to_string(b.last_seq), b.receipt});
            if (!ok(r.get(), PGRES_COMMAND_OK)) {
                const std::string err = last_error();
                rollback();
                return make_error(Reason::store_failed, err);
            }
            if (std::string(PQcmdTuples(r.get())) != "1") {
                rollback();
                return make_error(Reason::batch_conflict, "batch " + b.batch_id + " of operator " +
                                                              std::to_string(b.operator_id) +
                                                              " is already recorded");
            }
        }
        if (!command("COMMIT", {})) {
            const std::string err = last_error();
            rollback();
            return make_error(Reason::store_failed, err);
        }
        return events;
    }
    std::optional<BatchRecord> find_batch(std::uint16_t operator_id,
                                          const std::string& batch_id) override {
        PgResult r =
            run("SELECT batch_hash, submission_key_id, envelope, received_at, first_seq, last_seq, "
                "receipt FROM batches WHERE operator = $1 AND batch_id = $2",
                {std::to_string(operator_id), batch_id});
        if (!ok(r.get(), PGRES_TUPLES_OK) || PQntuples(r.get()) != 1) return std::nullopt;
        BatchRecord b;
        b.operator_id = operator_id;
        b.batch_id = batch_id;
        b.batch_hash = PQgetvalue(r.get(), 0, 0);
        b.submission_key_id = PQgetvalue(r.get(), 0, 1);
        b.envelope = PQgetvalue(r.get(), 0, 2);
        b.received_at = integer(r.get(), 0, 3);
        b.first_seq = integer(r.get(), 0, 4);
        b.last_seq = integer(r.get(), 0, 5);
        b.receipt = PQgetvalue(r.get(), 0, 6);
        return b;
    }
    std::optional<std::string> add_revocation(const RevocationRecord& rec) override {
        if (!command("INSERT INTO revocations VALUES ($1,$2,$3,decode($4,'hex')) ON CONFLICT DO "
                     "NOTHING",
                     {rec.submission_key_id, std::to_string(rec.operator_id),
                      std::to_string(rec.revoked_at), to_bytea_hex(rec.statement)}))
            return last_error();
        return std::nullopt;
    }
    std::optional<RevocationRecord> find_revocation(const std::string& key_id) override {
        PgResult r =
            run("SELECT operator, revoked_at, encode(statement, 'hex') FROM revocations WHERE "
                "submission_key_id = $1",
                {key_id});
        if (!ok(r.get(), PGRES_TUPLES_OK) || PQntuples(r.get()) != 1) return std::nullopt;
        auto st = from_hex(PQgetvalue(r.get(), 0, 2));
        return RevocationRecord{key_id, static_cast<std::uint16_t>(integer(r.get(), 0, 0)),
                                integer(r.get(), 0, 1), st ? *st : Bytes()};
    }
    void prefetch_states(
        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& codes) override {
        std::string segs = "{", sers = "{";
        for (std::size_t i = 0; i < codes.size(); ++i) {
            segs += (i ? "," : "") + std::to_string(codes[i].first);
            sers += (i ? "," : "") + std::to_string(codes[i].second);
        }
        PgResult r =
            run("SELECT c.segment, c.serial, c.state FROM code_states c JOIN unnest($1::bigint[], "
                "$2::bigint[]) AS k(segment, serial) USING (segment, serial)",
                {segs + "}", sers + "}"});
        if (!ok(r.get(), PGRES_TUPLES_OK)) return;  // current_state() asks one by one then
        prefetched_.emplace();
        for (const auto& c : codes) prefetched_->emplace(c, std::string());
        for (int i = 0; i < PQntuples(r.get()); ++i)
            (*prefetched_)[{static_cast<std::uint32_t>(integer(r.get(), i, 0)),
                            static_cast<std::uint32_t>(integer(r.get(), i, 1))}] =
                PQgetvalue(r.get(), i, 2);
    }
    std::optional<std::string> current_state(std::uint32_t segment, std::uint32_t serial) override {
        if (prefetched_) {
            auto it = prefetched_->find({segment, serial});
            if (it != prefetched_->end()) {
                if (it->second.empty()) return std::nullopt;  // no event yet
                return it->second;
            }
        }
        PgResult r = run("SELECT state FROM code_states WHERE segment = $1 AND serial = $2",
                         {std::to_string(segment), std::to_string(serial)});
        if (!ok(r.get(), PGRES_TUPLES_OK) || PQntuples(r.get()) != 1) return std::nullopt;
        return std::string(PQgetvalue(r.get(), 0, 0));
    }
    std::vector<std::pair<std::uint32_t, std::string>> states_in_segment(
        std::uint32_t segment) override {
        std::vector<std::pair<std::uint32_t, std::string>> out;
        PgResult r = run("SELECT serial, state FROM code_states WHERE segment = $1 ORDER BY serial",
                         {std::to_string(segment)});
        if (!ok(r.get(), PGRES_TUPLES_OK)) return out;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out.emplace_back(static_cast<std::uint32_t>(integer(r.get(), i, 0)),
                             PQgetvalue(r.get(), i, 1));
        return out;
    }

    std::vector<Event> events() override { return query_events("ORDER BY seq", {}); }
    std::vector<Event> events_for(const std::string& code) override {
        const auto ref = split_code_number(code);
        if (!ref) return {};
        return query_events("WHERE segment = $1 AND serial = $2 ORDER BY seq",
                            {std::to_string(ref->first), std::to_string(ref->second)});
    }
    std::vector<Event> events_in_segment(std::uint32_t segment) override {
        return query_events("WHERE segment = $1 ORDER BY seq", {std::to_string(segment)});
    }
    std::optional<Event> last_event() override {
        if (tip_) return *tip_;
        auto v = query_events("ORDER BY seq DESC LIMIT 1", {});
        if (v.empty()) return std::nullopt;
        return v[0];
    }

    std::optional<std::string> add_segment(const SegmentRecord& r) override {
        const std::string cert = to_bytea_hex(r.certificate);
        if (!command("INSERT INTO segments VALUES ($1,$2,$3,$4,$5,decode($6,'hex'))",
                     {std::to_string(r.body.segment), std::to_string(r.body.operator_id),
                      std::to_string(r.body.first), std::to_string(r.body.last),
                      std::to_string(r.body.issued_at), cert}))
            return last_error();
        return std::nullopt;
    }
    std::vector<SegmentRecord> segments() override {
        std::vector<SegmentRecord> out;
        PgResult r =
            run("SELECT segment, operator, first, last, issued_at, encode(certificate, "
                "'hex') FROM segments ORDER BY segment",
                {});
        if (!ok(r.get(), PGRES_TUPLES_OK)) return out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            SegmentRecord s;
            s.body.segment = static_cast<std::uint32_t>(integer(r.get(), i, 0));
            s.body.operator_id = static_cast<std::uint16_t>(integer(r.get(), i, 1));
            s.body.first = static_cast<std::uint32_t>(integer(r.get(), i, 2));
            s.body.last = static_cast<std::uint32_t>(integer(r.get(), i, 3));
            s.body.issued_at = integer(r.get(), i, 4);
            auto cert = from_hex(PQgetvalue(r.get(), i, 5));
            s.certificate = cert ? *cert : Bytes();
            out.push_back(std::move(s));
        }
        return out;
    }
    std::optional<std::uint64_t> next_snapshot_sequence(std::uint32_t segment,
                                                        UnixTime issued_at) override {
        if (!begin_writer()) return std::nullopt;
        PgResult r =
            run("INSERT INTO snapshots SELECT $1, COALESCE(MAX(sequence), 0) + 1, $2 "
                "FROM snapshots WHERE segment = $1 RETURNING sequence",
                {std::to_string(segment), std::to_string(issued_at)});
        if (!ok(r.get(), PGRES_TUPLES_OK) || PQntuples(r.get()) != 1) {
            rollback();
            return std::nullopt;
        }
        const auto next = static_cast<std::uint64_t>(integer(r.get(), 0, 0));
        if (!command("COMMIT", {})) return std::nullopt;
        return next;
    }
    std::string last_error() const override {
        return error_.empty() ? std::string(PQerrorMessage(c_)) : error_;
    }
    std::optional<std::array<std::uint8_t, 32>> details_key() override {
        PgResult r = run("SELECT encode(value, 'hex') FROM meta WHERE name = 'details_key'", {});
        if (!ok(r.get(), PGRES_TUPLES_OK) || PQntuples(r.get()) != 1) return std::nullopt;
        auto b = from_hex(PQgetvalue(r.get(), 0, 0));
        if (!b || b->size() != 32) return std::nullopt;
        std::array<std::uint8_t, 32> k{};
        std::copy(b->begin(), b->end(), k.begin());
        return k;
    }

    std::vector<LogEntryRecord> log_entries(std::uint16_t log, std::uint64_t from) override {
        std::vector<LogEntryRecord> out;
        PgResult r =
            run("SELECT idx, kind, COALESCE(seq, 0), encode(COALESCE(map_root, ''), 'hex'), "
                "COALESCE(segments, '') FROM log_entries WHERE log = $1 AND idx >= $2 ORDER BY idx",
                {std::to_string(log), std::to_string(from)});
        if (!ok(r.get(), PGRES_TUPLES_OK)) return out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            LogEntryRecord e;
            e.index = static_cast<std::uint64_t>(integer(r.get(), i, 0));
            e.kind = static_cast<std::uint8_t>(integer(r.get(), i, 1));
            e.seq = integer(r.get(), i, 2);
            auto root = from_hex(PQgetvalue(r.get(), i, 3));
            if (root && root->size() == e.map_root.size())
                std::copy(root->begin(), root->end(), e.map_root.begin());
            e.segments = parse_segment_list(PQgetvalue(r.get(), i, 4));
            out.push_back(std::move(e));
        }
        return out;
    }
    Result<bool> append_index_entry(std::uint16_t log, const LogEntryRecord& e) override {
        if (!begin_writer()) return make_error(Reason::store_failed, last_error());
        PgResult r =
            run("INSERT INTO log_entries SELECT $1::integer, $2::bigint, 2, NULL::bigint, "
                "decode($3, 'hex'), $4::text WHERE (SELECT COALESCE(MAX(idx) + 1, 0) FROM "
                "log_entries WHERE log = $1::integer) = $2::bigint "
                "RETURNING idx",
                {std::to_string(log), std::to_string(e.index),
                 to_bytea_hex(Bytes(e.map_root.begin(), e.map_root.end())),
                 format_segment_list(e.segments)});
        if (!ok(r.get(), PGRES_TUPLES_OK)) {
            const std::string err = last_error();
            rollback();
            return make_error(Reason::store_failed, err);
        }
        const bool appended = PQntuples(r.get()) == 1;
        if (!command("COMMIT", {})) return make_error(Reason::store_failed, last_error());
        return appended;
    }

    // Creates the tables once and the details key once (made here: PostgreSQL's own random()
    // is not a cryptographic generator, and pgcrypto is an extension we do not require).
    bool create_schema() {
        if (!command("BEGIN", {}) || !command(kWriterLock, {})) return false;
        PgResult r(PQexec(c_, kSchema));
        if (!ok(r.get(), PGRES_COMMAND_OK)) {
            rollback();
            return false;
        }
        std::array<std::uint8_t, 32> key{};
        if (getrandom(key.data(), key.size(), 0) != static_cast<ssize_t>(key.size())) {
            error_ = "getrandom failed";
            rollback();
            return false;
        }
        if (!command("INSERT INTO meta VALUES ('details_key', decode($1, 'hex')) ON CONFLICT DO "
                     "NOTHING",
                     {to_bytea_hex(Bytes(key.begin(), key.end()))})) {
            rollback();
            return false;
        }
        return command("COMMIT", {});
    }

  private:
    // The events and their code states, 500 rows per statement (one round trip, not two per
    // event); the error text, if any.
    std::optional<std::string> insert_events(const std::vector<Event>& events) {
        constexpr std::size_t kRows = 500;
        for (std::size_t from = 0; from < events.size(); from += kRows) {
            const std::size_t to = std::min(events.size(), from + kRows);
            std::string ev = "INSERT INTO events VALUES ", st = "INSERT INTO code_states VALUES ";
            std::vector<std::string> evp, stp;
            std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> last;  // code -> row
            for (std::size_t i = from; i < to; ++i) last[*split_code_number(events[i].code)] = i;
            for (std::size_t i = from; i < to; ++i) {
                const Event& e = events[i];
                const auto ref = *split_code_number(e.code);
                const std::string seg = std::to_string(ref.first), ser = std::to_string(ref.second);
                ev += (i > from ? ",(" : "(");
                for (int k = 0; k < 13; ++k)
                    ev += (k ? ",$" : "$") + std::to_string(evp.size() + k + 1);
                ev += ")";
                for (const std::string& v :
                     {std::to_string(e.seq), e.code, seg, ser, e.type, e.state, e.actor, e.place,
                      e.reason, std::to_string(e.time), e.related, e.prev_hash, e.hash})
                    evp.push_back(v);
                if (last[ref] != i) continue;  // one row per code: its last state in the chunk
                st += (stp.empty() ? "(" : ",(");
                for (int k = 0; k < 4; ++k)
                    st += (k ? ",$" : "$") + std::to_string(stp.size() + k + 1);
                st += ")";
                for (const std::string& v : {seg, ser, e.state, std::to_string(e.seq)})
                    stp.push_back(v);
            }
            st +=
                " ON CONFLICT (segment, serial) DO UPDATE SET state = excluded.state, last_seq = "
                "excluded.last_seq";
            if (!command(ev.c_str(), evp) || !command(st.c_str(), stp)) return last_error();
        }
        // Their log entries (§10.17).
        std::string seqs = "{", segs = "{";
        for (std::size_t i = 0; i < events.size(); ++i) {
            seqs += (i ? "," : "") + std::to_string(events[i].seq);
            segs += (i ? "," : "") + std::to_string(split_code_number(events[i].code)->first);
        }
        if (!command(kAppendEventEntries, {seqs + "}", segs + "}"})) return last_error();
        return std::nullopt;
    }
    static std::string to_bytea_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
    static std::int64_t integer(PGresult* r, int row, int col) {
        return std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
    }

    // BEGIN and the writer lock in one round trip.
    bool begin_writer() {
        PgResult r(PQexec(c_, (std::string("BEGIN; ") + kWriterLock).c_str()));
        error_.clear();
        return ok(r.get(), PGRES_TUPLES_OK);
    }
    void rollback() {
        const std::string keep = last_error();
        PgResult r(PQexec(c_, "ROLLBACK"));
        error_ = keep;
    }
    PgResult run(const char* sql, const std::vector<std::string>& params) {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) values.push_back(p.c_str());
        error_.clear();
        return PgResult(PQexecParams(c_, sql, static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0));
    }
    bool ok(PGresult* r, ExecStatusType want) {
        if (r && PQresultStatus(r) == want) return true;
        error_ = r ? PQresultErrorMessage(r) : PQerrorMessage(c_);
        while (!error_.empty() && error_.back() == '\n') error_.pop_back();
        return false;
    }
    bool command(const char* sql, const std::vector<std::string>& params) {
        PgResult r = run(sql, params);
        return ok(r.get(),
                  PQresultStatus(r.get()) == PGRES_TUPLES_OK ? PGRES_TUPLES_OK : PGRES_COMMAND_OK);
    }
    std::vector<Event> query_events(const std::string& tail,
                                    const std::vector<std::string>& params) {
        std::vector<Event> out;
        PgResult r = run((std::string(kEventColumns) + tail).c_str(), params);
        if (!ok(r.get(), PGRES_TUPLES_OK)) return out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            Event e;
            e.seq = integer(r.get(), i, 0);
            e.code = PQgetvalue(r.get(), i, 1);
            e.type = PQgetvalue(r.get(), i, 2);
            e.state = PQgetvalue(r.get(), i, 3);
            e.actor = PQgetvalue(r.get(), i, 4);
            e.place = PQgetvalue(r.get(), i, 5);
            e.reason = PQgetvalue(r.get(), i, 6);
            e.time = integer(r.get(), i, 7);
            e.related = PQgetvalue(r.get(), i, 8);
            e.prev_hash = PQgetvalue(r.get(), i, 9);
            e.hash = PQgetvalue(r.get(), i, 10);
            out.push_back(std::move(e));
        }
        return out;
    }

    PGconn* c_;
    std::string error_;
    // The states prefetch_states() read, for the write in progress only.
    std::optional<std::map<std::pair<std::uint32_t, std::uint32_t>, std::string>> prefetched_;
    std::optional<std::optional<Event>> tip_;  // the log's tip, read once per write
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& conninfo) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (!c || PQstatus(c) != CONNECTION_OK) {
        std::string err = c ? PQerrorMessage(c) : "out of memory";
        while (!err.empty() && err.back() == '\n') err.pop_back();
        PQfinish(c);
        return make_error(Reason::store_failed, "PostgreSQL: " + err);
    }
    // Quiet NOTICEs ("relation already exists, skipping") instead of libpq printing them.
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    auto store = std::make_unique<PgStore>(c);
    if (!store->create_schema())
        return make_error(Reason::store_failed, "PostgreSQL schema: " + store->last_error());
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace traceseal::registry
