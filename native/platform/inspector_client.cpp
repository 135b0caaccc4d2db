// The inspector client's exchanges (inspector_client.h): requests framed and signed by the core
// (traceseal/inspector.h), sent over http_client, answers read as FORMAT.md §12.8 says.
#include "inspector_client.h"

#include <nlohmann/json.hpp>

#include "files.h"

namespace traceseal::platform {
namespace {

std::string nonce_hex() {
    Bytes n = cli::random_bytes(16);
    return to_hex(n.data(), n.size());
}

std::string b64(const std::string& s) {
    return tlog::base64_encode(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

template <typename T>
ClientResult<T> failed(Error e, bool by_server) {
    ClientResult<T> r;
    r.failure = ClientError{std::move(e), by_server};
    return r;
}
template <typename T>
ClientResult<T> ok(T value) {
    ClientResult<T> r;
    r.value = std::move(value);
    return r;
}

const HttpHeaders kJson = {{"Content-Type", "application/json"}};

}  // namespace

std::string endpoint(std::string server, const std::string& path) {
    while (!server.empty() && server.back() == '/') server.pop_back();
    return server + path;
}

Error problem_error(const std::string& url, const HttpClientResponse& res) {
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    auto it = j.is_object() ? j.find("reason") : j.end();
    std::optional<Reason> reason;
    if (it != j.end() && it->is_string()) reason = parse_reason(it->get<std::string>());
    if (!reason)
        return make_error(Reason::server_response_invalid,
                          url + ": HTTP " + std::to_string(res.status) + " without a reason");
    auto d = j.find("detail");
    return make_error(*reason, d != j.end() && d->is_string() ? d->get<std::string>() : url);
}

Result<KeyFile> load_device_key(const std::string& path) {
    auto k = cli::load_key_file(path);
    if (!k) return k.error();
    if (k->role != KeyRole::device || !k->secret_key)
        return make_error(Reason::key_file_malformed,
                          path + ": not a device secret key file (keygen --role device)");
    return k;
}

ClientResult<bool> request_login_code(const std::string& server, const std::string& phone,
                                      const HttpClientOptions& http) {
    const std::string url = endpoint(server, "/v1/inspector/code");
    auto res = http_request("POST", url, kJson, nlohmann::json{{"phone", phone}}.dump(), http);
    if (!res) return failed<bool>(res.error(), false);
    if (res->status != 202) return failed<bool>(problem_error(url, *res), true);
    return ok(true);
}

ClientResult<ClientSession> login(const std::string& server, const std::string& phone,
                                  const std::string& code, const KeyFile& device, UnixTime now,
                                  const HttpClientOptions& http) {
    if (!device.secret_key)
        return failed<ClientSession>(make_error(Reason::key_file_malformed, "no device secret key"),
                                     false);
    LoginRequest l{phone, code, now, nonce_hex()};
    const std::string url = endpoint(server, "/v1/inspector/login");
    auto res = http_request("POST", url, kJson,
                            sign_request(format_login_request(l), *device.secret_key), http);
    if (!res) return failed<ClientSession>(res.error(), false);
    if (res->status != 200) return failed<ClientSession>(problem_error(url, *res), true);
    auto claims = read_session_claims(res->body);
    if (!claims)
        return failed<ClientSession>(
            make_error(Reason::server_response_invalid, url + ": " + claims.error().detail), false);
    return ok(ClientSession{server, res->body, *claims});
}

ClientResult<Bytes> fetch_bundle(const ClientSession& session, const KeyFile& device,
                                 const std::string& code_number, const std::string& case_reference,
                                 UnixTime now, const HttpClientOptions& http) {
    if (!device.secret_key)
        return failed<Bytes>(make_error(Reason::key_file_malformed, "no device secret key"), false);
    auto number = parse_code_number(code_number);
    if (!number)
        return failed<Bytes>(
            make_error(Reason::request_malformed, code_number + " is not a code number"), false);
    QueryRequest q{session.claims.session, format_code_number(*number), case_reference, now,
                   nonce_hex()};
    const std::string url = endpoint(session.server, "/v1/inspector/provenance/" + q.code);
    auto res = http_request(
        "GET", url,
        {{"Authorization", "TraceSeal-Session " + b64(session.token)},
         {"TraceSeal-Request", b64(sign_request(format_query_request(q), *device.secret_key))}},
        "", http);
    if (!res) return failed<Bytes>(res.error(), false);
    if (res->status != 200) return failed<Bytes>(problem_error(url, *res), true);
    return ok(Bytes(res->body.begin(), res->body.end()));
}

std::string format_session_file(const ClientSession& s, const std::string& device_key_path) {
    nlohmann::json file{{"type", kSessionFileType},
                        {"version", 1},
                        {"server", s.server},
                        {"token", s.token},
                        {"device_key", device_key_path}};
    return file.dump(2) + "\n";
}

Result<SessionFile> read_session_file(const std::string& path) {
    auto text = cli::read_file(path, cli::kMaxKeyFileBytes);
    if (!text) return text.error();
    auto file = nlohmann::json::parse(*text, nullptr, false);
    auto str = [&](const char* name) -> std::string {
        auto it = file.is_object() ? file.find(name) : file.end();
        return it != file.end() && it->is_string() ? it->get<std::string>() : "";
    };
    if (str("type") != kSessionFileType || str("token").empty() || str("device_key").empty())
        return make_error(Reason::key_file_malformed,
                          path + ": not a session file (inspector login --out)");
    auto claims = read_session_claims(str("token"));
    if (!claims) return claims.error();
    return SessionFile{ClientSession{str("server"), str("token"), *claims}, str("device_key")};
}

}  // namespace traceseal::platform
