// The issuer's registry: records lifecycle events under the transition table of FORMAT.md §9.1
// (core's apply_event), chains them by hash, and derives per-segment states for snapshots.
// Every refused step records nothing.
#pragma once

#include <map>

#include "store.h"

namespace traceseal::registry {

inline constexpr std::string_view kEventHashContext = "traceseal-event-v1";

struct EventInfo {
    std::string actor, place, reason;
    UnixTime time = 0;
};

// "SSSSSSSS-NNNNNNNN" or a code text (any https URL ending in a token) -> (segment, serial).
Result<CodeFields> parse_code_ref(const std::string& ref);
std::string event_hash(const Event& e);  // hex of BLAKE2b-256 over every field but `hash`

class Registry {
  public:
    explicit Registry(Store& store) : store_(store) {}

    Result<SegmentRecord> add_segment(const Bytes& certificate, const PublicKey& root);
    // Current state; serial_not_allocated if the code lies in no held segment.
    Result<CodeState> state_of(const std::string& code_number);
    // activate, sell, pickup, unbind, void for a batch (all or nothing). For activate,
    // `received` is the count of goods received and must equal codes.size().
    Result<std::vector<Event>> record(LifecycleEvent e, const std::vector<std::string>& codes,
                                      const EventInfo& info,
                                      std::optional<std::size_t> received = {});
    // reissue / replace: OLD -> superseded, NEW (issued) -> successor state.
    Result<std::vector<Event>> record_successor(LifecycleEvent e, const std::string& old_code,
                                                const std::string& new_code, const EventInfo& info);
    // One step of a batch: record()'s or record_successor()'s arguments.
    struct Step {
        LifecycleEvent event = LifecycleEvent::activate;
        std::vector<std::string> codes;       // activate .. void
        std::optional<std::size_t> received;  // activate
        std::string old_code, new_code;       // reissue, replace
        EventInfo info;
    };
    // Several steps in one transaction, each seeing the states the earlier ones left; all or
    // nothing. With `batch`, its record is kept in that transaction (Store::write).
    Result<std::vector<Event>> record_steps(const std::vector<Step>& steps,
                                            const BatchFn& batch = {});
    // record_steps() up to the write: the checks that need no lock, against `segments` (as
    // store.segments() gave them), and the write itself, for Store::write_all (group commit).
    // The request owns what it needs; `batch_operator`/`batch_id` name the batch `batch` makes.
    static Result<WriteRequest> prepare_steps(const std::vector<SegmentRecord>& segments,
                                              std::vector<Step> steps, BatchFn batch = {},
                                              std::uint16_t batch_operator = 0,
                                              std::string batch_id = {});
    // The segment record holding a code (parsed), or serial_not_allocated; `segments` as
    // store.segments() gave them.
    static Result<SegmentRecord> segment_of(const std::vector<SegmentRecord>& segments,
                                            const std::string& code_ref);
    // The state of every serial of a held segment, first..last.
    Result<std::vector<CodeState>> segment_states(std::uint32_t segment);
    // The whole log as the provenance chain commits to it (FORMAT.md §10.1), salts derived from
    // the store's details key and seq.
    Result<std::vector<LogEvent>> log_events();
    // Recomputes every hash and link; the first broken event's seq, or 0 if the chain holds.
    std::int64_t check_chain();

  private:
    Result<CodeFields> held(const std::string& code_ref);  // parsed, in a held segment
    // The same against segments read once (a batch reads them once, not once per code).
    static Result<CodeFields> held_in(const std::vector<SegmentRecord>& segments,
                                      const std::string& code_ref);
    static Result<CodeState> state_in(WriteView& view, const CodeFields& f);
    struct Checked;  // a step with its codes parsed and held
    static Result<Checked> check_step(const Step& step, const std::vector<SegmentRecord>& segments);
    static Result<std::vector<Event>> build_step(WriteView& view,
                                                 std::map<std::string, CodeState>& now,
                                                 const Checked& step);
    static Result<std::vector<Event>> chain(WriteView& view, std::vector<Event> events);
    Store& store_;
};

}  // namespace traceseal::registry
