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
