// The registry service's view of one HTTP exchange, independent of the server library (Boost.Beast
// in traceseal-registryd): route handlers are functions of an HttpRequest to an HttpResponse, so
// they are testable without sockets and one server can host several handler sets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace traceseal::service {

struct HttpRequest {
    std::string method;                          // "GET", "POST", ...
    std::string target;                          // path and query as received, e.g. "/v1/batches"
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string peer;  // "IP:PORT" of the client
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Retry-After, ...)
    std::string body;
};

// An RFC 9457 application/problem+json answer whose `reason` member is a FORMAT.md reason word.
HttpResponse problem(int status, const std::string& reason, const std::string& detail);

}  // namespace traceseal::service
