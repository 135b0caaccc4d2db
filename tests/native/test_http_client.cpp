// native/platform/http_client against a scripted one-shot server on 127.0.0.1: statuses are
// values, headers are lower-cased, the size cap and the timeout hold, failures name the URL.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "http_client.h"

using namespace traceseal;
using namespace traceseal::platform;

namespace {

// Listens on 127.0.0.1:0; serve() accepts one connection, reads the request head, then writes
// `answer` (and, with hold_ms, keeps the socket open that long first).
struct OneShot {
    int fd = -1;
    int port = 0;
    std::string request;
    std::thread thread;

    OneShot() {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(listen(fd, 1) == 0);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    void serve(std::string answer, int hold_ms = 0) {
        thread = std::thread([this, answer, hold_ms] {
            int c = accept(fd, nullptr, nullptr);
            if (c < 0) return;
            char buf[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                ssize_t n = read(c, buf, sizeof buf);
                if (n <= 0) break;
                request.append(buf, static_cast<std::size_t>(n));
            }
            if (hold_ms) std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
            (void)!write(c, answer.data(), answer.size());
            close(c);
        });
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }
    ~OneShot() {
        if (thread.joinable()) thread.join();
        close(fd);
    }
};

}  // namespace

TEST_CASE("a 4xx answer is a value with its status, lower-cased headers and body") {
    OneShot s;
    s.serve(
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Type: "
        "application/problem+json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    auto r = http_request("POST", s.url("/v1/batches"), {{"Content-Type", "application/json"}},
                          "{\"a\":1}");
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(r->headers["retry-after"] == "3");
    CHECK(r->headers["content-type"] == "application/problem+json");
    CHECK(r->body == "{}");
    s.thread.join();
    CHECK(s.request.rfind("POST /v1/batches HTTP/1.1\r\n", 0) == 0);
    CHECK(s.request.find("Content-Type: application/json") != std::string::npos);
}

TEST_CASE("an answer over the cap is server_response_invalid, naming the URL") {
    OneShot s;
    std::string big(5000, 'x');
    s.serve("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n" + big);
    HttpClientOptions o;
    o.max_response_bytes = 1000;
    auto r = http_request("GET", s.url("/big"), {}, "", o);
    REQUIRE_FALSE(r);
    CHECK(r.error().reason == Reason::server_response_invalid);
    CHECK(r.error().detail.find(s.url("/big")) != std::string::npos);
}

TEST_CASE("a server that never answers times out as server_unreachable") {
    OneShot s;
    s.serve("", 1500);
    HttpClientOptions o;
    o.timeout_ms = 300;
    auto t0 = std::chrono::steady_clock::now();
    auto r = http_request("GET", s.url("/slow"), {}, "", o);
    auto took = std::chrono::steady_clock::now() - t0;
    REQUIRE_FALSE(r);
    CHECK(r.error().reason == Reason::server_unreachable);
    CHECK(r.error().detail.find(s.url("/slow")) != std::string::npos);
    CHECK(took < std::chrono::milliseconds(1400));
}

TEST_CASE("a closed port and a non-http URL are server_unreachable, naming the URL") {
    int port = 0;
    {
        OneShot s;  // bound and closed again: nothing listens there now
        port = s.port;
    }
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/v1/batches";
    auto r = http_request("GET", url, {}, "");
    REQUIRE_FALSE(r);
    CHECK(r.error().reason == Reason::server_unreachable);
    CHECK(r.error().detail.find(url) != std::string::npos);
    auto f = http_request("GET", "file:///etc/passwd", {}, "");
    REQUIRE_FALSE(f);
    CHECK(f.error().reason == Reason::server_unreachable);
    CHECK(f.error().detail.find("file:///etc/passwd") != std::string::npos);
}
