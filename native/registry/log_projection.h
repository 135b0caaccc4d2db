// An operator's transparency log as the store determines it (FORMAT.md §10.7, §10.11, §10.17):
// entry bytes, salts, opened events and the per-segment index. The publisher writes these bytes
// to tiles and the exporter proves them; both derive them here, so the same store always gives
// the same bytes (a crash is repaired by publishing again).
#pragma once

#include <map>

#include "store.h"

namespace traceseal::registry {

// The reference writer's salts (§10.7, §10.11): BLAKE2b-256 keyed with the details key.
tlog::Hash entry_salt(const std::array<std::uint8_t, 32>& key, std::uint64_t index);
tlog::Hash details_salt(const std::array<std::uint8_t, 32>& key, std::uint64_t index);
tlog::Hash serial_salt(const std::array<std::uint8_t, 32>& key, std::uint32_t segment,
                       std::uint32_t serial, std::uint64_t covers);

struct ProjectedEntry {
    LogEntryRecord record;
    Bytes entry;  // the log entry (§10.7): what the tiles hold
    // Event entries only:
    Event event;         // the registry's event
    tlog::Hash salt{};   // opens the commitment
    Bytes event_bytes;   // §10.7 `event`
    Bytes details;       // §10.7 `details`
    tlog::Hash dsalt{};  // details_salt
};

// The index an index entry commits to (§10.11).
struct ProjectedIndex {
    std::vector<tlog::MapLeaf> map;                      // one per segment, ascending
    std::vector<Bytes> map_leaves;                       // encoded
    std::vector<std::vector<Bytes>> serial_leaves;       // per segment, serial first … last
    std::vector<std::vector<tlog::SerialLeaf>> serials;  // the same, decoded
    tlog::Hash map_root{};
};

class LogProjection {
  public:
    // Operator `log`'s entries and their events; store_failed if the store is inconsistent.
    static Result<LogProjection> load(Store& store, std::uint16_t log);

    std::uint16_t log() const { return log_; }
    const std::vector<ProjectedEntry>& entries() const { return entries_; }
    // The operator's held segments, ascending.
    std::vector<std::uint32_t> segments() const;
    // The index over `segments` at `covers` (the events among entries [0, covers)).
    Result<ProjectedIndex> index_at(std::uint64_t covers,
                                    const std::vector<std::uint32_t>& segments) const;
    const std::array<std::uint8_t, 32>& key() const { return key_; }

  private:
    std::uint16_t log_ = 0;
    std::array<std::uint8_t, 32> key_{};
    std::map<std::uint32_t, SegmentCertificateBody> segments_;  // this operator's
    std::vector<ProjectedEntry> entries_;
};

// A version-2 status snapshot's contents (§9.3) for `segment`: the states and segment_root of
// the last index entry of its operator's log that covers it (serial_not_allocated if the segment
// is not held; store_failed if no index entry covers it yet: publish, or ensure_index_entry).
struct StatusFromLog {
    std::vector<CodeState> states;  // serial first … last
    StatusLogIndex index;
};
Result<StatusFromLog> status_from_log(Store& store, std::uint32_t segment);

}  // namespace traceseal::registry
