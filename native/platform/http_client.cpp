// The one file that touches libcurl: one easy handle per thread (reused, so connections are kept
// alive), curl_global_init done once (a C++11 static).
#include "http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace traceseal::platform {
namespace {

struct Sink {
    HttpClientResponse* response;
    std::size_t cap;
    bool over = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t bytes = size * n;
    if (sink->response->body.size() + bytes > sink->cap) {
        sink->over = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    sink->response->body.append(data, bytes);
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon == std::string::npos) {
        // A new status line (after a 100 Continue or a redirect): start over.
        if (line.rfind("HTTP/", 0) == 0) sink->response->headers.clear();
        return size * n;
    }
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    auto first = value.find_first_not_of(" \t");
    auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    sink->response->headers[name] = value;
    return size * n;
}

void init_once() {
    static const bool done = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    (void)done;
}

}  // namespace

Result<HttpClientResponse> http_request(const std::string& method, const std::string& url,
                                        const HttpHeaders& headers, const std::string& body,
                                        const HttpClientOptions& options) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return make_error(Reason::server_unreachable, url + ": not an http:// or https:// URL");
    init_once();
    // One easy handle per thread, reset for each request: libcurl keeps the connection to the
    // same host open between requests (HTTP/1.1 keep-alive), sparing a TCP handshake per batch.
    thread_local std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                                          curl_easy_cleanup);
    if (!curl) return make_error(Reason::server_unreachable, url + ": cannot start libcurl");
    curl_easy_reset(curl.get());
    HttpClientResponse response;
    Sink sink{&response, options.max_response_bytes};
    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers)
        list = curl_slist_append(list, (name + ": " + value).c_str());
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip for small bodies
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(list, curl_slist_free_all);
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.timeout_ms);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    if (method == "HEAD") curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (!body.empty() || method == "POST" || method == "PUT") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode rc = curl_easy_perform(h);
    if (sink.over)
        return make_error(
            Reason::server_response_invalid,
            url + ": the answer is over " + std::to_string(options.max_response_bytes) + " bytes");
    if (rc != CURLE_OK)
        return make_error(Reason::server_unreachable,
                          method + " " + url + ": " + curl_easy_strerror(rc));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace traceseal::platform
