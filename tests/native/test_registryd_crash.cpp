// The fault test of issue 14: four tills submit batches while traceseal-registryd is SIGKILLed ten
// times and restarted with the same arguments. A till that got no answer sends the same batch
// again (as a real till must). Afterwards every acknowledged event is in the store exactly once,
// no code was activated twice, the hash chain holds, and each retried batch got one receipt.
#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "files.h"
#include "registry.h"
#include "service_process.h"
#include "temp_dir.h"
#include "tile_reader.h"

using namespace traceseal;
using namespace traceseal::testkit;

namespace {

bool on_postgresql() {
    const char* v = std::getenv("TRACESEAL_TEST_POSTGRESQL");
    return v && std::string(v) == "1";
}

}  // namespace

TEST_CASE("SIGKILL under load, ten times: every acknowledged event is recorded exactly once") {
    TempDir dir("registryd_crash");
    const std::string d = dir.path();
    REQUIRE(std::system(
                (std::string(TRACESEAL_CLI) + " demo --out '" + d + "' >/dev/null").c_str()) == 0);
    std::string store_spec = "sqlite:" + d + "/registry.sqlite";
    if (on_postgresql()) {
        std::string schema = "crash" + std::to_string(getpid());
        PGconn* c = PQconnectdb("");
        REQUIRE(PQstatus(c) == CONNECTION_OK);
        PQclear(PQexec(c, ("CREATE SCHEMA " + schema).c_str()));
        PQfinish(c);
        store_spec = "postgresql:///?options=-csearch_path%3D" + schema;
        auto store = registry::open_store(store_spec);
        REQUIRE(store);
        auto root = cli::load_key_file(d + "/root.pub.json");
        registry::Registry reg(**store);
        for (const char* seg : {"100", "200"})
            REQUIRE(reg.add_segment(*cli::read_bytes_file(d + "/segment-" + seg + ".tsc", 1024),
                                    root->public_key));
    }
    const std::vector<std::string> args = {
        "--store",
        store_spec,
        "--root",
        d + "/root.pub.json",
        "--trust-list",
        d + "/trust-list.json",
        "--public",
        d + "/public",
        "--issuing-key",
        d + "/keys/DEMO-ONLY-issuing-1.key.json",
        "--issuing-key",
        d + "/keys/DEMO-ONLY-issuing-2.key.json",
        "--listen",
        "127.0.0.1:0",
        "--rate",
        "100000",
        "--publish-interval",
        "1",
        "--log",
        "1,ts.example/log/1," + d + "/keys/DEMO-ONLY-log-1.key.json",
        "--log",
        "2,ts.example/log/2," + d + "/keys/DEMO-ONLY-log-2.key.json",
        "--witness",
        "witness.example/w," + d + "/keys/DEMO-ONLY-witness.key.json," + d + "/witness-state"};
    ServiceProcess service;
    REQUIRE_MESSAGE(service.start(TRACESEAL_REGISTRYD, args), service.error());
    std::mutex url_m;
    std::string url = service.url();  // the port changes on every restart

    std::atomic<bool> done{false};
    std::mutex m;
    std::map<std::string, int> acknowledged;                  // event hash -> times acknowledged
    std::map<int, std::set<std::int64_t>> acknowledged_seqs;  // operator -> seqs
    std::atomic<int> batches{0}, retried{0}, replays{0};
    auto till_loop = [&](int i) {
        const int op = i < 2 ? 1 : 2;
        auto till = load_till(d + "/keys/DEMO-ONLY-submit-" + std::to_string(op) + ".key.json", "");
        REQUIRE(till);
        std::uint32_t serial = 10 + static_cast<std::uint32_t>(i % 2) * 4900;
        for (int b = 0; !done && b < 900; ++b) {
            std::vector<std::string> codes;
            for (int k = 0; k < 5; ++k) codes.push_back(demo_code(op == 1 ? 100 : 200, serial++));
            std::string env = till->envelope("crash/" + std::to_string(i) + "/" + std::to_string(b),
                                             {step(LifecycleEvent::activate, codes, 5)});
            bool again = false;
            while (true) {  // the same envelope until it is answered
                {
                    std::lock_guard<std::mutex> lock(url_m);
                    till->url = url;
                }
                auto r = till->post(env);
                if (r && (r->status == 201 || r->status == 200)) {
                    auto events = service::parse_receipt_events(r->body);
                    REQUIRE(events);
                    REQUIRE(events->size() == 5);
                    std::lock_guard<std::mutex> lock(m);
                    for (const auto& e : *events) {
                        acknowledged[e.hash]++;
                        acknowledged_seqs[op].insert(e.seq);
                    }
                    if (r->status == 200) replays++;
                    if (again) retried++;
                    batches++;
                    break;
                }
                if (r) FAIL_CHECK("status ", r->status, ": ", r->body);
                if (r) break;
                again = true;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    };
    std::vector<std::thread> tills;
    for (int i = 0; i < 4; ++i) tills.emplace_back(till_loop, i);
    // Every checkpoint the service publishes while it is killed and restarted, per log.
    std::map<int, std::map<std::uint64_t, std::string>> checkpoints;  // log -> size -> note
    std::thread watcher([&] {
        while (!done) {
            std::string base;
            {
                std::lock_guard<std::mutex> lock(url_m);
                base = url;
            }
            for (int op = 1; op <= 2; ++op) {
                auto r = platform::http_request(
                    "GET", base + "/log/" + std::to_string(op) + "/checkpoint", {}, "");
                if (!r || r->status != 200) continue;
                auto note = tlog::parse_note(r->body);
                if (!note) continue;
                auto body = tlog::parse_checkpoint_text(note->text);
                if (!body) continue;
                std::lock_guard<std::mutex> lock(m);
                auto [it, fresh] = checkpoints[op].emplace(body->size, r->body);
                if (!fresh) CHECK(it->second == r->body);  // one checkpoint per size: no fork
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    std::mt19937 rng(14);
    for (int kill = 0; kill < 10; ++kill) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 250));
        service.stop(SIGKILL);
        REQUIRE_MESSAGE(service.start(TRACESEAL_REGISTRYD, args), service.error());
        std::lock_guard<std::mutex> lock(url_m);
        url = service.url();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    done = true;
    for (auto& t : tills) t.join();
    watcher.join();
    int st = service.stop(SIGTERM);
    CHECK(WIFEXITED(st));
    // The final publication (at SIGTERM) joins the others; then every pair is consistent.
    for (int op = 1; op <= 2; ++op) {
        auto last =
            cli::read_file(d + "/public/log/" + std::to_string(op) + "/checkpoint", 1 << 16);
        REQUIRE(last);
        auto note = tlog::parse_note(*last);
        REQUIRE(note);
        auto body = tlog::parse_checkpoint_text(note->text);
        REQUIRE(body);
        checkpoints[op].emplace(body->size, *last);
        std::vector<tlog::CheckpointBody> seen;
        for (const auto& [size, text] : checkpoints[op])
            seen.push_back(*tlog::parse_checkpoint_text(tlog::parse_note(text)->text));
        MESSAGE("log ", op, ": ", seen.size(), " checkpoints, final size ", seen.back().size);
        CHECK(seen.size() >= 3);
        const std::string dir = d + "/public/log/" + std::to_string(op);
        for (std::size_t a = 0; a < seen.size(); ++a)
            for (std::size_t b = a + 1; b < seen.size(); ++b) {
                CAPTURE(seen[a].size);
                CAPTURE(seen[b].size);
                auto hashes = log::read_consistency_proof(dir, seen[a].size, seen[b].size);
                REQUIRE(hashes);
                tlog::Proof proof;
                for (const auto& h : *hashes) proof.emplace_back(h.begin(), h.end());
                CHECK_FALSE(
                    tlog::verify_consistency(seen[a].size, seen[b].size, proof,
                                             Bytes(seen[a].root.begin(), seen[a].root.end()),
                                             Bytes(seen[b].root.begin(), seen[b].root.end())));
            }
        // The final log holds every event entry of the store once, and nothing else but index
        // entries: the acknowledged events are published exactly once.
        auto store = registry::open_store(store_spec);
        REQUIRE(store);
        auto entries = (*store)->log_entries(static_cast<std::uint16_t>(op));
        std::map<std::int64_t, std::uint64_t> index_of;  // seq -> entry index
        for (const auto& e : entries)
            if (e.kind == 1) CHECK(index_of.emplace(e.seq, e.index).second);
        for (std::int64_t seq : acknowledged_seqs[op]) {
            CAPTURE(seq);
            REQUIRE(index_of.count(seq) == 1);
            CHECK(index_of[seq] < seen.back().size);  // inside the published tree
        }
        CHECK(seen.back().size <= entries.size());
        CHECK(seen.back().size + 1 >= entries.size());  // at most the index entry of the end
    }
    MESSAGE("batches ", batches.load(), ", answered after a retry ", retried.load(),
            ", of which replays of a batch recorded before the kill ", replays.load());
    CHECK(batches > 40);

    auto store = registry::open_store(store_spec);
    REQUIRE(store);
    registry::Registry reg(**store);
    CHECK(reg.check_chain() == 0);
    std::map<std::string, int> in_store, per_code;
    for (const auto& e : (*store)->events()) {
        in_store[e.hash]++;
        if (e.type == "activate") per_code[e.code]++;
    }
    for (const auto& [hash, n] : acknowledged) {
        CAPTURE(hash);
        CHECK(n == 1);  // one receipt per event, even for a batch answered by a replay
        CHECK(in_store[hash] == 1);
    }
    for (const auto& [code, n] : per_code) {
        CAPTURE(code);
        CHECK(n == 1);
    }
    // Nothing is in the store that no till was told about, beyond the demo's own story.
    std::size_t demo_events = 0;
    for (const auto& e : (*store)->events())
        if (!acknowledged.count(e.hash)) ++demo_events;
    CHECK(demo_events == (on_postgresql() ? 0u : 18u));
}
