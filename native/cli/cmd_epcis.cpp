// traceseal epcis export: the registry's events as an EPCIS 2.0 JSON-LD document, with CBV
// business steps and dispositions (the mapping table is in docs/LIFECYCLE.md). An issuer's
// export for the authority: details are in clear, unlike provenance bundles (FORMAT.md §10).
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "registry.h"

namespace traceseal::cli {
namespace {

constexpr const char* kHelp =
    R"(Usage: traceseal epcis export --store STORE [--segment S | CODE...] [--out FILE]
                              [--at TIME]

Writes the registry's events (all, those of segment S, or those of the CODEs) as an EPCIS 2.0
JSON document (standard output without --out): ObjectEvent for activate, sell, pickup, unbind
and void, TransformationEvent for reissue and replace (old code in, new code out), with CBV
bizStep and disposition; actor, place and reason as ts: extension fields. docs/LIFECYCLE.md has
the mapping. Event times are UTC; eventTimeZoneOffset is Hainan's +08:00.
)";

constexpr const char* kEpcisContext =
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
constexpr const char* kTsNamespace = "https://ts.example/epcis/";

std::string epc(const std::string& code) {
    return "urn:traceseal:code:" + code;
}

// Places are free text: percent-encoded (RFC 3986 unreserved kept) so the readPoint id is a URI.
std::string uri_part(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

struct Cbv {
    const char* action;  // ObjectEvent only
    const char* biz_step;
    const char* disposition;
};

// docs/LIFECYCLE.md "EPCIS 2.0 mapping".
Cbv cbv_of(const std::string& type, const std::string& new_state) {
    if (type == "activate") return {"ADD", "commissioning", "active"};
    if (type == "sell") return {"OBSERVE", "retail_selling", "retail_sold"};
    if (type == "pickup") return {"OBSERVE", "departing", "retail_sold"};
    if (type == "unbind") return {"OBSERVE", "receiving", "sellable_accessible"};
    if (type == "void") return {"DELETE", "decommissioning", "inactive"};
    // reissue / replace: the new code carries on in the old one's state.
    if (new_state == "sold" || new_state == "picked_up")
        return {nullptr, "commissioning", "retail_sold"};
    if (new_state == "unbound") return {nullptr, "commissioning", "sellable_accessible"};
    return {nullptr, "commissioning", "active"};
}

nlohmann::ordered_json common(const registry::Event& e, const Cbv& c) {
    nlohmann::ordered_json j;
    j["eventTime"] = format_time(e.time);
    j["eventTimeZoneOffset"] = "+08:00";
    j["eventID"] = "urn:traceseal:event:" + e.hash;
    j["bizStep"] = c.biz_step;
    j["disposition"] = c.disposition;
    j["readPoint"] = {{"id", "urn:traceseal:place:" + uri_part(e.place)}};
    j["ts:actor"] = e.actor;
    j["ts:place"] = e.place;
    if (!e.reason.empty()) j["ts:reason"] = e.reason;
    j["ts:state"] = e.state;
    j["ts:seq"] = e.seq;
    return j;
}

}  // namespace

int run_epcis(const std::vector<std::string>& argv) {
    Args a(argv, {"--store", "--segment", "--out", "--at"}, {});
    if (a.help()) return std::fputs(kHelp, stdout), kExitOk;
    if (!a.ok()) return fail("epcis", a.error());
    if (a.positional().empty() || a.positional()[0] != "export" || !a.value("--store"))
        return fail("epcis", "usage: traceseal epcis export --store STORE ... (see --help)");
    UnixTime now = now_utc();
    if (auto t = a.value("--at")) {
        auto p = parse_time(*t);
        if (!p) return fail("epcis", "--at: " + p.error().detail);
        now = *p;
    }
    auto store = registry::open_store(*a.value("--store"));
    if (!store)
        return fail("epcis",
                    std::string(to_string(store.error().reason)) + ": " + store.error().detail);
    std::vector<registry::Event> events = (*store)->events();
    std::set<std::string> wanted;
    for (std::size_t i = 1; i < a.positional().size(); ++i) {
        auto f = registry::parse_code_ref(a.positional()[i]);
        if (!f)
            return fail("epcis",
                        std::string(to_string(f.error().reason)) + ": " + f.error().detail);
        wanted.insert(format_code_number(*f));
    }
    std::optional<std::uint32_t> segment;
    if (auto s = a.value("--segment")) {
        auto n = parse_int(*s, 0, (1 << 24) - 1);
        if (!n) return fail("epcis", "--segment must be a segment number");
        segment = static_cast<std::uint32_t>(*n);
    }
    auto keep = [&](const std::string& code) {
        if (!wanted.empty()) return wanted.count(code) > 0;
        if (segment) {
            auto f = registry::parse_code_ref(code);
            return f && f->segment == *segment;
        }
        return true;
    };
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const registry::Event& e = events[i];
        if (e.type == "successor") continue;  // folded into its reissue/replace
        if (!keep(e.code) && !(e.related.size() && keep(e.related))) continue;
        if (e.type == "reissue" || e.type == "replace") {
            // The registry writes OLD's event, then NEW's "successor" event, in one batch.
            std::string new_state = i + 1 < events.size() ? events[i + 1].state : "activated";
            nlohmann::ordered_json j = {{"type", "TransformationEvent"}};
            j.update(common(e, cbv_of(e.type, new_state)));
            j["inputEPCList"] = {epc(e.code)};
            j["outputEPCList"] = {epc(e.related)};
            j["ts:event"] = e.type;
            list.push_back(j);
            continue;
        }
        Cbv c = cbv_of(e.type, e.state);
        nlohmann::ordered_json j = {{"type", "ObjectEvent"}};
        j["action"] = c.action;
        j["epcList"] = {epc(e.code)};
        j.update(common(e, c));
        j["ts:event"] = e.type;
        list.push_back(j);
    }
    nlohmann::ordered_json doc = {{"@context", {kEpcisContext, {{"ts", kTsNamespace}}}},
                                  {"type", "EPCISDocument"},
                                  {"schemaVersion", "2.0"},
                                  {"creationDate", format_time(now)},
                                  {"epcisBody", {{"eventList", list}}}};
    // Text from tills may not be UTF-8 (a GBK store name): replaced (U+FFFD), never an abort.
    std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (auto out = a.value("--out")) {
        if (auto e = write_file(*out, text)) return fail("epcis", *e);
        std::fprintf(stderr, "EPCIS 2.0 document with %zu events: %s\n", list.size(), out->c_str());
    } else {
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return kExitOk;
}

}  // namespace traceseal::cli
