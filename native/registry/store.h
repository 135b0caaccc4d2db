// The registry's storage interface: an append-only, hash-chained event log plus the segments an
// operator holds and the snapshots it published. SQLite implements it (sqlite_store.cpp); a
// server database can replace it without touching the rules (registry.h).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::registry {

// One lifecycle event (docs/LIFECYCLE.md). `state` is the code's state after the event; the
// hash covers every field and the previous event's hash.
struct Event {
    std::int64_t seq = 0;  // 1-based position in the log
    std::string code;      // code number SSSSSSSS-NNNNNNNN
    std::string type;      // activate, sell, pickup, unbind, void, reissue, replace, successor
    std::string state;     // §9.1 word after the event
    std::string actor, place, reason;
    UnixTime time = 0;
    std::string related;          // reissue/replace/successor: the other code number
    std::string prev_hash, hash;  // 64 hex digits each
};

struct SegmentRecord {
    SegmentCertificateBody body;
    Bytes certificate;  // the authority-signed bytes (§9.2)
};

// A signed batch of the registry service (FORMAT.md §11.2), kept in the transaction that appends
// its events: the exact envelope (certificate, signed batch, signature), the receipt time and the
// receipt answered. (operator_id, batch_id) is unique.
struct BatchRecord {
    std::uint16_t operator_id = 0;
    std::string batch_id;
    std::string batch_hash;  // 64 hex, FORMAT.md §11.2
    std::string submission_key_id;
    std::string envelope;
    UnixTime received_at = 0;
    std::int64_t first_seq = 0, last_seq = 0;
    std::string receipt;
};

// A submission key revocation (§11.1), kept for good.
struct RevocationRecord {
    std::string submission_key_id;
    std::uint16_t operator_id = 0;
    UnixTime revoked_at = 0;
    Bytes statement;  // the 89 signed bytes
};

// What a write sees while it holds the store's writer lock: the log's tip and the codes' current
// states as of now, so rules checked here cannot be overtaken by another writer.
class WriteView {
  public:
    virtual ~WriteView() = default;
    virtual std::optional<Event> last_event() = 0;
    // The §9.1 word of the code's last event; none if the code has no event yet.
    virtual std::optional<std::string> current_state(std::uint32_t segment,
                                                     std::uint32_t serial) = 0;
    virtual std::optional<BatchRecord> find_batch(std::uint16_t operator_id,
                                                  const std::string& batch_id) = 0;
    // A hint that current_state() will be asked for these codes in this write: a server store
    // reads them in one query instead of one round trip each. Optional.
    virtual void prefetch_states(const std::vector<std::pair<std::uint32_t, std::uint32_t>>&) {}
};
using WriteFn = std::function<Result<std::vector<Event>>(WriteView&)>;
// Makes the batch record of the events a write is about to append (their seqs are final).
using BatchFn = std::function<BatchRecord(const std::vector<Event>&)>;

// One write of a group (Store::write_all). `codes` and the batch key are hints read before any
// build runs, so a server store reads the states and the recorded batch ids of the whole group
// in one round trip each; with `batch` set, `batch_id` (and `batch_operator`) MUST be what it
// makes (the store refuses the write otherwise).
struct WriteRequest {
    WriteFn build;
    BatchFn batch;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> codes;
    std::uint16_t batch_operator = 0;
    std::string batch_id;
};
using WriteResult = Result<std::vector<Event>>;

// One entry of an operator's transparency log as the store records it (FORMAT.md §10.17); the
// entry's bytes are derived from it (log_projection.h).
struct LogEntryRecord {
    std::uint64_t index = 0;
    std::uint8_t kind = 1;                    // 1: event entry, 2: index entry (§10.7)
    std::int64_t seq = 0;                     // kind 1: the event's seq
    std::array<std::uint8_t, 32> map_root{};  // kind 2 (covers = index)
    std::vector<std::uint32_t> segments;      // kind 2: the segments its map covers, ascending
};

