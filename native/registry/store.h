// The registry's storage interface: an append-only, hash-chained event log plus the segments an
// operator holds and the snapshots it published. SQLite implements it (sqlite_store.cpp); a
// server database can replace it without touching the rules (registry.h).
#pragma once

#include <cstdint>
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

class Store {
  public:
    virtual ~Store() = default;
    // All or nothing. Refuses (error text) a batch whose first prev_hash is not the log's last
    // hash, so two writers cannot fork the chain.
    virtual std::optional<std::string> append(const std::vector<Event>& events) = 0;
    virtual std::vector<Event> events() = 0;  // the whole log, in order
    virtual std::vector<Event> events_for(const std::string& code) = 0;
    virtual std::vector<Event> events_in_segment(std::uint32_t segment) = 0;
    virtual std::optional<Event> last_event() = 0;
    virtual std::optional<std::string> add_segment(const SegmentRecord& s) = 0;  // never replaces
    virtual std::vector<SegmentRecord> segments() = 0;
    // Reserves the next snapshot sequence number of a segment (1, 2, ...), recorded for good.
    virtual std::optional<std::uint64_t> next_snapshot_sequence(std::uint32_t segment,
                                                                UnixTime issued_at) = 0;
    virtual std::string last_error() const = 0;
    // A 32-byte secret made once when the registry is created (SQLite randomblob): the salts of
    // the provenance log's details commitments (FORMAT.md §10.1) derive from it.
    virtual std::optional<std::array<std::uint8_t, 32>> details_key() = 0;
};

// Opens (creating if needed) a SQLite registry file; errors name the file.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);
// Connects to PostgreSQL (a libpq connection URI or "key=value" string; PG* environment variables
// fill what it leaves out) and creates the tables if missing (pg_store.cpp).
Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& conninfo);
// "postgresql://..." or "postgres://..." -> PostgreSQL; "sqlite:PATH" or a plain PATH -> SQLite.
Result<std::unique_ptr<Store>> open_store(const std::string& spec);

}  // namespace traceseal::registry
