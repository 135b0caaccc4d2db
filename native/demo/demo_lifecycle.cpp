// The demo's story, told through the registry's rules (so every step is a legal transition).
#include "demo_lifecycle.h"

#include "log_projection.h"
#include "publisher.h"
#include "registry.h"

namespace traceseal::cli {
namespace {

std::string number(std::uint32_t segment, std::uint32_t serial) {
    CodeFields f;
    f.segment = segment;
    f.serial = serial;
    return format_code_number(f);
}

struct Teller {
    registry::Registry& reg;
    std::uint32_t segment;
    std::optional<Error> error;

    void step(LifecycleEvent e, const std::vector<std::uint32_t>& serials, const char* time,
              const char* actor, const char* place, const char* reason = "",
              bool count_received = false) {
        if (error || serials.empty()) return;
        std::vector<std::string> codes;
        for (std::uint32_t s : serials) codes.push_back(number(segment, s));
        registry::EventInfo info{actor, place, reason, *parse_time(time)};
        auto r =
            reg.record(e, codes, info,
                       count_received ? std::optional<std::size_t>(codes.size()) : std::nullopt);
        if (!r) error = r.error();
    }
    void successor(LifecycleEvent e, std::uint32_t old_serial, std::uint32_t new_serial,
                   const char* time, const char* actor, const char* place, const char* reason) {
        if (error) return;
        registry::EventInfo info{actor, place, reason, *parse_time(time)};
        auto r =
            reg.record_successor(e, number(segment, old_serial), number(segment, new_serial), info);
        if (!r) error = r.error();
    }
};

}  // namespace

std::uint32_t demo_serials(std::uint32_t segment, std::uint32_t count) {
    return segment == kDemoSegments[0] ? (count + 1) / 2 : count / 2;
}

std::pair<Verdict, std::vector<Reason>> demo_expected(CodeState s) {
    switch (s) {
        case CodeState::issued:
            return {Verdict::warning, {Reason::code_not_activated}};
        case CodeState::picked_up:
            return {Verdict::warning, {Reason::resale_suspected}};
        case CodeState::voided:
            return {Verdict::invalid, {Reason::code_voided}};
        case CodeState::superseded:
            return {Verdict::invalid, {Reason::code_superseded}};
        default:
            return {Verdict::genuine, {}};  // activated, sold, unbound: for sale or just sold
    }
}

Result<DemoLifecycle> run_demo_lifecycle(const DemoWorld& w, std::uint32_t count,
                                         registry::Store& store) {
    registry::Registry reg(store);
    DemoLifecycle out;
    const UnixTime allocated = *parse_time("2026-10-15T00:00:00Z");
    for (int k = 0; k < 2; ++k) {
        SegmentCertificateBody body{static_cast<std::uint16_t>(k + 1), kDemoSegments[k], 1,
                                    kDemoCertificateLast, allocated};
        out.certificates.push_back(sign_segment_certificate(body, w.root));
        if (auto r = reg.add_segment(out.certificates.back(), w.root.public_key); !r)
            return r.error();
    }

    // Segment 100, Sanya: 1 sold; 2 sold and picked up; 3 a damaged label replaced by 4 (if
    // printed); 5, 7, ... sold; the rest activated.
    const std::uint32_t n1 = demo_serials(100, count);
    Teller a{reg, 100, {}};
    std::vector<std::uint32_t> stock, sales;
    for (std::uint32_t s = 1; s <= n1; ++s) {
        if (s == 4) continue;  // the replacement label stays issued until it replaces 3
        stock.push_back(s);
        if (s == 1 || s == 2 || (s >= 5 && s % 2 == 1)) sales.push_back(s);
    }
    a.step(LifecycleEvent::activate, stock, "2026-11-02T09:00:00Z", "warehouse-sanya",
           "Sanya bonded warehouse", "goods received", true);
    a.step(LifecycleEvent::sell, sales, "2026-11-05T14:20:00Z", "till-4", "Sanya store");
    if (n1 >= 2)
        a.step(LifecycleEvent::pickup, {2}, "2026-11-06T08:10:00Z", "pickup-desk-2",
               "Meilan airport pickup");
    if (n1 >= 4)
        a.successor(LifecycleEvent::replace, 3, 4, "2026-11-07T10:00:00Z", "manager-sanya",
                    "Sanya store", "damaged label");
    if (a.error) return *a.error;

    // Segment 200, Haikou: 1 voided; 2 never activated; 3 sold then returned (unbound); 4 re-issued
    // as 5 (if printed), else sold; 6 and on activated.
    const std::uint32_t n2 = demo_serials(200, count);
    Teller b{reg, 200, {}};
    stock.clear();
    for (std::uint32_t s = 1; s <= n2; ++s)
        if (s != 2 && s != 5) stock.push_back(s);
    b.step(LifecycleEvent::activate, stock, "2026-11-03T09:30:00Z", "warehouse-haikou",
           "Haikou bonded warehouse", "goods received", true);
    if (n2 >= 1)
        b.step(LifecycleEvent::void_, {1}, "2026-11-04T11:00:00Z", "manager-haikou", "Haikou store",
               "label destroyed");
    if (n2 >= 3) {
        b.step(LifecycleEvent::sell, {3}, "2026-11-05T16:45:00Z", "till-1", "Haikou store");
        b.step(LifecycleEvent::unbind, {3}, "2026-11-06T12:00:00Z", "till-1", "Haikou store",
               "goods returned");
    }
    if (n2 >= 5)
        b.successor(LifecycleEvent::reissue, 4, 5, "2026-11-08T09:00:00Z", "manager-haikou",
                    "Haikou store", "code re-issued after a printing error");
    else if (n2 >= 4)
        b.step(LifecycleEvent::sell, {4}, "2026-11-05T17:00:00Z", "till-1", "Haikou store");
    if (b.error) return *b.error;

    const UnixTime issued = *parse_time(kDemoStatusIssuedAt),
                   valid = *parse_time(kDemoStatusValidUntil);
    // Snapshots v2 (§9.3): bound to each operator's log index after the story (§10.11).
    for (std::uint16_t op = 1; op <= 2; ++op)
        if (auto covers = registry::ensure_index_entry(store, op); !covers) return covers.error();
    for (int k = 0; k < 2; ++k) {
        auto cert = verify_segment_certificate(out.certificates[k], w.root.public_key);
        if (!cert) return cert.error();
        auto from_log = registry::status_from_log(store, kDemoSegments[k]);
        if (!from_log) return from_log.error();
        auto states = reg.segment_states(kDemoSegments[k]);
        if (!states) return states.error();
        if (*states != from_log->states)
            return make_error(Reason::store_failed, "the log's index is not the registry's state");
        const std::uint32_t n = demo_serials(kDemoSegments[k], count);
        for (std::uint32_t s = 1; s <= n; ++s)
            out.states[number(kDemoSegments[k], s)] = (*states)[s - 1];
        auto seq = store.next_snapshot_sequence(kDemoSegments[k], issued);
        if (!seq) return make_error(Reason::store_failed, store.last_error());
        StatusPlan plan{static_cast<std::uint16_t>(k + 1), *seq, issued, valid, std::move(*states)};
        out.snapshots.push_back(
            sign_status_snapshot(*cert, plan, w.issuing[k].secret_key, from_log->index));
    }
    return out;
}

}  // namespace traceseal::cli
