// traceseal inspector login and provenance fetch (FORMAT.md §12.4–§12.8): the one-time code from
// stdin, a session file, and a signed query whose answer is a bundle v2 for the inspector's role.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.h"
#include "batch.h"
#include "commands.h"
#include "files.h"
#include "http_client.h"
#include "provenance_cli.h"

namespace traceseal::cli {
namespace {

constexpr const char* kSessionFileType = "traceseal-inspector-session-file";
constexpr int kExitRefused = 1;

std::string endpoint(std::string server, const std::string& path) {
    while (!server.empty() && server.back() == '/') server.pop_back();
    return server + path;
}

std::string nonce_hex() {
    Bytes n = random_bytes(16);
    return to_hex(n.data(), n.size());
}

// The problem's reason word and detail, or server_response_invalid.
Error refusal(const std::string& url, const platform::HttpClientResponse& res) {
    auto p = service::parse_problem(res.body);
    auto reason = p ? parse_reason(p->first) : std::nullopt;
    if (!reason)
        return make_error(Reason::server_response_invalid,
                          url + ": HTTP " + std::to_string(res.status) + " without a reason");
    return make_error(*reason, p->second);
}

int refused(const char* cmd, const Error& e, bool by_server) {
    std::fprintf(stderr, "traceseal %s: %s: %s\n", cmd, std::string(to_string(e.reason)).c_str(),
                 e.detail.c_str());
    return by_server ? kExitRefused : kExitUsage;
}

Result<KeyFile> load_device_key(const std::string& path) {
    auto k = load_key_file(path);
    if (!k) return k.error();
    if (k->role != KeyRole::device || !k->secret_key)
        return make_error(Reason::key_file_malformed,
                          path + ": not a device secret key file (keygen --role device)");
    return k;
}

std::string b64(const std::string& s) {
    return tlog::base64_encode(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

}  // namespace

int run_inspector_login(const Args& a) {
    const char* cmd = "inspector login";
    for (const char* required : {"--server", "--phone", "--key", "--out"})
        if (!a.value(required)) return fail(cmd, std::string(required) + " is required");
    const std::string server = *a.value("--server"), phone = *a.value("--phone");
    if (!valid_phone(phone)) return fail(cmd, "--phone must be E.164: + and 8 to 15 digits");
    auto device = load_device_key(*a.value("--key"));
    if (!device) return refused(cmd, device.error(), false);
    const std::string code_url = endpoint(server, "/v1/inspector/code");
    auto sent = platform::http_request("POST", code_url, {{"Content-Type", "application/json"}},
                                       nlohmann::json{{"phone", phone}}.dump());
    if (!sent) return refused(cmd, sent.error(), false);
    if (sent->status != 202) return refused(cmd, refusal(code_url, *sent), true);
    std::fprintf(stderr,
                 "a one-time code was sent to %s; type it and press Enter: ", phone.c_str());
    std::string code;
    if (!std::getline(std::cin, code)) return fail(cmd, "no one-time code on standard input");
    while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
    LoginRequest l{phone, code, now_utc(), nonce_hex()};
    const std::string login_url = endpoint(server, "/v1/inspector/login");
    auto res = platform::http_request("POST", login_url, {{"Content-Type", "application/json"}},
                                      sign_request(format_login_request(l), *device->secret_key));
    if (!res) return refused(cmd, res.error(), false);
    if (res->status != 200) return refused(cmd, refusal(login_url, *res), true);
    auto claims = read_session_claims(res->body);
    if (!claims)
        return refused(
            cmd,
            make_error(Reason::server_response_invalid, login_url + ": " + claims.error().detail),
            false);
    nlohmann::json file{{"type", kSessionFileType},
                        {"version", 1},
                        {"server", server},
                        {"token", res->body},
                        {"device_key", *a.value("--key")}};
    if (auto e = write_file(*a.value("--out"), file.dump(2) + "\n", true, true))
        return fail(cmd, *e);
    std::printf("session: %s (%s, agency %u, until %s)\n", a.value("--out")->c_str(),
                std::string(to_string(claims->role)).c_str(), claims->agency,
                format_time(claims->expires_at).c_str());
    return kExitOk;
}

int run_provenance_fetch(const std::vector<std::string>& argv) {
    const char* cmd = "provenance fetch";
    Args a(std::vector<std::string>(argv.begin() + 1, argv.end()),
           {"--server", "--session", "--out", "--case"}, {});
    if (a.help()) {
        std::puts(
            "Usage: traceseal provenance fetch --server URL --session SESSION --out B.tspb\n"
            "                                  [--case REFERENCE] CODE_NUMBER\n\n"
            "Asks the registry service for the code's bundle v2 as the session's role may\n"
            "see it (FORMAT.md §12.3); the query is signed by the device key and recorded in\n"
            "the audit log before the answer. Police queries need --case. Verify the bundle\n"
            "offline with traceseal verify --provenance B.tspb --inspector-key ...");
        return kExitOk;
    }
    if (!a.ok()) return fail(cmd, a.error());
    for (const char* required : {"--server", "--session", "--out"})
        if (!a.value(required)) return fail(cmd, std::string(required) + " is required");
    if (a.positional().size() != 1) return fail(cmd, "give exactly one code number");
    auto text = read_file(*a.value("--session"), kMaxKeyFileBytes);
    if (!text) return refused(cmd, text.error(), false);
    auto file = nlohmann::json::parse(*text, nullptr, false);
    auto str = [&](const char* name) -> std::string {
        auto it = file.is_object() ? file.find(name) : file.end();
        return it != file.end() && it->is_string() ? it->get<std::string>() : "";
    };
    if (str("type") != kSessionFileType || str("token").empty() || str("device_key").empty())
        return fail(cmd, *a.value("--session") + ": not a session file (inspector login --out)");
    auto claims = read_session_claims(str("token"));
    if (!claims) return refused(cmd, claims.error(), false);
    auto device = load_device_key(str("device_key"));
    if (!device) return refused(cmd, device.error(), false);
    auto number = parse_code_number(a.positional()[0]);
    if (!number) return fail(cmd, a.positional()[0] + " is not a code number SSSSSSSS-NNNNNNNN");
    QueryRequest q{claims->session, format_code_number(*number), a.value("--case").value_or(""),
                   now_utc(), nonce_hex()};
    const std::string url = endpoint(*a.value("--server"), "/v1/inspector/provenance/" + q.code);
    auto res = platform::http_request(
        "GET", url,
        {{"Authorization", "TraceSeal-Session " + b64(str("token"))},
         {"TraceSeal-Request", b64(sign_request(format_query_request(q), *device->secret_key))}},
        "");
    if (!res) return refused(cmd, res.error(), false);
    if (res->status != 200) return refused(cmd, refusal(url, *res), true);
    if (auto e = write_file(*a.value("--out"), Bytes(res->body.begin(), res->body.end())))
        return fail(cmd, *e);
    std::printf("bundle of %s for %s: %s (%zu bytes)\n", q.code.c_str(),
                std::string(to_string(claims->role)).c_str(), a.value("--out")->c_str(),
                res->body.size());
    return kExitOk;
}

}  // namespace traceseal::cli
