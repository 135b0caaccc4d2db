// Registry rules over a Store: transitions, activation counts, hash chain, segment states.
#include "registry.h"

#include <cstdio>
#include <memory>

namespace traceseal::registry {
namespace {

void put_field(Bytes& out, const std::string& s) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(s.size() >> (8 * i)));
    out.insert(out.end(), s.begin(), s.end());
}

}  // namespace

Result<CodeFields> parse_code_ref(const std::string& ref) {
    CodeFields f;
    unsigned seg = 0, ser = 0;
    char tail = 0;
    if (ref.size() == 17 && ref[8] == '-' &&
        std::sscanf(ref.c_str(), "%8u-%8u%c", &seg, &ser, &tail) == 2 && seg < (1u << 24) &&
        ser < (1u << 24)) {
        f.segment = seg;
        f.serial = ser;
        return f;
    }
    // A code text under any URL: the token's claims are enough to name the code here.
    auto code = parse_code_text(ref, "\x01");
    if (!code)
        return make_error(code.error().reason,
                          "'" + ref + "' is neither a code number nor a code text");
    return code->fields;
}

std::string event_hash(const Event& e) {
    Bytes m;
    for (const std::string& s : {std::to_string(e.seq), e.code, e.type, e.state, e.actor, e.place,
                                 e.reason, std::to_string(e.time), e.related, e.prev_hash})
        put_field(m, s);
    auto h = hash256(kEventHashContext, m);
    return to_hex(h.data(), h.size());
}

Result<SegmentRecord> Registry::add_segment(const Bytes& certificate, const PublicKey& root) {
    auto cert = verify_segment_certificate(certificate, root);
    if (!cert) return cert.error();
    SegmentRecord r{cert->body(), certificate};
    if (auto e = store_.add_segment(r))
        return make_error(Reason::store_failed,
                          "segment " + std::to_string(r.body.segment) + ": " + *e);
    return r;
}

Result<CodeFields> Registry::held(const std::string& code_ref) {
    return held_in(store_.segments(), code_ref);
}

Result<CodeFields> Registry::held_in(const std::vector<SegmentRecord>& segments,
                                     const std::string& code_ref) {
    auto f = parse_code_ref(code_ref);
    if (!f) return f.error();
    for (const auto& s : segments)
        if (s.body.segment == f->segment && f->serial >= s.body.first && f->serial <= s.body.last)
            return f;
    return make_error(Reason::serial_not_allocated,
                      format_code_number(*f) + " is in no held segment");
}

Result<CodeState> Registry::state_in(WriteView& view, const CodeFields& f) {
    auto word = view.current_state(f.segment, f.serial);
    if (!word) return CodeState::issued;
    auto s = parse_code_state(*word);
    if (!s)
        return make_error(Reason::store_failed,
                          format_code_number(f) + ": unknown state '" + *word + "' in the store");
    return *s;
}

Result<CodeState> Registry::state_of(const std::string& code_number) {
    auto f = held(code_number);
    if (!f) return f.error();
    return state_in(store_, *f);
}

Result<SegmentRecord> Registry::segment_of(const std::vector<SegmentRecord>& segments,
                                           const std::string& code_ref) {
    auto f = parse_code_ref(code_ref);
    if (!f) return f.error();
    for (const auto& s : segments)
        if (s.body.segment == f->segment && f->serial >= s.body.first && f->serial <= s.body.last)
            return s;
    return make_error(Reason::serial_not_allocated,
                      format_code_number(*f) + " is in no held segment");
}

struct Registry::Checked {
    const Step* step;
    std::vector<CodeFields> fields;  // codes, or {old, new}
};

