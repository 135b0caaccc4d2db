// Routes an HttpRequest to the handler registered for its method and path. Handler sets (the
// registry API, the published files, the inspector's pages) each mount themselves on one Router.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http_message.h"

namespace traceseal::service {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
  public:
    // `path` is matched exactly, or as a prefix when it ends in '/'.
    void add(const std::string& method, const std::string& path, Handler handler);
    // The handler's answer; resource_not_found (404) or method_not_allowed (405) otherwise.
    HttpResponse handle(const HttpRequest& request) const;

  private:
    struct Route {
        std::string method, path;
        Handler handler;
    };
    std::vector<Route> routes_;
};

// The path of a request target, without its query ("/v1/codes/x?y" -> "/v1/codes/x").
std::string target_path(const std::string& target);

}  // namespace traceseal::service
