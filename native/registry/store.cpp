// What every Store shares: the code-number form, the chain checks before an append, and choosing
// a store by its spec (sqlite:PATH, postgresql://...).
#include "store.h"

namespace traceseal::registry {

std::optional<std::pair<std::uint32_t, std::uint32_t>> split_code_number(std::string_view code) {
    if (code.size() != 17 || code[8] != '-') return std::nullopt;
    std::uint32_t parts[2] = {0, 0};
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i == 8) continue;
        if (code[i] < '0' || code[i] > '9') return std::nullopt;
        std::uint32_t& p = parts[i < 8 ? 0 : 1];
        p = p * 10 + static_cast<std::uint32_t>(code[i] - '0');  // 8 digits fit in 32 bits
    }
    return std::make_pair(parts[0], parts[1]);
}

std::optional<std::string> check_continues(const std::optional<Event>& tip,
                                           const std::vector<Event>& events) {
    std::string prev = tip ? tip->hash : std::string(64, '0');
    std::int64_t next = tip ? tip->seq + 1 : 1;
    for (const Event& e : events) {
        if (e.prev_hash != prev || e.seq != next)
            return std::string("the log changed underneath (another writer?); nothing recorded");
        if (!split_code_number(e.code)) return "not a code number: '" + e.code + "'";
        prev = e.hash;
        ++next;
    }
    return std::nullopt;
}

std::optional<std::string> GroupView::current_state(std::uint32_t segment, std::uint32_t serial) {
    if (auto it = states_.find({segment, serial}); it != states_.end()) return it->second;
    return base_.current_state(segment, serial);
}

std::optional<BatchRecord> GroupView::find_batch(std::uint16_t operator_id,
                                                 const std::string& batch_id) {
    if (auto it = batches_.find({operator_id, batch_id}); it != batches_.end()) return it->second;
    return base_.find_batch(operator_id, batch_id);
}

void GroupView::prefetch_states(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& codes) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> rest;
    for (const auto& c : codes)
        if (!states_.count(c)) rest.push_back(c);
    if (!rest.empty()) base_.prefetch_states(rest);
}

void GroupView::accept(const std::vector<Event>& events, const std::optional<BatchRecord>& batch) {
    for (const Event& e : events)
        if (auto ref = split_code_number(e.code)) states_[*ref] = e.state;
    if (!events.empty()) tip_ = events.back();
    if (batch) batches_[{batch->operator_id, batch->batch_id}] = *batch;
}

WriteResult GroupView::run(const WriteRequest& w, std::optional<BatchRecord>& record) {
    record.reset();
    auto conflict = [](std::uint16_t op, const std::string& id) {
        return make_error(Reason::batch_conflict, "batch " + id + " of operator " +
                                                      std::to_string(op) + " is already recorded");
    };
    if (w.batch && !w.batch_id.empty() && find_batch(w.batch_operator, w.batch_id))
        return conflict(w.batch_operator, w.batch_id);
    auto events = w.build(*this);
    if (!events) return events;
    if (auto bad = check_continues(tip_, *events)) return make_error(Reason::store_failed, *bad);
    if (w.batch) {
        BatchRecord b = w.batch(*events);
        if (!w.batch_id.empty() && (b.batch_id != w.batch_id || b.operator_id != w.batch_operator))
            return make_error(Reason::store_failed, "the batch record names another batch id");
        if (w.batch_id.empty() && find_batch(b.operator_id, b.batch_id))
            return conflict(b.operator_id, b.batch_id);
        record = std::move(b);
    }
    accept(*events, record);
    return events;
}

std::string format_segment_list(const std::vector<std::uint32_t>& segments) {
    std::string out;
    for (std::uint32_t s : segments) out += (out.empty() ? "" : ",") + std::to_string(s);
    return out;
}

std::vector<std::uint32_t> parse_segment_list(const std::string& text) {
    std::vector<std::uint32_t> out;
    std::uint32_t v = 0;
    bool any = false;
    for (char c : text) {
        if (c == ',') {
            if (any) out.push_back(v);
            v = 0, any = false;
        } else if (c >= '0' && c <= '9') {
            v = v * 10 + static_cast<std::uint32_t>(c - '0'), any = true;
        }
    }
    if (any) out.push_back(v);
    return out;
}

Result<std::unique_ptr<Store>> open_store(const std::string& spec) {
    if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0)
        return open_postgresql_store(spec);
    if (spec.rfind("sqlite:", 0) == 0) return open_sqlite_store(spec.substr(7));
    return open_sqlite_store(spec);
}

}  // namespace traceseal::registry
