// FORMAT.md §11.2 envelopes, batches and receipts and the §11.1 key file, on nlohmann::json with
// parse(..., false) and find(): nothing here throws on untrusted input.
#include "batch.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "submission.h"
#include "traceseal/json_object.h"

namespace traceseal::service {
namespace {

using Json = nlohmann::json;

// One JSON object, no member named twice (FORMAT.md §4.4); `why` starts with "the text".
std::optional<Json> parse_object(std::string_view text, std::string& why) {
    auto j = parse_json_object<Json>(text, why);
    if (!j) why = "the text " + why;
    return j;
}

// Every member of `j` is one of `allowed` and every one of `required` is there.
std::optional<std::string> check_members(const Json& j, std::initializer_list<const char*> allowed,
                                         std::initializer_list<const char*> required) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](const char* a) { return it.key() == a; }))
            return "unknown member \"" + it.key() + "\"";
    for (const char* r : required)
        if (!j.contains(r)) return std::string("the member \"") + r + "\" is missing";
    return std::nullopt;
}

const std::string* text_of(const Json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return nullptr;
    return &it->get_ref<const std::string&>();
}

// A control character (U+0000-U+001F, U+007F-U+009F; §11.2): a NUL cannot be stored in every
// database, a line break or an escape sequence would forge lines or colours where the text is
// printed. (The JSON parser has already refused text that is not UTF-8.)
bool has_control(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f)
            return true;  // U+0080-U+009F
    }
    return false;
}

std::optional<std::int64_t> int_of(const Json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

bool type_version(const Json& j, std::string_view type) {
    const std::string* t = text_of(j, "type");
    auto v = int_of(j, "version");
    return t && *t == type && v && *v == 1;
}

std::optional<Bytes> hex_of(const Json& j, const char* name, std::size_t bytes) {
    const std::string* t = text_of(j, name);
    if (!t || t->size() != 2 * bytes) return std::nullopt;
    auto b = from_hex(*t);
    if (!b) return std::nullopt;
    return *b;
}

bool valid_batch_id(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    });
}

Json event_json(const registry::Event& e) {
    return Json{{"seq", e.seq},         {"code", e.code},
                {"type", e.type},       {"state", e.state},
                {"actor", e.actor},     {"place", e.place},
                {"reason", e.reason},   {"time", format_time(e.time)},
                {"related", e.related}, {"prev_hash", e.prev_hash},
                {"hash", e.hash}};
}

// FORMAT.md §2.2: JSON times are exactly YYYY-MM-DDTHH:MM:SSZ (parse_time also takes a bare day).
std::optional<UnixTime> time_of(const Json& j, const char* name) {
    const std::string* t = text_of(j, name);
    if (!t || t->size() != 20) return std::nullopt;
    auto r = parse_time(*t);
    if (!r) return std::nullopt;
    return *r;
}

std::string dump(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

Result<BatchEnvelope> parse_batch_envelope(std::string_view body) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::request_malformed, "batch envelope: " + why);
    };
    std::string why;
    auto j = parse_object(body, why);
    if (!j) return bad(why);
    if (auto m = check_members(*j, {"type", "version", "certificate", "signed", "signature"},
                               {"type", "version", "certificate", "signed", "signature"}))
        return bad(*m);
    if (!type_version(*j, "traceseal-batch-envelope"))
        return bad("type must be \"traceseal-batch-envelope\" and version 1");
    auto cert = hex_of(*j, "certificate", kSubmissionCertificateSize);
    if (!cert) return bad("certificate must be 242 lowercase hex digits");
    auto sig = hex_of(*j, "signature", kSignatureSize);
    if (!sig) return bad("signature must be 128 lowercase hex digits");
    const std::string* s = text_of(*j, "signed");
    if (!s) return bad("signed must be a JSON string");
    BatchEnvelope e;
    e.certificate = *cert;
    e.signed_text = *s;
    std::copy(sig->begin(), sig->end(), e.signature.begin());
    return e;
}

bool verify_batch_signature(const BatchEnvelope& e, const PublicKey& pk) {
    Bytes m(kBatchContext.begin(), kBatchContext.end());
    m.push_back(0);
    m.insert(m.end(), e.signed_text.begin(), e.signed_text.end());
    return ed25519_verify(pk, m, e.signature);
}

