// A small blocking HTTP client on libcurl for the tools that talk to the registry service (CLI
// --server, the viewer's sync): one call per exchange, timeouts and a response size cap always on.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "traceseal/traceseal.h"

namespace traceseal::platform {

struct HttpClientOptions {
    long connect_timeout_ms = 5000;             // TCP (and TLS) connect
    long timeout_ms = 30000;                    // the whole exchange
    std::size_t max_response_bytes = 16 << 20;  // body; more is server_response_invalid
};

struct HttpClientResponse {
    long status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
    std::string body;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Sends one request and reads the whole answer. Any HTTP status is a value (a 4xx is not an error
// here); a failure to connect, a timeout or a broken connection is server_unreachable and an
// answer over the cap server_response_invalid, each naming the URL. Only http and https URLs.
Result<HttpClientResponse> http_request(const std::string& method, const std::string& url,
                                        const HttpHeaders& headers, const std::string& body,
                                        const HttpClientOptions& options = {});

}  // namespace traceseal::platform