// What can be refused before taking the writer lock: the step's shape, the activation count and
// that every code lies in a held segment.
Result<Registry::Checked> Registry::check_step(const Step& s,
                                               const std::vector<SegmentRecord>& segments) {
    Checked c{&s, {}};
    const bool pair = s.event == LifecycleEvent::reissue || s.event == LifecycleEvent::replace;
    if (pair) {
        auto fo = held_in(segments, s.old_code), fn = held_in(segments, s.new_code);
        if (!fo) return fo.error();
        if (!fn) return fn.error();
        if (format_code_number(*fo) == format_code_number(*fn))
            return make_error(Reason::illegal_transition, "a code cannot replace itself");
        c.fields = {*fo, *fn};
        return c;
    }
    if (s.event == LifecycleEvent::activate && (!s.received || *s.received != s.codes.size()))
        return make_error(
            Reason::activation_count_mismatch,
            std::to_string(s.codes.size()) + " codes for " +
                (s.received ? std::to_string(*s.received) : std::string("an unstated number of")) +
                " items received");
    for (const std::string& ref : s.codes) {
        auto f = held_in(segments, ref);
        if (!f) return f.error();
        c.fields.push_back(*f);
    }
    return c;
}

// The events of one step under the writer lock; `now` holds the states as the batch proceeds
// (so a duplicate in a batch, or a sale after an activation in the same batch, is seen).
Result<std::vector<Event>> Registry::build_step(WriteView& view,
                                                std::map<std::string, CodeState>& now,
                                                const Checked& c) {
    const Step& s = *c.step;
    auto state = [&](const CodeFields& f) -> Result<CodeState> {
        std::string number = format_code_number(f);
        if (auto it = now.find(number); it != now.end()) return it->second;
        auto st = state_in(view, f);
        if (st) now[number] = *st;
        return st;
    };
    auto event = [&](const std::string& code, std::string type, CodeState after) {
        Event ev;
        ev.code = code;
        ev.type = std::move(type);
        ev.state = std::string(to_string(after));
        ev.actor = s.info.actor;
        ev.place = s.info.place;
        ev.reason = s.info.reason;
        ev.time = s.info.time;
        return ev;
    };
    std::vector<Event> out;
    if (s.event == LifecycleEvent::reissue || s.event == LifecycleEvent::replace) {
        const std::string o = format_code_number(c.fields[0]), n = format_code_number(c.fields[1]);
        auto so = state(c.fields[0]), sn = state(c.fields[1]);
        if (!so) return so.error();
        if (!sn) return sn.error();
        auto succ = successor_state(*so, s.event, *sn);
        if (!succ)
            return make_error(Reason::illegal_transition,
                              o + " -> " + n + ": " + succ.error().detail);
        Event old_ev = event(o, std::string(to_string(s.event)), CodeState::superseded);
        Event new_ev = event(n, "successor", *succ);
        old_ev.related = n;
        new_ev.related = o;
        now[o] = CodeState::superseded;
        now[n] = *succ;
        return std::vector<Event>{old_ev, new_ev};
    }
    for (const CodeFields& f : c.fields) {
        std::string number = format_code_number(f);
        auto st = state(f);
        if (!st) return st.error();
        auto next = apply_event(*st, s.event);
        if (!next)
            return make_error(Reason::illegal_transition, number + ": " + next.error().detail);
        now[number] = *next;
        out.push_back(event(number, std::string(to_string(s.event)), *next));
    }
    return out;
}

Result<WriteRequest> Registry::prepare_steps(const std::vector<SegmentRecord>& segments,
                                             std::vector<Step> steps, BatchFn batch,
                                             std::uint16_t batch_operator, std::string batch_id) {
    // The steps live with the request: the build may run on another thread (a group writer).
    struct Held {
        std::vector<Step> steps;
        std::vector<Checked> checked;
    };
    auto held = std::make_shared<Held>();
    held->steps = std::move(steps);
    for (const Step& s : held->steps) {
        auto c = check_step(s, segments);
        if (!c) return c.error();
        held->checked.push_back(std::move(*c));
    }
    WriteRequest w;
    for (const Checked& c : held->checked)
        for (const CodeFields& f : c.fields) w.codes.emplace_back(f.segment, f.serial);
    w.build = [held, codes = w.codes](WriteView& view) -> Result<std::vector<Event>> {
        view.prefetch_states(codes);
        std::map<std::string, CodeState> now;
        std::vector<Event> out;
        for (const Checked& c : held->checked) {
            auto ev = build_step(view, now, c);
            if (!ev) return ev.error();
            out.insert(out.end(), ev->begin(), ev->end());
        }
        return chain(view, std::move(out));
    };
    w.batch = std::move(batch);
    w.batch_operator = batch_operator;
    w.batch_id = std::move(batch_id);
    return w;
}

