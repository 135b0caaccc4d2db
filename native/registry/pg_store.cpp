// The registry on PostgreSQL through libpq: the same append-only, hash-chained log as the SQLite
// store, with segment and serial as integer columns, one writer at a time sequencing the log
// (a transaction-scoped advisory lock), and triggers that refuse UPDATE, DELETE and TRUNCATE.
#include <libpq-fe.h>
#include <sys/random.h>

#include <algorithm>
#include <chrono>
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
-- A batch keeps its envelope and receipt (tens of KB for big batches): lz4 compresses them at a
-- fraction of pglz's cost, where the server has it.
DO $$ BEGIN
  ALTER TABLE batches ALTER COLUMN envelope SET COMPRESSION lz4;
  ALTER TABLE batches ALTER COLUMN receipt SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN NULL; END $$;
CREATE OR REPLACE TRIGGER meta_write_once BEFORE UPDATE OR DELETE ON meta
  FOR EACH ROW EXECUTE FUNCTION traceseal_append_only();
)";

// The next entries of the events' operators' logs (FORMAT.md §10.17), one per event in seq order
// within each operator's log; no row for a segment the registry does not hold. One statement for
// all the events of a write. Each log's tip is looked up once per log (MATERIALIZED): as a
// subquery per row it rescanned, for every event, the index entries this statement had already
// added (invisible to it, but each one a heap fetch): quadratic in the group's size.
constexpr const char* kAppendEventEntries = R"(
WITH k AS (SELECT k.seq, s.operator FROM unnest($1::bigint[], $2::bigint[]) AS k(seq, segment)
           JOIN segments s ON s.segment = k.segment),
     tip AS MATERIALIZED (
       SELECT o.operator,
              (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries WHERE log = o.operator) AS next
       FROM (SELECT DISTINCT operator FROM k) o)
INSERT INTO log_entries (log, idx, kind, seq)
  SELECT k.operator, tip.next + ROW_NUMBER() OVER (PARTITION BY k.operator ORDER BY k.seq) - 1,
         1, k.seq
  FROM k JOIN tip ON tip.operator = k.operator)";

// The current states of the codes of a write, and which of its batch ids are recorded: one
// index probe per key (LATERAL … OFFSET 0 keeps the subquery a parameterised scan), never a hash
// join over the whole table, which the planner picks while the table's statistics are young and
// which costs time in proportion to every code ever written, under the writer lock.
constexpr const char* kStatesOf =
    "SELECT k.segment, k.serial, c.state FROM unnest($1::bigint[], $2::bigint[]) AS "
    "k(segment, serial) CROSS JOIN LATERAL (SELECT state FROM code_states c WHERE c.segment = "
    "k.segment AND c.serial = k.serial OFFSET 0) c";
constexpr const char* kBatchesOf =
    "SELECT k.operator, k.batch_id, b.batch_hash, b.submission_key_id, b.envelope, "
    "b.received_at, b.first_seq, b.last_seq, b.receipt FROM unnest($1::integer[], $2::text[]) "
    "AS k(operator, batch_id) CROSS JOIN LATERAL (SELECT * FROM batches b WHERE b.operator = "
    "k.operator AND b.batch_id = k.batch_id OFFSET 0) b";
// A group's rows, one statement per table over arrays (the batch id conflicts were looked up
// under the lock first, so a conflict here fails the whole transaction instead of hiding).
constexpr const char* kInsertEvents =
    "INSERT INTO events SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], "
    "$4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], "
    "$11::text[], $12::text[], $13::text[])";
constexpr const char* kUpsertStates =
    "INSERT INTO code_states SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], "
    "$4::bigint[]) ON CONFLICT (segment, serial) DO UPDATE SET state = excluded.state, "
    "last_seq = excluded.last_seq";
constexpr const char* kInsertBatches =
    "INSERT INTO batches SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], "
    "$5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[])";

// The advisory lock key that sequences writers of one database ("TSLOG" in ASCII).
constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(361646116679)";

PGconn* open_connection(const std::string& conninfo, std::string& err);

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

constexpr const char* kEventColumns =
    "SELECT seq, code, type, state, actor, place, reason, time, related, prev_hash, hash FROM "
    "events ";

class PgStore final : public Store {
  public:
    PgStore(std::string conninfo, PGconn* c) : conninfo_(std::move(conninfo)), c_(c) {}
    ~PgStore() override {
        if (c_) PQfinish(c_);
    }
    bool unavailable() override { return !c_ || PQstatus(c_) != CONNECTION_OK; }

