// The embind surface of the core for the page's worker: plain JS values out, nothing to
// .delete(). Test-only functions are in bindings_test.cpp (linked into the Node build only).
// The state (binding_state.h) is built once; assess() reads it without copying.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "binding_state.h"
#include "traceseal/traceseal.h"

namespace traceseal::web {

VerifierState& state() {
    static VerifierState s;
    return s;
}

namespace {

using emscripten::val;

// What the page shows about a trust list: "trust list as of <issued_at>".
val trust_info(const TrustList& t, double now) {
    const TrustListBody& b = t.body();
    val o = val::object();
    o.set("ok", true);
    o.set("sequence", static_cast<double>(b.sequence));
    o.set("issued_at", format_time(b.issued_at));
    o.set("expires_at", format_time(b.expires_at));
    o.set("expired", to_unix(now) > b.expires_at);
    o.set("authority", b.authority);
    o.set("label_prefix", b.label_prefix);
    o.set("root_key_id", t.root_key_id());
    val operators = val::object();  // id -> names, so the page shows names, never ids
    for (const Operator& op : b.operators) {
        val names = val::object();
        names.set("en", op.name_en);
        names.set("zh", op.name_zh);
        operators.set(std::to_string(op.id), names);
    }
    o.set("operators", operators);
    val agencies = val::object();  // §12.1: id -> role and names (the inspector mode's header)
    for (const Agency& a : b.agencies) {
        val entry = val::object();
        entry.set("role", std::string(to_string(a.role)));
        entry.set("en", a.name_en);
        entry.set("zh", a.name_zh);
        agencies.set(std::to_string(a.id), entry);
    }
    o.set("agencies", agencies);
    return o;
}

Result<PublicKey> root_of(const std::string& root_key_json) {
    Result<KeyFile> root = parse_key_file(root_key_json);
    if (!root) return root.error();
    if (root->role != KeyRole::root)
        return make_error(Reason::key_file_malformed, "not a root public key file");
    return root->public_key;
}

// Verifies a trust list against the pinned root key and makes it the current one,
// unconditionally (first load, or the copy the deployer shipped when nothing is stored); held
// snapshots go with the old list.
val set_trust(const std::string& root_key_json, const std::string& trust_list_json, double now) {
    Result<PublicKey> root = root_of(root_key_json);
    if (!root) return error_object(root.error());
    Result<TrustState> t = TrustState::create(*root, trust_list_json);
    if (!t) return error_object(t.error());
    state().trust = std::move(*t);
    return trust_info(state().trust->trust_list(), now);
}

// A refreshed trust list: accepted through TrustState::update_trust_list (§4.5, §4.6), which
// also re-checks the held snapshots. Result has "replaced": true when the current list changed.
val update_trust(const std::string& root_key_json, const std::string& trust_list_json, double now) {
    std::optional<TrustState>& held = state().trust;
    if (!held) {
        val o = set_trust(root_key_json, trust_list_json, now);
        if (o["ok"].as<bool>()) o.set("replaced", true);
        return o;
    }
    Result<PublicKey> root = root_of(root_key_json);
    if (!root) return error_object(root.error());
    if (!(*root == held->root()))
        return error_object(
            make_error(Reason::trust_list_wrong_root, "the root key differs from the pinned one"));
    const std::string before = held->trust_list().signed_body();
    Result<TrustState::Dropped> r = held->update_trust_list(trust_list_json);
    if (!r) return error_object(r.error());
    val o = trust_info(held->trust_list(), now);
    o.set("replaced", held->trust_list().signed_body() != before);
    return o;
}

val current_trust(double now) {
    if (!state().trust) return val::null();
    return trust_info(state().trust->trust_list(), now);
}

// What the page shows about a status snapshot: "status of segment S as of <issued_at>".
val status_info(const StatusSnapshot& s, double now) {
    val o = val::object();
    o.set("ok", true);
    o.set("segment", static_cast<double>(s.certificate().segment));
    o.set("operator", static_cast<double>(s.certificate().operator_id));
    o.set("sequence", static_cast<double>(s.sequence()));
    o.set("issued_at", format_time(s.issued_at()));
    o.set("valid_until", format_time(s.valid_until()));
    // The rule the verdict's status_stale follows (§9.4), so the footer never disagrees with it.
    const TrustList& list = state().trust->trust_list();
    o.set("stale", to_unix(now) > s.used_until(list.body().status_max_age));
    return o;
}

// A status snapshot (the file's bytes, a Uint8Array) verified against the current trust list
// and accepted under the rollback rule for its segment (§9.4).
val add_status(const val& snapshot, double now) {
    std::optional<TrustState>& st = state().trust;
    if (!st) return error_object(make_error(Reason::status_malformed, "no trust list yet"));
    Result<StatusSnapshot> s = st->add_status(bytes_of(snapshot));
    if (!s) return error_object(s.error());
    return status_info(*s, now);
}

void clear_status() {
    if (state().trust) state().trust->clear_status();
}

// A text the page got (typed, pasted, scanned, from the address) -> the JSON object of
// `traceseal verify --json` (§6.2) as a string, with the accepted status data (§9.5, consumer).
// A typed code number gets its §6.3 result. '' when no trust list is held.
std::string assess(const std::string& text, double now, const std::string& input) {
    const VerifierState& st = state();
    if (!st.trust) return {};
    return assess_typed_to_json(text, *st.trust, ScanFacts{to_unix(now), {}, {}, {}}, input);
}

std::string assess_no_code(const std::string& input) {
    return assessment_to_json(no_code_assessment(), input);
}

// The message catalog for one language: {verdicts, reasons, states, reminder}, so the page uses
// the core's words.
val messages(const std::string& lang_tag) {
    const Lang lang = lang_tag.rfind("zh", 0) == 0 ? Lang::zh_CN : Lang::en;
    val verdicts = val::object();
    for (Verdict v :
         {Verdict::genuine, Verdict::warning, Verdict::invalid, Verdict::foreign, Verdict::no_code})
        verdicts.set(std::string(to_string(v)), std::string(message(v, lang)));
    val reasons = val::object();
#define TRACESEAL_SET(name, verdict) reasons.set(#name, std::string(message(Reason::name, lang)));
    TRACESEAL_REASONS(TRACESEAL_SET)
#undef TRACESEAL_SET
    val states = val::object();
    for (int i = 0; i <= static_cast<int>(CodeState::superseded); ++i)
        states.set(std::string(to_string(static_cast<CodeState>(i))),
                   std::string(message(static_cast<CodeState>(i), lang)));
    val o = val::object();
    o.set("lang", std::string(lang == Lang::zh_CN ? "zh-CN" : "en"));
    o.set("states", states);
    o.set("verdicts", verdicts);
    o.set("reasons", reasons);
    o.set("reminder", std::string(resale_reminder(lang)));
    return o;
}

}  // namespace
}  // namespace traceseal::web

EMSCRIPTEN_BINDINGS(traceseal) {
    using namespace traceseal::web;
    emscripten::function("set_trust", &set_trust);
    emscripten::function("update_trust", &update_trust);
    emscripten::function("current_trust", &current_trust);
    emscripten::function("assess", &assess);
    emscripten::function("assess_no_code", &assess_no_code);
    emscripten::function("add_status", &add_status);
    emscripten::function("clear_status", &clear_status);
    emscripten::function("messages", &messages);
}
