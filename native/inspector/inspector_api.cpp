// The inspector routes (FORMAT.md §12.8): parse at the edge, decide in InspectorService, record
// in the audit log, and only then build the answer.
#include "inspector_api.h"

#include <nlohmann/json.hpp>

namespace traceseal::inspector {

using service::HttpRequest;
using service::HttpResponse;

namespace {

// RFC 9457 with the reason word (as service::problem, kept here so this library stands alone).
HttpResponse refuse(const Error& e) {
    HttpResponse r;
    r.status = inspector_http_status(e.reason);
    r.content_type = "application/problem+json";
    r.body = nlohmann::json{{"type", "about:blank"},
                            {"title", std::string(message(e.reason, Lang::en))},
                            {"status", r.status},
                            {"reason", std::string(to_string(e.reason))},
                            {"detail", e.detail}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (e.reason == Reason::login_locked)
        r.headers.push_back({"Retry-After", std::to_string(kLoginLockSeconds)});
    return r;
}

HttpResponse json_answer(int status, const nlohmann::json& j) {
    HttpResponse r;
    r.status = status;
    r.body = j.dump();
    return r;
}

std::optional<std::string> header(const HttpRequest& req, const char* name) {
    auto it = req.headers.find(name);
    if (it == req.headers.end()) return std::nullopt;
    return it->second;
}

// A header's base64 value (RFC 4648 §4) as text.
std::optional<std::string> base64_header(const HttpRequest& req, const char* name,
                                         std::string_view scheme = {}) {
    auto v = header(req, name);
    if (!v) return std::nullopt;
    std::string_view s = *v;
    if (!scheme.empty()) {
        if (s.substr(0, scheme.size()) != scheme || s.size() <= scheme.size() ||
            s[scheme.size()] != ' ')
            return std::nullopt;
        s.remove_prefix(scheme.size() + 1);
    }
    auto bytes = tlog::base64_decode(s);
    if (!bytes) return std::nullopt;
    return std::string(bytes->begin(), bytes->end());
}

}  // namespace

int inspector_http_status(Reason r) {
    switch (r) {
        case Reason::inspector_unknown_agency:
        case Reason::inspector_bad_signature:
        case Reason::inspector_role_mismatch:
        case Reason::inspector_certificate_not_valid:
        case Reason::case_reference_required:
            return 403;
        case Reason::session_malformed:
        case Reason::session_bad_signature:
        case Reason::session_expired:
        case Reason::session_mismatch:
        case Reason::request_bad_signature:
        case Reason::request_stale:
        case Reason::login_code_invalid:
        case Reason::login_code_expired:
            return 401;
        case Reason::request_replayed:
            return 409;
        case Reason::login_locked:
        case Reason::login_rate_limited:
            return 429;
        case Reason::audit_failed:
        case Reason::store_failed:
        case Reason::cosignature_quorum_not_met:  // §12.8: publishing on demand failed
            return 503;
        case Reason::provenance_wrong_code:
        case Reason::serial_not_allocated:
            return 404;
        default:
            return 400;
    }
}

InspectorApi::InspectorApi(InspectorService& service, AuditLog& audit, BundleSource bundles)
    : service_(service), audit_(audit), bundles_(std::move(bundles)) {}

void InspectorApi::mount(service::Router& router) {
    const std::string p(kInspectorPrefix);
    router.add("POST", p + "enrolments", [this](const HttpRequest& r) { return enrol(r); });
    router.add("POST", p + "code", [this](const HttpRequest& r) { return request_code(r); });
    router.add("POST", p + "login", [this](const HttpRequest& r) { return login(r); });
    router.add("GET", p + "provenance/", [this](const HttpRequest& r) {
        std::string path = service::target_path(r.target);
        return fetch_provenance(r, path.substr(kInspectorPrefix.size() + 11));
    });
}

std::optional<HttpResponse> InspectorApi::handle(const HttpRequest& req) {
    std::string_view path = req.target;
    path = path.substr(0, path.find('?'));
    if (path.substr(0, kInspectorPrefix.size()) != kInspectorPrefix) return std::nullopt;
    std::string_view rest = path.substr(kInspectorPrefix.size());
    auto only = [&](const char* method, auto&& f) {
        if (req.method != method) {
            HttpResponse r =
                refuse(make_error(Reason::request_malformed, "use " + std::string(method)));
            r.status = 405;
            r.headers.push_back({"Allow", method});
            return r;
        }
        return f();
    };
    if (rest == "enrolments") return only("POST", [&] { return enrol(req); });
    if (rest == "code") return only("POST", [&] { return request_code(req); });
    if (rest == "login") return only("POST", [&] { return login(req); });
    constexpr std::string_view kProvenance = "provenance/";
    if (rest.substr(0, kProvenance.size()) == kProvenance)
        return only("GET", [&] {
            return fetch_provenance(req, std::string(rest.substr(kProvenance.size())));
        });
    HttpResponse r = refuse(make_error(Reason::request_malformed, "no such inspector route"));
    r.status = 404;
    return r;
}

HttpResponse InspectorApi::enrol(const HttpRequest& req) {
    auto c = service_.enrol(req.body);
    if (!c) return refuse(c.error());
    return json_answer(201, {{"phone", c->body().phone},
                             {"role", std::string(to_string(c->body().role))},
                             {"agency", c->body().agency}});
}

HttpResponse InspectorApi::request_code(const HttpRequest& req) {
    auto j = nlohmann::json::parse(req.body, nullptr, false);
    auto phone = j.is_object() && j.size() == 1 ? j.find("phone") : j.end();
    if (j.is_discarded() || !j.is_object() || phone == j.end() || !phone->is_string())
        return refuse(
            make_error(Reason::request_malformed, "the body must be {\"phone\": \"+...\"}"));
    UnixTime retry_after = 0;
    if (auto e = service_.request_code(phone->get<std::string>(), &retry_after)) {
        HttpResponse r = refuse(*e);
        if (e->reason == Reason::login_rate_limited)
            r.headers.push_back({"Retry-After", std::to_string(retry_after)});
        return r;
    }
    return json_answer(202, {{"expires_in", kLoginCodeSeconds}});
}

HttpResponse InspectorApi::login(const HttpRequest& req) {
    auto token = service_.login(req.body);
    if (!token) return refuse(token.error());
    HttpResponse r;
    r.body = *token;
    return r;
}

HttpResponse InspectorApi::fetch_provenance(const HttpRequest& req, const std::string& code) {
    auto token = base64_header(req, "authorization", "TraceSeal-Session");
    if (!token)
        return refuse(make_error(Reason::session_malformed,
                                 "Authorization must be TraceSeal-Session <base64 token>"));
    auto request = base64_header(req, "traceseal-request");
    if (!request)
        return refuse(make_error(Reason::request_malformed, "TraceSeal-Request must be base64"));
    auto q = service_.authorize_query(*token, *request);
    if (!q) return refuse(q.error());
    if (q->query.code != code)
        return refuse(make_error(Reason::request_malformed,
                                 "the path names " + code + ", the signed query " + q->query.code));
    // §12.7: durable and under a published checkpoint before any answer exists.
    AuditRecord a;
    a.time = service_.now();
    a.phone = q->claims.phone;
    a.agency = q->claims.agency;
    a.role = q->claims.role;
    a.code = q->query.code;
    a.case_reference = q->query.case_reference;
    a.session = q->claims.session;
    a.device_key = q->claims.device_key;
    a.request = q->request_text;
    auto recorded = audit_.record(a);
    if (!recorded) return refuse(recorded.error());
    auto bundle = bundles_(code, {q->claims.role, q->claims.inspector_key});
    if (!bundle) return refuse(bundle.error());
    HttpResponse r;
    r.content_type = "application/octet-stream";
    r.body.assign(bundle->begin(), bundle->end());
    r.headers.push_back({"TraceSeal-Audit-Index", std::to_string(*recorded)});
    return r;
}

}  // namespace traceseal::inspector
