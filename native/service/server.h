// The HTTP/1.1 edge of traceseal-registryd on Boost.Beast (the shape of Beast's
// advanced_server): one Session per connection owns its socket; limits are set on the parser and
// the stream (FORMAT.md §11.5); every request goes to one Router.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "router.h"
#include "traceseal/traceseal.h"

namespace traceseal::service {

struct ServerLimits {
    std::size_t max_body = 1 << 20;
    std::size_t max_header = 16 << 10;
    std::chrono::milliseconds request_timeout{10000};  // from a request's first byte to its end
    std::chrono::milliseconds idle_timeout{30000};     // between requests on a keep-alive socket
    std::chrono::milliseconds drain_timeout{10000};    // on SIGTERM, for requests in progress
    std::size_t max_connections = 512;
    int threads = 4;
};

class Server {
  public:
    Server(const Router& router, ServerLimits limits);
    ~Server();
    // Binds HOST:PORT (port 0: any free port); the bound "HOST:PORT", or an error naming it.
    Result<std::string> listen(const std::string& host, const std::string& port);
    // Serves until SIGTERM/SIGINT (then drains, runs on_stop, and returns) or stop().
    void run(const std::function<void()>& on_stop);
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace traceseal::service
