// The inspector's side of the registry service's API (FORMAT.md §12.4–§12.8): ask for a one-time
// code, log in with it (a login signed by the device key), and fetch a code's bundle v2 with a
// signed query. Shared by `traceseal inspector login`, `provenance fetch` and the viewer; one
// blocking call per exchange, on the calling thread (libcurl: one handle per thread).
#pragma once

#include <string>

#include "http_client.h"
#include "traceseal/inspector.h"
#include "traceseal/traceseal.h"

namespace traceseal::platform {

inline constexpr const char* kSessionFileType = "traceseal-inspector-session-file";

// Where an error came from: the service refused (its problem's reason word), or it never
// answered / answered nonsense / a local file was wrong.
struct ClientError {
    Error error;
    bool by_server = false;
};
template <typename T>
struct ClientResult {
    std::optional<T> value;
    ClientError failure;
    explicit operator bool() const { return value.has_value(); }
};

// server + path without a doubled '/'.
std::string endpoint(std::string server, const std::string& path);
// The problem's reason word and detail (RFC 9457, §12.8), else server_response_invalid.
Error problem_error(const std::string& url, const HttpClientResponse& res);
// A device secret key file (§12.2, role device); key_file_malformed naming the file otherwise.
Result<KeyFile> load_device_key(const std::string& path);

// A session as the client holds it: the token's exact text and its claims, read but not verified
// (only the service has the session key, §12.6).
struct ClientSession {
    std::string server, token;
    SessionClaims claims;
};

// POST /v1/inspector/code (§12.4): the service sends a one-time code to `phone`.
ClientResult<bool> request_login_code(const std::string& server, const std::string& phone,
                                      const HttpClientOptions& http = {});
// POST /v1/inspector/login: the login signed by the device key at `now`.
ClientResult<ClientSession> login(const std::string& server, const std::string& phone,
                                  const std::string& code, const KeyFile& device, UnixTime now,
                                  const HttpClientOptions& http = {});
// GET /v1/inspector/provenance/<code>: the bundle v2 as the service answered it (not verified
// here: verify_bundle_v2_file does that, offline).
ClientResult<Bytes> fetch_bundle(const ClientSession& session, const KeyFile& device,
                                 const std::string& code_number, const std::string& case_reference,
                                 UnixTime now, const HttpClientOptions& http = {});

// The session file of §12.10 and back.
std::string format_session_file(const ClientSession& s, const std::string& device_key_path);
struct SessionFile {
    ClientSession session;
    std::string device_key_path;
};
Result<SessionFile> read_session_file(const std::string& path);

}  // namespace traceseal::platform