Result<std::vector<Event>> Registry::record_steps(const std::vector<Step>& steps,
                                                  const BatchFn& batch) {
    auto w = prepare_steps(store_.segments(), steps, batch);
    if (!w) return w.error();
    return std::move(store_.write_all({*w}).front());
}

Result<std::vector<Event>> Registry::record(LifecycleEvent e, const std::vector<std::string>& codes,
                                            const EventInfo& info,
                                            std::optional<std::size_t> received) {
    if (e == LifecycleEvent::reissue || e == LifecycleEvent::replace)
        return make_error(Reason::illegal_transition, "reissue and replace name two codes");
    Step s;
    s.event = e;
    s.codes = codes;
    s.received = received;
    s.info = info;
    return record_steps({s});
}

Result<std::vector<Event>> Registry::record_successor(LifecycleEvent e, const std::string& old_code,
                                                      const std::string& new_code,
                                                      const EventInfo& info) {
    if (e != LifecycleEvent::reissue && e != LifecycleEvent::replace)
        return make_error(Reason::illegal_transition, "only reissue and replace name two codes");
    Step s;
    s.event = e;
    s.old_code = old_code;
    s.new_code = new_code;
    s.info = info;
    return record_steps({s});
}

// Numbers and hashes the events after the log's tip, as seen under the writer lock.
Result<std::vector<Event>> Registry::chain(WriteView& view, std::vector<Event> events) {
    auto last = view.last_event();
    std::string prev = last ? last->hash : std::string(64, '0');
    std::int64_t seq = last ? last->seq : 0;
    for (Event& e : events) {
        e.seq = ++seq;
        e.prev_hash = prev;
        e.hash = event_hash(e);
        prev = e.hash;
    }
    return events;
}

Result<std::vector<CodeState>> Registry::segment_states(std::uint32_t segment) {
    for (const auto& s : store_.segments()) {
        if (s.body.segment != segment) continue;
        std::vector<CodeState> st(s.body.last - s.body.first + 1, CodeState::issued);
        for (const auto& [serial, word] : store_.states_in_segment(segment)) {
            auto state = parse_code_state(word);
            if (!state)
                return make_error(Reason::store_failed, "segment " + std::to_string(segment) +
                                                            ": unknown state '" + word + "'");
            if (serial >= s.body.first && serial <= s.body.last) st[serial - s.body.first] = *state;
        }
        return st;
    }
    return make_error(Reason::serial_not_allocated,
                      "segment " + std::to_string(segment) + " is not held");
}

Result<std::vector<LogEvent>> Registry::log_events() {
    auto key = store_.details_key();
    if (!key)
        return make_error(Reason::store_failed,
                          "the registry has no details key: " + store_.last_error());
    std::vector<LogEvent> out;
    for (const Event& e : store_.events()) {
        LogEvent l;
        l.seq = static_cast<std::uint64_t>(e.seq);
        l.code = e.code;
        l.type = e.type;
        l.state = e.state;
        l.related = e.related;
        l.details = {e.time, e.actor, e.place, e.reason};
        Bytes m(key->begin(), key->end());
        for (int i = 7; i >= 0; --i) m.push_back(static_cast<std::uint8_t>(l.seq >> (8 * i)));
        l.salt = hash256("traceseal-details-salt-v1", m);
        out.push_back(std::move(l));
    }
    return out;
}

std::int64_t Registry::check_chain() {
    std::string prev(64, '0');
    std::int64_t seq = 0;
    for (const Event& e : store_.events()) {
        if (e.seq != ++seq || e.prev_hash != prev || event_hash(e) != e.hash) return e.seq;
        prev = e.hash;
    }
    return 0;
}

}  // namespace traceseal::registry
