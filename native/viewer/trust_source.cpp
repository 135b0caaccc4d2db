// Trust loading for the viewer: files through the CLI's loader, or the demo world in memory.
#include "trust_source.h"

#include "demo_world.h"
#include "files.h"

namespace traceseal::viewer {

TrustSource load_trust_files(const std::string& root_path, const std::string& trust_path) {
    TrustSource t;
    t.root_path = root_path;
    t.trust_path = trust_path;
    t.description = root_path + " + " + trust_path;
    auto loaded = cli::load_trust(root_path, trust_path);
    auto root = cli::load_key_file(root_path);  // read again: status snapshots need the root (§9.4)
    if (!loaded)
        t.error = loaded.error();
    else if (!root)
        t.error = root.error();
    else {
        t.list = std::make_shared<const TrustList>(std::move(*loaded));
        t.root = root->public_key;
    }
    return t;
}

TrustSource demo_trust(std::uint64_t seed) {
    TrustSource t;
    t.description = "demo world (seed " + std::to_string(seed) + ")";
    cli::DemoWorld w = cli::make_demo_world(seed);
    auto verified = verify_trust_list(w.trust_list, w.root.public_key);
    if (!verified)
        t.error = verified.error();
    else {
        t.list = std::make_shared<const TrustList>(std::move(*verified));
        t.root = w.root.public_key;
    }
    return t;
}

long long days_until_expiry(const TrustList& list, UnixTime now) {
    UnixTime d = list.body().expires_at - now;
    return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

}  // namespace traceseal::viewer

namespace traceseal::viewer {
std::string trust_display_text(const TrustList& list) {
    const TrustListBody& b = list.body();
    std::string all = b.authority;
    for (const auto& o : b.operators) all += o.name_en + o.name_zh;
    for (const auto& c : b.categories) all += c.name_en + c.name_zh;
    for (const auto& r : b.revoked_keys) all += r.reason;
    return all;
}
}  // namespace traceseal::viewer