Result<Batch> parse_batch(std::string_view signed_text, UnixTime received_at) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::batch_malformed, "batch: " + why);
    };
    std::string why;
    auto j = parse_object(signed_text, why);
    if (!j) return bad(why);
    if (auto m =
            check_members(*j, {"type", "version", "batch_id", "operator", "created_at", "events"},
                          {"type", "version", "batch_id", "operator", "created_at", "events"}))
        return bad(*m);
    if (!type_version(*j, "traceseal-batch"))
        return bad("type must be \"traceseal-batch\" and version 1");
    Batch b;
    const std::string* id = text_of(*j, "batch_id");
    if (!id || !valid_batch_id(*id))
        return bad("batch_id must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
    b.batch_id = *id;
    auto op = int_of(*j, "operator");
    if (!op || *op < 1 || *op > 65535) return bad("operator must be an integer 1-65535");
    b.operator_id = static_cast<std::uint16_t>(*op);
    auto created_t = time_of(*j, "created_at");
    if (!created_t) return bad("created_at must be a time YYYY-MM-DDTHH:MM:SSZ");
    b.created_at = *created_t;
    const Json& events = (*j)["events"];
    if (!events.is_array() || events.empty() || events.size() > kMaxBatchSteps)
        return bad("events must be an array of 1-1000 steps");
    std::size_t total = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Json& s = events[i];
        std::string at = "events[" + std::to_string(i) + "]: ";
        if (!s.is_object()) return bad(at + "not an object");
        if (auto m = check_members(
                s, {"event", "codes", "received", "old", "new", "time", "actor", "place", "reason"},
                {"event", "time", "actor", "place"}))
            return bad(at + *m);
        BatchStep step;
        const std::string* ev = text_of(s, "event");
        auto parsed = ev ? parse_lifecycle_event(*ev) : std::nullopt;
        if (!parsed) return bad(at + "event must be a lifecycle event word (FORMAT.md §9.1)");
        step.event = *parsed;
        bool pair = step.event == LifecycleEvent::reissue || step.event == LifecycleEvent::replace;
        if (pair) {
            const std::string *o = text_of(s, "old"), *n = text_of(s, "new");
            if (!o || !n || s.contains("codes") || s.contains("received"))
                return bad(at + *ev + " names old and new (and no codes or received)");
            if (!registry::split_code_number(*o) || !registry::split_code_number(*n))
                return bad(at + "old and new must be code numbers SSSSSSSS-NNNNNNNN");
            step.old_code = *o;
            step.new_code = *n;
            total += 2;
        } else {
            if (s.contains("old") || s.contains("new"))
                return bad(at + "only reissue and replace name old and new");
            auto c = s.find("codes");
            if (c == s.end() || !c->is_array() || c->empty() || c->size() > kMaxStepCodes)
                return bad(at + "codes must be an array of 1-1000 code numbers");
            for (const Json& code : *c) {
                if (!code.is_string() ||
                    !registry::split_code_number(code.get_ref<const std::string&>()))
                    return bad(at + "codes must be code numbers SSSSSSSS-NNNNNNNN");
                step.codes.push_back(code.get<std::string>());
            }
            total += step.codes.size();
            auto r = s.find("received");
            if (step.event == LifecycleEvent::activate && r != s.end()) {
                // Missing, it is refused by the rules (activation_count_mismatch), as in the CLI.
                auto n = int_of(s, "received");
                if (!n || *n < 0 || *n > 100000000) return bad(at + "received must be a count");
                step.received = static_cast<std::size_t>(*n);
            } else if (r != s.end()) {
                return bad(at + "only activate has received");
            }
        }
        auto tt = time_of(s, "time");
        if (!tt) return bad(at + "time must be a time YYYY-MM-DDTHH:MM:SSZ");
        if (*tt > received_at + kMaxEventAhead)
            return bad(at + "event time " + format_time(*tt) + " is after the receipt time " +
                       format_time(received_at));
        step.info.time = *tt;
        const std::string *actor = text_of(s, "actor"), *place = text_of(s, "place");
        if (!actor || actor->empty() || actor->size() > 200 || !place || place->empty() ||
            place->size() > 200)
            return bad(at + "actor and place must be strings of 1-200 bytes");
        if (has_control(*actor) || has_control(*place))
            return bad(at + "actor and place must not contain a control character");
        step.info.actor = *actor;
        step.info.place = *place;
        if (s.contains("reason")) {
            const std::string* reason = text_of(s, "reason");
            if (!reason || reason->size() > 500)
                return bad(at + "reason must be a string of at most 500 bytes");
            if (has_control(*reason))
                return bad(at + "reason must not contain a control character");
            step.info.reason = *reason;
        }
        bool needs_reason =
            step.event == LifecycleEvent::unbind || step.event == LifecycleEvent::void_ || pair;
        if (needs_reason && step.info.reason.empty()) return bad(at + *ev + " needs a reason");
        b.steps.push_back(std::move(step));
    }
    if (total > kMaxBatchCodes) return bad("more than 10000 codes in one batch");
    return b;
}