    // Group commit (Store::write_all) in three round trips whatever the group's size: BEGIN, the
    // writer lock and the tip; the states and recorded batch ids of the whole group (pipelined);
    // then every insert and the COMMIT (pipelined). The builds run in between, in this process.
    std::vector<WriteResult> write_all(const std::vector<WriteRequest>& writes) override {
        std::vector<WriteResult> out;
        auto fail_all = [&](const std::string& err) {
            out.assign(writes.size(), make_error(Reason::store_failed, err));
            return out;
        };
        struct ClearCache {
            PgStore& s;
            ~ClearCache() {
                s.prefetched_.reset();
                s.batches_.reset();
                s.tip_.reset();
            }
        } clear{*this};
        // What the group will ask, read at once with BEGIN, the lock and the tip (the lock keeps
        // it true until the COMMIT).
        std::vector<std::pair<std::uint32_t, std::uint32_t>> codes;
        std::vector<std::pair<std::uint16_t, std::string>> keys;
        for (const WriteRequest& w : writes) {
            codes.insert(codes.end(), w.codes.begin(), w.codes.end());
            if (w.batch && !w.batch_id.empty()) keys.emplace_back(w.batch_operator, w.batch_id);
        }
        if (!begin_and_read(codes, keys)) {
            const std::string err = last_error();
            rollback();
            return fail_all(err);
        }
        GroupView view(*this);
        std::vector<Event> appended;
        std::vector<BatchRecord> records;
        for (const WriteRequest& w : writes) {
            std::optional<BatchRecord> record;
            auto r = view.run(w, record);
            if (r) {
                appended.insert(appended.end(), r->begin(), r->end());
                if (record) records.push_back(std::move(*record));
            }
            out.push_back(std::move(r));
        }
        if (appended.empty() && records.empty()) {
            rollback();
            return out;
        }
        std::vector<Query> q = insert_queries(appended, records);
        q.push_back({"COMMIT", {}});
        auto results = pipeline(q);
        bool committed = results.size() == q.size();
        for (std::size_t i = 0; committed && i < results.size(); ++i)
            committed = ok(results[i].get(), PGRES_COMMAND_OK);
        // (A COMMIT of a failed transaction answers ROLLBACK; the pipeline skips it anyway.)
        committed = committed && std::string(PQcmdStatus(results.back().get())) == "COMMIT";
        if (!committed) {
            if (error_.empty()) error_ = "the group's inserts did not all run";
            const std::string err = last_error();
            rollback();
            return fail_all(err);
        }
        in_tx_ = false;
        return out;
    }
    std::optional<BatchRecord> find_batch(std::uint16_t operator_id,
                                          const std::string& batch_id) override {
        if (batches_) {
            auto it = batches_->find({operator_id, batch_id});
            if (it != batches_->end()) return it->second;
        }
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
        std::vector<std::pair<std::uint32_t, std::uint32_t>> missing;
        for (const auto& c : codes)
            if (!prefetched_ || !prefetched_->count(c)) missing.push_back(c);
        if (missing.empty()) return;
        PgResult r = run(kStatesOf, states_params(missing));
        if (!ok(r.get(), PGRES_TUPLES_OK)) return;  // current_state() asks one by one then
        keep_states(missing, r.get());
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
        if (!commit()) return std::nullopt;
        return next;
    }
    std::string last_error() const override { return error_.empty() ? connection_error() : error_; }
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
        if (!commit()) return make_error(Reason::store_failed, last_error());
        return appended;
    }

    // Creates the tables once and the details key once (made here: PostgreSQL's own random()
    // is not a cryptographic generator, and pgcrypto is an extension we do not require).
    bool create_schema() {
        if (!begin_writer()) return false;
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
        return commit();
    }

  private:
    struct Query {
        std::string sql;
        std::vector<std::string> params;
    };

    // PostgreSQL array literals ({"a","b"}): every element quoted, '"' and '\\' escaped.
    static void add_element(std::string& array, const std::string& v) {
        array += array.empty() ? "{\"" : ",\"";
        std::size_t from = 0;
        for (std::size_t at; (at = v.find_first_of("\"\\", from)) != std::string::npos;
             from = at + 1) {
            array.append(v, from, at - from);
            array += '\\';
            array += v[at];
        }
        array.append(v, from, std::string::npos);
        array += '"';
    }
    static std::string close_array(std::string array) {
        return array.empty() ? std::string("{}") : array + "}";
    }
    static std::vector<std::string> states_params(
        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& codes) {
        std::string segs, sers;
        for (const auto& c : codes) {
            add_element(segs, std::to_string(c.first));
            add_element(sers, std::to_string(c.second));
        }
        return {close_array(segs), close_array(sers)};
    }
    void keep_states(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& asked,
                     PGresult* r) {
        if (!prefetched_) prefetched_.emplace();
        for (const auto& c : asked) prefetched_->emplace(c, std::string());
        for (int i = 0; i < PQntuples(r); ++i)
            (*prefetched_)[{static_cast<std::uint32_t>(integer(r, i, 0)),
                            static_cast<std::uint32_t>(integer(r, i, 1))}] = PQgetvalue(r, i, 2);
    }

    // BEGIN, the writer lock, the log's tip, the states of the group's codes and which of its
    // batch ids are recorded: one round trip. Leaves the transaction open (in_tx_) either way.
    bool begin_and_read(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& codes,
                        const std::vector<std::pair<std::uint16_t, std::string>>& keys) {
        error_.clear();
        if (!connect()) return false;
        in_tx_ = true;
        std::vector<Query> q = {{"BEGIN", {}},
                                {kWriterLock, {}},
                                {std::string(kEventColumns) + "ORDER BY seq DESC LIMIT 1", {}}};
        if (!codes.empty()) q.push_back({kStatesOf, states_params(codes)});
        std::string ops, ids;
        for (const auto& [op, id] : keys) {
            add_element(ops, std::to_string(op));
            add_element(ids, id);
        }
        if (!keys.empty()) q.push_back({kBatchesOf, {close_array(ops), close_array(ids)}});
        auto r = pipeline(q);
        if (r.size() != q.size()) return false;
        if (!ok(r[0].get(), PGRES_COMMAND_OK)) return false;
        for (std::size_t i = 1; i < r.size(); ++i)
            if (!ok(r[i].get(), PGRES_TUPLES_OK)) return false;
        auto tip = events_of(r[2].get());
        tip_ = tip.empty() ? std::optional<Event>() : std::optional<Event>(tip[0]);
        if (!codes.empty()) keep_states(codes, r[3].get());
        if (keys.empty()) return true;
        batches_.emplace();
        for (const auto& k : keys) batches_->emplace(k, std::nullopt);
        PGresult* b = r.back().get();
        for (int i = 0; i < PQntuples(b); ++i) {
            BatchRecord rec;
            rec.operator_id = static_cast<std::uint16_t>(integer(b, i, 0));
            rec.batch_id = PQgetvalue(b, i, 1);
            rec.batch_hash = PQgetvalue(b, i, 2);
            rec.submission_key_id = PQgetvalue(b, i, 3);
            rec.envelope = PQgetvalue(b, i, 4);
            rec.received_at = integer(b, i, 5);
            rec.first_seq = integer(b, i, 6);
            rec.last_seq = integer(b, i, 7);
            rec.receipt = PQgetvalue(b, i, 8);
            (*batches_)[{rec.operator_id, rec.batch_id}] = rec;
        }
        return true;
    }

    // The events, their code states (one row per code: its last state), their log entries
    // (§10.17) and the batch records, one statement each over arrays (unnest): the statement's
    // size does not grow with the rows.
    static std::vector<Query> insert_queries(const std::vector<Event>& events,
                                             const std::vector<BatchRecord>& records) {
        std::vector<Query> q;
        if (!events.empty()) {
            std::vector<std::string> cols(13);
            std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> last;
            for (std::size_t i = 0; i < events.size(); ++i)
                last[*split_code_number(events[i].code)] = i;
            std::vector<std::string> st(4), log(2);
            for (std::size_t i = 0; i < events.size(); ++i) {
                const Event& e = events[i];
                const auto ref = *split_code_number(e.code);
                const std::string seg = std::to_string(ref.first), ser = std::to_string(ref.second);
                const std::string* v[13] = {nullptr,    &e.code,      &seg,     &ser,      &e.type,
                                            &e.state,   &e.actor,     &e.place, &e.reason, nullptr,
                                            &e.related, &e.prev_hash, &e.hash};
                const std::string seq = std::to_string(e.seq), time = std::to_string(e.time);
                v[0] = &seq;
                v[9] = &time;
                for (int k = 0; k < 13; ++k) add_element(cols[static_cast<std::size_t>(k)], *v[k]);
                add_element(log[0], seq);
                add_element(log[1], seg);
                if (last[ref] != i) continue;
                add_element(st[0], seg);
                add_element(st[1], ser);
                add_element(st[2], e.state);
                add_element(st[3], seq);
            }
            for (auto& c : cols) c = close_array(std::move(c));
            for (auto& c : st) c = close_array(std::move(c));
            for (auto& c : log) c = close_array(std::move(c));
            q.push_back({kInsertEvents, cols});
            q.push_back({kUpsertStates, st});
            q.push_back({kAppendEventEntries, log});
        }
        if (!records.empty()) {
            std::vector<std::string> cols(9);
            for (const BatchRecord& b : records) {
                add_element(cols[0], std::to_string(b.operator_id));
                add_element(cols[1], b.batch_id);
                add_element(cols[2], b.batch_hash);
                add_element(cols[3], b.submission_key_id);
                add_element(cols[4], b.envelope);
                add_element(cols[5], std::to_string(b.received_at));
                add_element(cols[6], std::to_string(b.first_seq));
                add_element(cols[7], std::to_string(b.last_seq));
                add_element(cols[8], b.receipt);
            }
            for (auto& c : cols) c = close_array(std::move(c));
            q.push_back({kInsertBatches, cols});
        }
        return q;
    }

    // Sends every query at once and reads their results (libpq pipeline mode): one round trip.
    // Fewer results than queries means the connection failed (error_ says why).
    std::vector<PgResult> pipeline(const std::vector<Query>& qs) {
        std::vector<PgResult> out;
        error_.clear();
        if (PQenterPipelineMode(c_) != 1) {
            error_ = "cannot enter pipeline mode: " + connection_error();
            return out;
        }
        bool sent = true;
        for (const Query& q : qs) {
            std::vector<const char*> values;
            for (const auto& p : q.params) values.push_back(p.c_str());
            if (PQsendQueryParams(c_, q.sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0) != 1) {
                sent = false;
                break;
            }
        }
        if (sent && PQpipelineSync(c_) != 1) sent = false;
        // Each query's result is followed by a null; the sync point ends the pipeline.
        for (std::size_t guard = 0; sent && guard < 4 * qs.size() + 8; ++guard) {
            PGresult* r = PQgetResult(c_);
            if (!r) {
                if (PQstatus(c_) != CONNECTION_OK) break;
                continue;
            }
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            out.emplace_back(r);
        }
        if (!sent || out.size() != qs.size()) {
            if (error_.empty()) error_ = connection_error();
            if (out.size() > qs.size()) out.resize(qs.size());
        }
        PQexitPipelineMode(c_);
        return out;
    }

    std::string connection_error() const {
        std::string e = c_ ? PQerrorMessage(c_) : "no connection";
        while (!e.empty() && e.back() == '\n') e.pop_back();
        return e.empty() ? std::string("the PostgreSQL connection failed") : e;
    }

    // (Re)connects when the connection is gone, at most once per backoff period (100 ms doubling
    // to 5 s while the server stays away). Never inside a transaction: a write whose connection
    // dropped fails whole, and the next call starts a new connection and a new transaction.
    bool connect() {
        if (c_ && PQstatus(c_) == CONNECTION_OK) return true;
        const auto now = std::chrono::steady_clock::now();
        if (now < next_attempt_) {
            error_ = "PostgreSQL connection lost (" + lost_because_ + "); reconnecting";
            return false;
        }
        if (c_) {
            if (lost_because_.empty()) lost_because_ = connection_error();
            PQfinish(c_);
            c_ = nullptr;
        }
        std::string err;
        c_ = open_connection(conninfo_, err);
        if (!c_) {
            backoff_ = std::min(std::chrono::milliseconds(5000),
                                std::max(std::chrono::milliseconds(100), 2 * backoff_));
            next_attempt_ = now + backoff_;
            lost_because_ = err;
            error_ = "PostgreSQL connection lost (" + err + "); reconnecting";
            return false;
        }
        backoff_ = std::chrono::milliseconds(0);
        lost_because_.clear();
        in_tx_ = false;
        return true;
    }

    static std::string to_bytea_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
    static std::int64_t integer(PGresult* r, int row, int col) {
        return std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
    }

    // BEGIN and the writer lock in one round trip.
    bool begin_writer() {
        error_.clear();
        if (!connect()) return false;
        PgResult r(PQexec(c_, (std::string("BEGIN; ") + kWriterLock).c_str()));
        in_tx_ = true;
        if (ok(r.get(), PGRES_TUPLES_OK)) return true;
        rollback();
        return false;
    }
    bool commit() {
        PgResult r = run("COMMIT", {});
        const bool done = ok(r.get(), PGRES_COMMAND_OK);
        if (!done) rollback();
        in_tx_ = false;
        return done;
    }
    void rollback() {
        const std::string keep = last_error();
        if (c_ && PQstatus(c_) == CONNECTION_OK) PgResult r(PQexec(c_, "ROLLBACK"));
        in_tx_ = false;
        error_ = keep;
    }
    // Outside a transaction a lost connection is reconnected first (connect()).
    PgResult run(const char* sql, const std::vector<std::string>& params) {
        error_.clear();
        if (!in_tx_ && !connect()) return PgResult();
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) values.push_back(p.c_str());
        auto once = [&] {
            return PgResult(PQexecParams(c_, sql, static_cast<int>(values.size()), nullptr,
                                         values.data(), nullptr, nullptr, 0));
        };
        PgResult r = once();
        // An idle connection the server dropped (restart, pg_terminate_backend) is found only
        // now: outside a transaction the statement runs again on a new connection.
        if (!in_tx_ && PQstatus(c_) != CONNECTION_OK && connect()) r = once();
        return r;
    }
    bool ok(PGresult* r, ExecStatusType want) {
        if (r && PQresultStatus(r) == want) return true;
        if (r) error_ = PQresultErrorMessage(r);
        if (error_.empty()) error_ = connection_error();
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
        return events_of(r.get());
    }
    static std::vector<Event> events_of(PGresult* res) {
        std::vector<Event> out;
        for (int i = 0; i < PQntuples(res); ++i) {
            Event e;
            e.seq = integer(res, i, 0);
            e.code = PQgetvalue(res, i, 1);
            e.type = PQgetvalue(res, i, 2);
            e.state = PQgetvalue(res, i, 3);
            e.actor = PQgetvalue(res, i, 4);
            e.place = PQgetvalue(res, i, 5);
            e.reason = PQgetvalue(res, i, 6);
            e.time = integer(res, i, 7);
            e.related = PQgetvalue(res, i, 8);
            e.prev_hash = PQgetvalue(res, i, 9);
            e.hash = PQgetvalue(res, i, 10);
            out.push_back(std::move(e));
        }
        return out;
    }

    std::string conninfo_;
    PGconn* c_;
    std::string error_;
    bool in_tx_ = false;  // between BEGIN and COMMIT/ROLLBACK: never reconnect there
    std::chrono::milliseconds backoff_{0};
    std::chrono::steady_clock::time_point next_attempt_{};
    std::string lost_because_;
    // The states and batch ids read ahead, for the write in progress only.
    std::optional<std::map<std::pair<std::uint32_t, std::uint32_t>, std::string>> prefetched_;
    std::optional<std::map<std::pair<std::uint16_t, std::string>, std::optional<BatchRecord>>>
        batches_;
    std::optional<std::optional<Event>> tip_;  // the log's tip, read once per write
};

// A connection with a 5 s connect timeout unless the conninfo sets its own; nullptr and the
// reason if the server cannot be reached.
PGconn* open_connection(const std::string& conninfo, std::string& err) {
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"5", conninfo.c_str(), nullptr};
    PGconn* c = PQconnectdbParams(keys, values, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        err = c ? PQerrorMessage(c) : "out of memory";
        while (!err.empty() && err.back() == '\n') err.pop_back();
        PQfinish(c);
        return nullptr;
    }
    // Quiet NOTICEs ("relation already exists, skipping") instead of libpq printing them.
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    return c;
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& conninfo) {
    std::string err;
    PGconn* c = open_connection(conninfo, err);
    if (!c) return make_error(Reason::store_failed, "PostgreSQL: " + err);
    auto store = std::make_unique<PgStore>(conninfo, c);
    if (!store->create_schema())
        return make_error(Reason::store_failed, "PostgreSQL schema: " + store->last_error());
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace traceseal::registry
