// Opens each path segment with openat(O_NOFOLLOW) from the root's descriptor, so neither a ".."
// nor a symlink placed in the directory can lead outside it.
#include "static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

namespace traceseal::service {
namespace {

std::string content_type_of(const std::string& path) {
    auto ends = [&](const char* s) {
        std::string e(s);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".json")) return "application/json";
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".wasm")) return "application/wasm";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".webmanifest")) return "application/manifest+json";
    if (ends(".png")) return "image/png";
    if (ends(".txt") || path.find("checkpoint") != std::string::npos)
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

}  // namespace

bool safe_relative_path(const std::string& rel) {
    if (rel.empty()) return false;
    std::size_t start = 0;
    while (start <= rel.size()) {
        std::size_t end = rel.find('/', start);
        if (end == std::string::npos) end = rel.size();
        std::size_t n = end - start;
        if (n == 0 || n > 255 || rel[start] == '.') return false;
        for (std::size_t i = start; i < end; ++i) {
            unsigned char c = static_cast<unsigned char>(rel[i]);
            if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
        }
        start = end + 1;
    }
    return true;
}

HttpResponse serve_file(const std::string& root, const std::string& rel) {
    HttpResponse missing = problem(404, "resource_not_found", "no published file /" + rel);
    if (!safe_relative_path(rel)) return missing;
    int dir = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return missing;
    std::size_t start = 0;
    int fd = -1;
    while (true) {
        std::size_t end = rel.find('/', start);
        std::string part =
            rel.substr(start, end == std::string::npos ? std::string::npos : end - start);
        bool last = end == std::string::npos;
        int next =
            openat(dir, part.c_str(),
                   O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (last ? 0 : O_DIRECTORY));
        close(dir);
        if (next < 0) return missing;
        if (last) {
            fd = next;
            break;
        }
        dir = next;
        start = end + 1;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::uint64_t>(st.st_size) > kMaxStaticFileBytes) {
        close(fd);
        return missing;
    }
    HttpResponse r;
    r.content_type = content_type_of(rel);
    r.body.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < r.body.size()) {
        ssize_t n = read(fd, &r.body[done], r.body.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    close(fd);
    r.body.resize(done);
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

void mount_static(Router& router, const std::string& root, const std::string& prefix) {
    router.add("GET", prefix, [root](const HttpRequest& req) {
        std::string path = target_path(req.target);
        return serve_file(root, path.substr(1));  // "/trust/x" -> "trust/x" under root
    });
}

namespace {
// docs/WEB.md "Deploying", rule 2.
constexpr const char* kSiteCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src "
    "'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; style-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors "
    "'none'";
}  // namespace

void mount_site(Router& router, const std::string& site, const std::string& public_dir) {
    auto page = [site](const std::string& rel) {
        HttpResponse r = serve_file(site, rel);
        const std::string last = rel.substr(rel.rfind('/') + 1);
        if (r.status == 404 && last.find('.') == std::string::npos)
            r = serve_file(site, "index.html");
        r.headers.emplace_back("Content-Security-Policy", kSiteCsp);
        return r;
    };
    router.add("GET", "/", [page](const HttpRequest& req) {
        std::string path = target_path(req.target);
        return page(path == "/" ? "index.html" : path.substr(1));
    });
    router.add("GET", "/trust/", [site, public_dir](const HttpRequest& req) {
        std::string rel = target_path(req.target).substr(1);
        HttpResponse r = public_dir.empty() ? HttpResponse{} : serve_file(public_dir, rel);
        if (public_dir.empty() || r.status == 404) r = serve_file(site, rel);
        return r;
    });
}

}  // namespace traceseal::service