std::string batch_hash(std::string_view signed_text) {
    auto h = hash256(kBatchHashContext, Bytes(signed_text.begin(), signed_text.end()));
    return to_hex(h.data(), h.size());
}

std::string format_batch(const Batch& b) {
    Json steps = Json::array();
    for (const BatchStep& s : b.steps) {
        Json j{{"event", std::string(to_string(s.event))}};
        if (s.event == LifecycleEvent::reissue || s.event == LifecycleEvent::replace) {
            j["old"] = s.old_code;
            j["new"] = s.new_code;
        } else {
            j["codes"] = s.codes;
            if (s.received) j["received"] = *s.received;
        }
        j["time"] = format_time(s.info.time);
        j["actor"] = s.info.actor;
        j["place"] = s.info.place;
        if (!s.info.reason.empty()) j["reason"] = s.info.reason;
        steps.push_back(std::move(j));
    }
    return dump(Json{{"type", "traceseal-batch"},
                     {"version", 1},
                     {"batch_id", b.batch_id},
                     {"operator", b.operator_id},
                     {"created_at", format_time(b.created_at)},
                     {"events", steps}});
}

std::string sign_batch(const std::string& signed_text, const SubmissionKey& key) {
    Bytes m(kBatchContext.begin(), kBatchContext.end());
    m.push_back(0);
    m.insert(m.end(), signed_text.begin(), signed_text.end());
    auto sig = tlog::ed25519_sign(key.key.secret_key.bytes, m);
    return dump(Json{{"type", "traceseal-batch-envelope"},
                     {"version", 1},
                     {"certificate", to_hex(key.certificate.data(), key.certificate.size())},
                     {"signed", signed_text},
                     {"signature", to_hex(sig.data(), sig.size())}});
}

std::string format_receipt(const Batch& b, const std::string& key_id, const std::string& hash,
                           UnixTime received_at, const std::vector<registry::Event>& events) {
    Json ev = Json::array();
    for (const auto& e : events) ev.push_back(event_json(e));
    return dump(Json{{"type", "traceseal-receipt"},
                     {"version", 1},
                     {"batch_id", b.batch_id},
                     {"operator", b.operator_id},
                     {"submission_key_id", key_id},
                     {"batch_hash", hash},
                     {"received_at", format_time(received_at)},
                     {"first_seq", events.empty() ? 0 : events.front().seq},
                     {"last_seq", events.empty() ? 0 : events.back().seq},
                     {"events", ev}});
}

Result<std::vector<registry::Event>> parse_receipt_events(std::string_view receipt) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::server_response_invalid, "receipt: " + why);
    };
    std::string why;
    auto j = parse_object(receipt, why);
    if (!j) return bad(why);
    if (!type_version(*j, "traceseal-receipt")) return bad("not a traceseal-receipt");
    auto it = j->find("events");
    if (it == j->end() || !it->is_array()) return bad("no events");
    std::vector<registry::Event> out;
    for (const Json& e : *it) {
        if (!e.is_object()) return bad("an event is not an object");
        registry::Event ev;
        auto seq = int_of(e, "seq");
        auto t = time_of(e, "time");
        if (!seq || !t) return bad("an event has no seq or time");
        ev.seq = *seq;
        ev.time = *t;
        for (auto [name, field] : {std::pair{"code", &ev.code},
                                   {"type", &ev.type},
                                   {"state", &ev.state},
                                   {"actor", &ev.actor},
                                   {"place", &ev.place},
                                   {"reason", &ev.reason},
                                   {"related", &ev.related},
                                   {"prev_hash", &ev.prev_hash},
                                   {"hash", &ev.hash}}) {
            const std::string* v = text_of(e, name);
            if (!v) return bad(std::string("an event has no ") + name);
            *field = *v;
        }
        out.push_back(std::move(ev));
    }
    return out;
}

