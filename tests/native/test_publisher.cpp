// native/registry/publisher: the registry's events become a witnessed tlog-tiles log (FORMAT.md
// §10.17) — index entries before checkpoints, deterministic bytes after a crash, tiles that are
// not the store's refused, and a fork shown to a witness refused by it.
#include <filesystem>
#include <fstream>
#include <map>

#include "log_files.h"
#include "log_projection.h"
#include "registry_log_world.h"
#include "tile_reader.h"

using namespace traceseal;
using namespace traceseal::testlog;
namespace fs = std::filesystem;

namespace {

// Every published file but the checkpoint (whose cosignatures carry the witnesses' clocks).
std::map<std::string, Bytes> published_files(const std::string& dir) {
    std::map<std::string, Bytes> out;
    for (const auto& f : fs::recursive_directory_iterator(dir)) {
        if (!f.is_regular_file()) continue;
        const std::string rel = fs::relative(f.path(), dir).string();
        if (rel == "checkpoint") continue;
        out[rel] = *log::read_file(f.path().string());
    }
    return out;
}

std::string reason_detail(const Error& e) {
    return std::string(to_string(e.reason)) + ": " + e.detail;
}

}  // namespace

TEST_CASE("publish: the registry's events become a cosigned log ending in its index entry") {
    World w("publish_basic");
    story(w);
    auto r = w.publish();
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : reason_detail(r.error())));
    CHECK(r->size == 6);  // 5 events and the index entry
    CHECK(r->appended == 6);
    CHECK(r->index_added);
    CHECK(r->cosignatures == 2);
    auto cp = tlog::verify_checkpoint_note(r->checkpoint, w.policy());
    REQUIRE_MESSAGE(cp.has_value(), (cp ? "" : reason_detail(cp.error())));
    CHECK(cp->body().size == 6);
    CHECK(cp->witnesses().size() == 2);
    // The tiles hold the store's entries: events (0x01, 33 bytes), then the index (0x02).
    log::TileReader tiles(w.log_dir(), 6);
    for (std::uint64_t i = 0; i < 5; ++i) {
        auto e = tiles.entry(i);
        REQUIRE(e.has_value());
        CHECK((e->size() == 33 && (*e)[0] == tlog::kEventEntry));
    }
    auto last = tiles.entry(5);
    REQUIRE(last.has_value());
    CHECK((last->size() == 41 && (*last)[0] == tlog::kIndexEntry));
    // The map file beside the tiles: one 41-byte leaf (segment 100), whose root the entry names.
    auto map = log::read_file(w.log_dir() + "/index/5");
    REQUIRE(map.has_value());
    CHECK(map->size() == 41);
    CHECK(Bytes(last->begin() + 9, last->end()) == Bytes([&] {
              const tlog::Hash h = tlog::leaves_root({*map});
              return Bytes(h.begin(), h.end());
          }()));
    // Nothing published names a code.
    for (const auto& [path, bytes] : published_files(w.log_dir())) {
        const std::string text(bytes.begin(), bytes.end());
        CHECK(text.find("00000100") == std::string::npos);
    }
    // Publishing again changes nothing; new events give a new index and a consistent checkpoint.
    auto again = w.publish();
    REQUIRE(again.has_value());
    CHECK(again->unchanged);
    CHECK(again->checkpoint == r->checkpoint);
    w.record(LifecycleEvent::unbind, {2});
    auto next = w.publish();
    REQUIRE_MESSAGE(next.has_value(), (next ? "" : reason_detail(next.error())));
    CHECK(next->size == 8);
    CHECK(next->appended == 2);
    CHECK(next->cosignatures == 2);  // the witnesses checked consistency from 6
    CHECK(w.store->log_entries(1).back().kind == tlog::kIndexEntry);
}

TEST_CASE("publish: a crash before the checkpoint is repaired with the same bytes") {
    World w("publish_crash");
    story(w);
    // The witnesses are unreachable: tiles are written, no checkpoint is published.
    auto c = w.config();
    c.witnesses = {[](const std::string&) {
        log::WitnessResponse r;
        r.http = 500;
        r.error = make_error(Reason::store_failed, "unreachable");
        return r;
    }};
    auto down = registry::publish(*w.store, c);
    REQUIRE_FALSE(down.has_value());
    CHECK(down.error().reason == Reason::cosignature_quorum_not_met);
    CHECK_FALSE(log::file_exists(w.log_dir() + "/checkpoint"));
    // Meanwhile a till sells; then the publisher runs again with the witnesses back.
    w.record(LifecycleEvent::sell, {1});
    auto up = w.publish();
    REQUIRE_MESSAGE(up.has_value(), (up ? "" : reason_detail(up.error())));
    CHECK(up->size == 8);  // 5 events, index, the sale, index
    // A second publisher of the same store into a fresh directory writes the same files.
    World fresh("publish_crash_fresh");
    auto clean = registry::publish(*w.store, w.config(fresh.dir.file("log")));
    REQUIRE_MESSAGE(clean.has_value(), (clean ? "" : reason_detail(clean.error())));
    // (The crashed one also keeps the partial tiles of size 6, never checkpointed.)
    auto resumed = published_files(w.log_dir()), once = published_files(fresh.dir.file("log"));
    for (const auto& [path, bytes] : once) {
        CAPTURE(path);
        CHECK((resumed.count(path) && resumed[path] == bytes));
    }
    for (const auto& [path, bytes] : resumed)
        if (!once.count(path)) CHECK(path.find(".p/6") != std::string::npos);
    CHECK(once.size() == 4);  // hash tile, entry bundle, index/5, index/7
    CHECK(tlog::parse_note(up->checkpoint)->text == tlog::parse_note(clean->checkpoint)->text);
}

TEST_CASE("publish: tiles that are not the store's log are refused (log_tile_conflict)") {
    World a("publish_conflict_a"), b("publish_conflict_b");
    story(a);
    b.record(LifecycleEvent::activate, {5, 6, 7});
    b.record(LifecycleEvent::sell, {5});
    b.record(LifecycleEvent::pickup, {5});
    b.record(LifecycleEvent::sell, {6});
    REQUIRE(a.publish().has_value());
    auto r = registry::publish(*b.store, a.config());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::log_tile_conflict);
}

TEST_CASE("publish: a rewritten history is refused by the witness that saw the first (fork)") {
    World honest("publish_fork_a");
    story(honest);
    auto first = honest.publish();
    REQUIRE(first.has_value());
    // The operator rewrites history in a second registry (the sale of code 2 never happened,
    // code 3 was sold instead) and publishes it elsewhere under the same log key, asking the
    // same witnesses.
    World forked("publish_fork_b", honest.dir.file("witness"));
    forked.record(LifecycleEvent::activate, {1, 2, 3});
    forked.record(LifecycleEvent::sell, {3});
    forked.record(LifecycleEvent::pickup, {3});
    forked.record(LifecycleEvent::sell, {1});
    auto r = forked.publish();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::cosignature_quorum_not_met);
    CHECK(r.error().detail.find("witness_inconsistent") != std::string::npos);
    CHECK_FALSE(log::file_exists(forked.log_dir() + "/checkpoint"));
    // The witnesses still hold the honest checkpoint.
    auto held = honest.witnesses.w[0]->latest(kOrigin);
    REQUIRE(held.has_value());
    CHECK(tlog::parse_note(*held)->text == tlog::parse_note(first->checkpoint)->text);
}
