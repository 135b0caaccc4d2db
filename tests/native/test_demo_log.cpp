// `traceseal demo` publishes its world's logs (FORMAT.md §10.17): the demo trust list names them
// and the demo witness; every code's bundle v2 verifies under it with the core, its last state is
// the manifest's, and the status snapshots v2 are bound to the same index the bundles prove.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "traceseal/traceseal.h"

using namespace traceseal;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}
Bytes bytes_of(const fs::path& p) {
    const std::string s = slurp(p);
    return Bytes(s.begin(), s.end());
}

}  // namespace

TEST_CASE("the demo's bundles v2 verify under its trust list; status v2 binds to their index") {
    const fs::path dir =
        fs::temp_directory_path() / ("traceseal_demo_log_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string cmd = "'" TRACESEAL_CLI "' demo --out '" + dir.string() + "' >/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const Json manifest = Json::parse(slurp(dir / "manifest.json"));
    auto root = parse_key_file(slurp(dir / "root.pub.json"));
    REQUIRE(root.has_value());
    auto state = TrustState::create(root->public_key, slurp(dir / "trust-list.json"));
    REQUIRE(state.has_value());
    // The list names both logs and the demo witness; the manifest says where they are.
    REQUIRE(manifest["logs"].size() == 2);
    for (const Json& l : manifest["logs"]) {
        const TrustedLog* log = state->log(l["origin"].get<std::string>());
        REQUIRE(log != nullptr);
        CHECK(log->operator_id == l["operator"].get<int>());
        CHECK(log->policy.witnesses.size() == 1);
        CHECK(log->policy.quorum == 1);
        const std::string note = slurp(dir / l["dir"].get<std::string>() / "checkpoint");
        REQUIRE(state->hold_log_checkpoint(note).has_value());
    }
    std::map<std::uint32_t, tlog::Hash> roots;  // segment -> the bundles' segment_root
    std::map<std::uint32_t, std::uint64_t> covers;
    REQUIRE(manifest["codes"].size() == 10);
    for (const Json& c : manifest["codes"]) {
        const std::string code = c["code_number"];
        CAPTURE(code);
        const Bytes b = bytes_of(dir / c["bundle"].get<std::string>());
        auto h = state->accept_bundle_v2(b, code);
        REQUIRE_MESSAGE(h.has_value(), (h ? "" : h.error().detail));
        const std::string st = c["state"];
        if (st == "issued")
            CHECK(h->events().empty());
        else
            CHECK(h->events().back().state == st);
        auto parsed = tlog::parse_bundle_v2(b);
        REQUIRE(parsed.has_value());
        for (const tlog::BundleEvent& e : parsed->events) {
            const std::string type = tlog::parse_event(e.event)->type;
            CHECK(e.sealed == (type == "sell" || type == "pickup" || type == "unbind"));
            if (e.sealed) CHECK_FALSE(e.details_blob.empty());  // sealed to the demo inspector
        }
        roots[parsed->map_leaf.segment] = parsed->map_leaf.segment_root;
        covers[parsed->map_leaf.segment] = h->checkpoint().body().size - 1;
    }
    for (const Json& f : manifest["status_files"]) {
        auto s = state->add_status(bytes_of(dir / f.get<std::string>()));
        REQUIRE(s.has_value());
        CHECK(s->version() == 2);
        const std::uint32_t seg = s->certificate().segment;
        CHECK(s->covers() == std::optional<std::uint64_t>(covers.at(seg)));
        CHECK(s->segment_root() == std::optional<tlog::Hash>(roots.at(seg)));
    }
    // Nothing a CDN serves names a code: no code number in the tiles, entries or maps.
    for (const auto& f : fs::recursive_directory_iterator(dir / "log"))
        if (f.is_regular_file()) CHECK(slurp(f.path()).find("-0000000") == std::string::npos);
    fs::remove_all(dir);
}