std::optional<std::pair<std::string, std::string>> parse_problem(std::string_view body) {
    std::string why;
    auto j = parse_object(body, why);
    if (!j) return std::nullopt;
    const std::string *reason = text_of(*j, "reason"), *detail = text_of(*j, "detail");
    if (!reason) return std::nullopt;
    return std::make_pair(*reason, detail ? *detail : std::string());
}

std::string format_problem(int status, Reason reason, const std::string& detail) {
    std::string word(to_string(reason));
    return dump(Json{{"type", "https://traceseal.example/problems/" + word},
                     {"title", std::string(message(reason, Lang::en))},
                     {"status", status},
                     {"reason", word},
                     {"detail", detail}});
}

Result<SubmissionKey> parse_submission_key_file(std::string_view text) {
    auto bad = [](const std::string& why) {
        return make_error(Reason::key_file_malformed, "submission key file: " + why);
    };
    std::string why;
    auto j = parse_object(text, why);
    if (!j) return bad(why);
    if (auto m = check_members(
            *j,
            {"type", "version", "operator", "key_id", "public_key", "secret_key", "certificate",
             "comment"},
            {"type", "version", "operator", "key_id", "public_key", "secret_key", "certificate"}))
        return bad(*m);
    if (!type_version(*j, "traceseal-submission-key"))
        return bad("type must be \"traceseal-submission-key\" and version 1");
    SubmissionKey k;
    auto op = int_of(*j, "operator");
    if (!op || *op < 1 || *op > 65535) return bad("operator must be an integer 1-65535");
    k.operator_id = static_cast<std::uint16_t>(*op);
    auto pk = hex_of(*j, "public_key", 32);
    auto sk = hex_of(*j, "secret_key", 64);
    auto cert = hex_of(*j, "certificate", kSubmissionCertificateSize);
    const std::string* id = text_of(*j, "key_id");
    if (!pk || !sk || !cert || !id)
        return bad(
            "public_key, secret_key, certificate or key_id is not lowercase hex of the right "
            "length");
    std::copy(pk->begin(), pk->end(), k.key.public_key.bytes.begin());
    std::copy(sk->begin(), sk->end(), k.key.secret_key.bytes.begin());
    if (!std::equal(sk->begin() + 32, sk->end(), pk->begin()))
        return bad("the secret key's public half differs from public_key");
    if (*id != submission_key_id(k.key.public_key)) return bad("key_id is not the public key's id");
    auto body = parse_submission_certificate(*cert);
    if (!body) return bad(body.error().detail);
    if (!(body->public_key == k.key.public_key) || body->operator_id != k.operator_id)
        return bad("the certificate names another public key or operator");
    if (j->contains("comment")) {
        const std::string* c = text_of(*j, "comment");
        if (!c) return bad("comment must be a string");
        k.comment = *c;
    }
    k.key_id = *id;
    k.certificate = *cert;
    return k;
}

std::string format_submission_key_file(const SubmissionKey& k) {
    const auto& pk = k.key.public_key.bytes;
    const auto& sk = k.key.secret_key.bytes;
    return Json{{"type", "traceseal-submission-key"},
                {"version", 1},
                {"operator", k.operator_id},
                {"key_id", k.key_id},
                {"public_key", to_hex(pk.data(), pk.size())},
                {"secret_key", to_hex(sk.data(), sk.size())},
                {"certificate", to_hex(k.certificate.data(), k.certificate.size())},
                {"comment", k.comment}}
               .dump(2, ' ', false, Json::error_handler_t::replace) +
           "\n";
}

std::string json_object(const std::vector<std::pair<std::string, std::string>>& strings,
                        const std::vector<std::pair<std::string, std::int64_t>>& numbers) {
    Json j = Json::object();
    for (const auto& [k, v] : strings) j[k] = v;
    for (const auto& [k, v] : numbers) j[k] = v;
    return dump(j);
}

Result<Bytes> parse_revocation_request(std::string_view body) {
    std::string why;
    auto j = parse_object(body, why);
    if (!j) return make_error(Reason::request_malformed, "revocation request: " + why);
    if (auto m = check_members(*j, {"revocation"}, {"revocation"}))
        return make_error(Reason::request_malformed, "revocation request: " + *m);
    auto b = hex_of(*j, "revocation", kSubmissionRevocationSize);
    if (!b)
        return make_error(Reason::request_malformed, "revocation must be 178 lowercase hex digits");
    return *b;
}

}  // namespace traceseal::service
