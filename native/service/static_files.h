// The published directory served as static files (FORMAT.md §11.4): only safe relative paths of
// regular files inside the root, never a symlink out of it.
#pragma once

#include <string>

#include "router.h"

namespace traceseal::service {

inline constexpr std::size_t kMaxStaticFileBytes = 64 << 20;

// Serves GET `url_prefix`* (e.g. "/trust/") from `root` + the same path.
void mount_static(Router& router, const std::string& root, const std::string& url_prefix);
// The static web page (docs/WEB.md) at "/", under every route mounted more specifically: "/" and
// any path whose last segment has no '.' (a label URL) answer index.html, with the page's CSP.
// "/trust/" answers from `public_dir` first (the service's trust files) and from the site second
// (its status index): the page and the inspector API on one origin (traceseal-registryd --site).
void mount_site(Router& router, const std::string& site, const std::string& public_dir);
// The answer for one path below `root` ("trust/root.pub.json"); 404 for anything unsafe.
HttpResponse serve_file(const std::string& root, const std::string& relative);
// §11.4: each segment 1-255 bytes of A-Z a-z 0-9 . _ - not starting with '.'.
bool safe_relative_path(const std::string& relative);

}  // namespace traceseal::service