class Store : public WriteView {
  public:
    // The one way to write: runs `build` holding the writer lock (SQLite BEGIN IMMEDIATE, a
    // PostgreSQL advisory lock), then appends what it returns in the same transaction, updating
    // the current-state table. All or nothing: `build`'s error, or a batch whose first prev_hash
    // is not the tip (so two writers cannot fork the chain), records nothing. Each event of a
    // held segment is also given the next entry index of its operator's log (§10.17), in the
    // same transaction. Returns the events.
    // With `batch`, the record it makes is inserted in the same transaction; a batch id the
    // operator already used makes the write fail with batch_conflict (nothing recorded).
    Result<std::vector<Event>> write(const WriteFn& build, const BatchFn& batch) {
        WriteRequest w;
        w.build = build;
        w.batch = batch;
        return std::move(write_all({w}).front());
    }
    Result<std::vector<Event>> write(const WriteFn& build) { return write(build, BatchFn{}); }
    // Group commit: several writes in ONE transaction under the writer lock, one commit for all.
    // Each write is all or nothing on its own and sees the log tip, code states and batch ids the
    // writes before it in the group left; a write whose build fails, or whose batch id is already
    // recorded (in the store or earlier in the group: batch_conflict), records nothing and the
    // others go on. If the transaction fails, every write fails with store_failed and nothing is
    // recorded. One result per write, in order.
    virtual std::vector<WriteResult> write_all(const std::vector<WriteRequest>& writes) = 0;
    // True while the store cannot be reached (a server store's connection was lost and is not
    // back yet); the last call then failed with store_failed, and a read's empty answer means
    // nothing. Each call tries to reconnect, with backoff (pg_store.cpp).
    virtual bool unavailable() { return false; }
    // write() of ready-made events; the error text, if any.
    std::optional<std::string> append(const std::vector<Event>& events) {
        auto r = write([&](WriteView&) -> Result<std::vector<Event>> { return events; });
        if (r) return std::nullopt;
        return r.error().detail;
    }
    virtual std::vector<Event> events() = 0;  // the whole log, in order
    virtual std::vector<Event> events_for(const std::string& code) = 0;
    virtual std::vector<Event> events_in_segment(std::uint32_t segment) = 0;
    // (serial, §9.1 word) of every code of the segment that has an event, from the current-state
    // table: no replay of the log.
    virtual std::vector<std::pair<std::uint32_t, std::string>> states_in_segment(
        std::uint32_t segment) = 0;
    virtual std::optional<std::string> add_segment(const SegmentRecord& s) = 0;  // never replaces
    virtual std::vector<SegmentRecord> segments() = 0;
    // Reserves the next snapshot sequence number of a segment (1, 2, ...), recorded for good.
    virtual std::optional<std::uint64_t> next_snapshot_sequence(std::uint32_t segment,
                                                                UnixTime issued_at) = 0;
    // Revocations of submission keys (§11.1): added once (an existing id is kept as it is).
    virtual std::optional<std::string> add_revocation(const RevocationRecord& r) = 0;
    virtual std::optional<RevocationRecord> find_revocation(const std::string& key_id) = 0;
    virtual std::string last_error() const = 0;
    // A 32-byte secret made once when the registry is created: the salts of the provenance
    // log's details commitments (FORMAT.md §10.1) derive from it.
    virtual std::optional<std::array<std::uint8_t, 32>> details_key() = 0;

    // ---- Transparency logs, one per operator (FORMAT.md §10.17) ----------------------------
    // Operator `log`'s entries from index `from` on, in order.
    virtual std::vector<LogEntryRecord> log_entries(std::uint16_t log, std::uint64_t from = 0) = 0;
    // Appends an index entry (kind 2) at `entry.index` if, under the writer lock, the log still
    // has exactly that many entries; false if an event entry came first. Errors: store_failed.
    virtual Result<bool> append_index_entry(std::uint16_t log, const LogEntryRecord& entry) = 0;
};

// What a write of a group sees (Store::write_all): the store's own view under the writer lock,
// with the tip, the code states and the batch ids of the group's earlier writes on top.
class GroupView final : public WriteView {
  public:
    explicit GroupView(WriteView& base) : base_(base), tip_(base.last_event()) {}
    std::optional<Event> last_event() override { return tip_; }
    std::optional<std::string> current_state(std::uint32_t segment, std::uint32_t serial) override;
    std::optional<BatchRecord> find_batch(std::uint16_t operator_id,
                                          const std::string& batch_id) override;
    void prefetch_states(
        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& codes) override;
    // A write of the group was accepted: what it appends is now what the next one sees.
    void accept(const std::vector<Event>& events, const std::optional<BatchRecord>& batch);
    // Runs one write against the view: the batch key's conflict check, its build, the chain
    // check; on success accepts it (and fills `record` when it has a batch).
    WriteResult run(const WriteRequest& w, std::optional<BatchRecord>& record);

  private:
    WriteView& base_;
    std::optional<Event> tip_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> states_;
    std::map<std::pair<std::uint16_t, std::string>, BatchRecord> batches_;
};

// "100,200" <-> {100, 200}: how stores keep an index entry's segments.
std::string format_segment_list(const std::vector<std::uint32_t>& segments);
std::vector<std::uint32_t> parse_segment_list(const std::string& text);

// "SSSSSSSS-NNNNNNNN" -> (segment, serial): the only form the registry stores.
std::optional<std::pair<std::uint32_t, std::uint32_t>> split_code_number(std::string_view code);
// The checks every store makes before appending: seq and prev_hash continue `tip`, codes are
// code numbers. The error text, if any.
std::optional<std::string> check_continues(const std::optional<Event>& tip,
                                           const std::vector<Event>& events);

// Opens (creating if needed) a SQLite registry file; errors name the file.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);
// A new SQLite registry file whose details key is `details_key` instead of a random one, so a
// demo is the same bytes from the same seed (its log salts derive from the key, §10.17). Refuses
// a file that exists. Never for a real registry: its salts would be guessable.
Result<std::unique_ptr<Store>> create_sqlite_store_with_key(
    const std::string& path, const std::array<std::uint8_t, 32>& details_key);
// Connects to PostgreSQL (a libpq connection URI or "key=value" string; PG* environment variables
// fill what it leaves out) and creates the tables if missing (pg_store.cpp).
Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& conninfo);
// "postgresql://..." or "postgres://..." -> PostgreSQL; "sqlite:PATH" or a plain PATH -> SQLite.
Result<std::unique_ptr<Store>> open_store(const std::string& spec);

}  // namespace traceseal::registry
