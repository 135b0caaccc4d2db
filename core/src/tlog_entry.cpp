// Log entries of FORMAT.md §10.7: the salted commitment that binds a code to its previous event
// without naming it, and the index entry that closes every checkpoint.
#include "byte_io.h"
#include "crypto.h"
#include "traceseal/traceseal.h"

namespace traceseal::tlog {
namespace {

constexpr std::size_t kCodeNumberSize = 17;  // "SSSSSSSS-NNNNNNNN"
constexpr std::string_view kEventTypes[] = {"activate", "sell",    "pickup",  "unbind",
                                            "void",     "reissue", "replace", "successor"};

bool code_number_shape(std::string_view s) {
    if (s.size() != kCodeNumberSize || s[8] != '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i != 8 && (s[i] < '0' || s[i] > '9')) return false;
    return true;
}

Hash domain_hash(std::string_view context, const Hash& salt, const Bytes& data) {
    Bytes prefix(context.begin(), context.end());
    prefix.push_back(0x00);
    return crypto::sha256({prefix.data(), prefix.size()}, {salt.data(), salt.size()},
                          {data.data(), data.size()});
}

}  // namespace

Bytes encode_event(const Event& e) {
    Bytes out;
    put_str(out, e.code_number);
    put_be(out, e.prev, 8);
    put_str(out, e.type);
    put_str(out, e.state);
    put_str(out, e.related);
    put_bytes(out, e.details_hash.data(), e.details_hash.size());
    return out;
}

Result<Event> parse_event(const Bytes& bytes) {
    auto bad = [](std::string d) { return make_error(Reason::provenance_malformed, std::move(d)); };
    ByteReader r{bytes};
    Event e;
    e.code_number = r.str(kCodeNumberSize);
    e.prev = r.be(8);
    e.type = r.str(16);
    e.state = r.str(16);
    e.related = r.str(kCodeNumberSize);
    e.details_hash = r.fixed<32>();
    if (!r.ok || r.pos != bytes.size()) return bad("an event that does not parse (§10.7)");
    if (!code_number_shape(e.code_number)) return bad("an event's code number is malformed");
    if (!e.related.empty() && !code_number_shape(e.related))
        return bad("an event's related code number is malformed");
    if (std::find(std::begin(kEventTypes), std::end(kEventTypes), e.type) == std::end(kEventTypes))
        return bad("an event type '" + e.type + "'");
    if (!parse_code_state(e.state)) return bad("an event state '" + e.state + "'");
    return e;
}

Hash event_commitment(const Hash& salt, const Bytes& event) {
    return domain_hash(kEntryContext, salt, event);
}

Bytes event_entry(const Hash& commitment) {
    Bytes out{kEventEntry};
    out.insert(out.end(), commitment.begin(), commitment.end());
    return out;
}

Bytes index_entry(std::uint64_t covers, const Hash& map_root) {
    Bytes out{kIndexEntry};
    put_be(out, covers, 8);
    out.insert(out.end(), map_root.begin(), map_root.end());
    return out;
}

Bytes encode_details(std::int64_t time, std::string_view actor, std::string_view place,
                     std::string_view reason) {
    Bytes out;
    put_be(out, static_cast<std::uint64_t>(time), 8);
    put_str(out, actor);
    put_str(out, place);
    put_str(out, reason);
    return out;
}

Hash details_commitment(const Hash& details_salt, const Bytes& details) {
    return domain_hash(kDetailsContext, details_salt, details);
}

}  // namespace traceseal::tlog
