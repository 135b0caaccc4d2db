// Exact routes first, then the longest prefix; a path known under another method is 405.
#include "router.h"

namespace traceseal::service {

std::string target_path(const std::string& target) {
    return target.substr(0, target.find_first_of("?#"));
}

void Router::add(const std::string& method, const std::string& path, Handler handler) {
    routes_.push_back({method, path, std::move(handler)});
}

HttpResponse Router::handle(const HttpRequest& request) const {
    const std::string path = target_path(request.target);
    const Route* best = nullptr;
    bool other_method = false;
    for (const Route& r : routes_) {
        bool prefix = !r.path.empty() && r.path.back() == '/';
        bool match = prefix ? path.compare(0, r.path.size(), r.path) == 0 : path == r.path;
        if (!match) continue;
        bool method_ok =
            r.method == request.method || (r.method == "GET" && request.method == "HEAD");
        if (!method_ok) {
            other_method = true;
            continue;
        }
        if (!best || (!prefix && best->path.back() == '/') || r.path.size() > best->path.size())
            best = &r;
    }
    if (best) {
        HttpResponse response = best->handler(request);
        if (request.method == "HEAD") response.body.clear();
        return response;
    }
    if (other_method)
        return problem(405, "method_not_allowed", request.method + " is not allowed on " + path);
    return problem(404, "resource_not_found", "no resource at " + path);
}

}  // namespace traceseal::service
