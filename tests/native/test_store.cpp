// One Store conformance suite for every backend (native/registry/store.h): SQLite always, and
// PostgreSQL when TRACESEAL_TEST_POSTGRESQL=1 names a server through the PG* environment
// variables (CTest runs it under pg_virtualenv, a throwaway cluster). Each case gets an empty
// store: a new file for SQLite, a new schema for PostgreSQL.
#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "registry.h"

using namespace traceseal;
using namespace traceseal::registry;

namespace {

bool postgresql_wanted() {
    const char* v = std::getenv("TRACESEAL_TEST_POSTGRESQL");
    return v && std::string(v) == "1";
}

// Runs SQL on the server named by the PG* variables (schema set-up and raw-SQL checks).
std::string psql(const std::string& conninfo, const std::string& sql) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
        err = PQerrorMessage(c);
    } else {
        PGresult* r = PQexec(c, sql.c_str());
        const auto st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(c);
    return err;
}

// A fresh, empty store of one backend; `open_again` gives a second connection to the same one.
struct Backend {
    std::string name, spec, conninfo;  // conninfo: PostgreSQL only
    std::vector<std::string> files;
    ~Backend() {
        for (const auto& f : files) std::filesystem::remove(f);
    }
    std::unique_ptr<Store> open_again() {
        auto s = open_store(spec);
        REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().detail));
        return std::move(*s);
    }
};

std::vector<std::unique_ptr<Backend>> backends() {
    static int n = 0;
    ++n;
    std::vector<std::unique_ptr<Backend>> out;
    auto sqlite = std::make_unique<Backend>();
    sqlite->name = "sqlite";
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("store_" + std::to_string(::getpid()) + "_" + std::to_string(n)))
                                 .string() +
                             ".db";
    for (const char* ext : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + ext);
        sqlite->files.push_back(path + ext);
    }
    sqlite->spec = "sqlite:" + path;
    out.push_back(std::move(sqlite));
    if (postgresql_wanted()) {
        auto pg = std::make_unique<Backend>();
        pg->name = "postgresql";
        const std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(n);
        REQUIRE(psql("", "CREATE SCHEMA " + schema) == "");
        // A URI, as an operator would write it; the PG* variables fill in host, port and user.
        pg->spec = "postgresql:///?options=-csearch_path%3D" + schema;
        out.push_back(std::move(pg));
    }
    return out;
}

void for_each_backend(const std::function<void(Backend&, Store&)>& body) {
    for (auto& b : backends()) {
        CAPTURE(b->name);
        auto store = b->open_again();
        body(*b, *store);
    }
}

Event event(std::int64_t seq, const std::string& prev, std::uint32_t segment,
            std::uint32_t serial) {
    Event e;
    e.seq = seq;
    e.code = format_code_number([&] {
        CodeFields f;
        f.segment = segment;
        f.serial = serial;
        return f;
    }());
    e.type = "activate";
    e.state = "activated";
    e.actor = "仓库 1";  // UTF-8 survives both stores
    e.place = "Sanya";
    e.time = 1000 + seq;
    e.prev_hash = prev;
    e.hash = to_hex(hash256("test", Bytes(e.code.begin(), e.code.end())).data(), 32);
    e.hash.replace(0, 8, std::to_string(10000000 + seq));  // unique per seq
    return e;
}
const std::string kZero(64, '0');

}  // namespace

TEST_CASE("store: an empty store has no events, a details key, and keeps it across openings") {
    for_each_backend([](Backend& b, Store& s) {
        CHECK(s.events().empty());
        CHECK_FALSE(s.last_event().has_value());
        auto k = s.details_key();
        REQUIRE(k.has_value());
        CHECK(*k != std::array<std::uint8_t, 32>{});
        auto again = b.open_again();
        CHECK(again->details_key() == k);
    });
}

TEST_CASE("store: a chained batch is recorded in order and read back field for field") {
    for_each_backend([](Backend&, Store& s) {
        Event a = event(1, kZero, 100, 1), c = event(2, a.hash, 200, 7);
        c.type = "sell", c.state = "sold", c.reason = "till 3", c.related = "00000100-00000001";
        REQUIRE_FALSE(s.append({a, c}).has_value());
        auto all = s.events();
        REQUIRE(all.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            const Event& want = i == 0 ? a : c;
            CHECK(all[i].seq == want.seq);
            CHECK(all[i].code == want.code);
            CHECK(all[i].type == want.type);
            CHECK(all[i].state == want.state);
            CHECK(all[i].actor == want.actor);
            CHECK(all[i].place == want.place);
            CHECK(all[i].reason == want.reason);
            CHECK(all[i].time == want.time);
            CHECK(all[i].related == want.related);
            CHECK(all[i].prev_hash == want.prev_hash);
            CHECK(all[i].hash == want.hash);
        }
        CHECK(s.last_event()->hash == c.hash);
        CHECK(s.events_for(a.code).size() == 1);
        CHECK(s.events_for("00000100-00000002").empty());
        CHECK(s.events_in_segment(200).size() == 1);
        CHECK(s.events_in_segment(300).empty());
    });
}

TEST_CASE("store: a batch that does not continue the tip records nothing") {
    for_each_backend([](Backend&, Store& s) {
        Event a = event(1, kZero, 100, 1);
        REQUIRE_FALSE(s.append({a}).has_value());
        Event good = event(2, a.hash, 100, 2), forked = event(3, kZero, 100, 3);
        CHECK(s.append({good, forked}).has_value());              // second breaks the chain
        CHECK(s.append({event(2, kZero, 100, 2)}).has_value());   // wrong prev_hash
        CHECK(s.append({event(5, a.hash, 100, 2)}).has_value());  // wrong seq
        Event dup = event(2, a.hash, 100, 2);
        dup.hash = a.hash;  // a hash already in the log
        CHECK(s.append({dup}).has_value());
        CHECK(s.events().size() == 1);
        CHECK_FALSE(s.append({good}).has_value());  // the refused ones left no trace
        CHECK(s.events().size() == 2);
    });
}

TEST_CASE("store: two writers from the same tip: exactly one wins, the chain never forks") {
    for_each_backend([](Backend& b, Store& s) {
        REQUIRE_FALSE(s.append({event(1, kZero, 100, 1)}).has_value());
        const std::string tip = s.last_event()->hash;
        constexpr int kWriters = 4;
        std::atomic<int> wins{0};
        std::vector<std::unique_ptr<Store>> stores;
        for (int i = 0; i < kWriters; ++i) stores.push_back(b.open_again());
        std::vector<std::thread> threads;
        for (int i = 0; i < kWriters; ++i)
            threads.emplace_back([&, i] {
                Event e = event(2, tip, 100, static_cast<std::uint32_t>(10 + i));
                if (!stores[static_cast<std::size_t>(i)]->append({e})) ++wins;
            });
        for (auto& t : threads) t.join();
        CHECK(wins == 1);
        CHECK(s.events().size() == 2);
    });
}

TEST_CASE("store: the current-state table follows every append; a failed write leaves it") {
    for_each_backend([](Backend&, Store& s) {
        Event a = event(1, kZero, 100, 1), b = event(2, a.hash, 100, 1),
              c = event(3, b.hash, 100, 4);
        b.state = "sold";
        REQUIRE_FALSE(s.append({a, b, c}).has_value());
        CHECK(s.current_state(100, 1) == std::optional<std::string>("sold"));
        CHECK(s.current_state(100, 4) == std::optional<std::string>("activated"));
        CHECK_FALSE(s.current_state(100, 2).has_value());
        auto seg = s.states_in_segment(100);
        REQUIRE(seg.size() == 2);
        CHECK(seg[0] == std::make_pair(1u, std::string("sold")));
        CHECK(seg[1] == std::make_pair(4u, std::string("activated")));
        auto refused = s.write([&](WriteView& v) -> Result<std::vector<Event>> {
            CHECK(v.last_event()->seq == 3);
            return make_error(Reason::illegal_transition, "no");
        });
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.error().reason == Reason::illegal_transition);
        Event d = event(4, c.hash, 100, 1);
        d.state = "voided";
        auto bad = s.write([&](WriteView&) -> Result<std::vector<Event>> {
            Event e = d;
            e.code = "not-a-code";
            return std::vector<Event>{d, e};
        });
        REQUIRE_FALSE(bad.has_value());
        CHECK(bad.error().reason == Reason::store_failed);
        CHECK(s.current_state(100, 1) == std::optional<std::string>("sold"));
        CHECK(s.events().size() == 3);
    });
}

TEST_CASE("store: concurrent tills through the registry: no spurious conflicts, no double sale") {
    for_each_backend([](Backend& b, Store& s) {
        Seed seed{};
        const KeyPair root = keypair_from_seed(seed);
        Registry setup(s);
        REQUIRE(setup.add_segment(sign_segment_certificate({1, 100, 1, 100, 0}, root),
                                  root.public_key));
        constexpr int kTills = 4, kSales = 5;
        std::vector<std::string> codes;
        for (int i = 1; i <= kTills * kSales; ++i)
            codes.push_back("00000100-" + std::string(8 - std::to_string(i).size(), '0') +
                            std::to_string(i));
        const EventInfo info{"till", "Sanya", "", 1000};
        REQUIRE(setup.record(LifecycleEvent::activate, codes, info, codes.size()));
        std::vector<std::unique_ptr<Store>> stores;
        for (int i = 0; i < kTills; ++i) stores.push_back(b.open_again());
        std::atomic<int> failures{0}, double_sales{0};
        std::vector<std::thread> tills;
        for (int t = 0; t < kTills; ++t)
            tills.emplace_back([&, t] {
                Registry r(*stores[static_cast<std::size_t>(t)]);
                for (int k = 0; k < kSales; ++k) {
                    // Each till sells its own codes, and every till also tries code 1 once.
                    if (!r.record(LifecycleEvent::sell,
                                  {codes[static_cast<std::size_t>(t * kSales + k)]}, info) &&
                        t * kSales + k != 0)
                        ++failures;
                    if (k == 2 && t != 0 && r.record(LifecycleEvent::sell, {codes[0]}, info))
                        ++double_sales;
                }
            });
        for (auto& t : tills) t.join();
        CHECK(failures == 0);
        // Code 1 is sold once: by till 0's first sale or by one other till, never twice.
        CHECK(double_sales <= 1);
        CHECK(s.events_for(codes[0]).size() == 2);  // activate + one sale
        CHECK(s.events().size() == codes.size() * 2);
        CHECK(setup.check_chain() == 0);
        for (const auto& c : codes) CHECK(*setup.state_of(c) == CodeState::sold);
    });
}

TEST_CASE("store: segments are kept byte for byte and never replaced") {
    for_each_backend([](Backend&, Store& s) {
        SegmentRecord r;
        r.body = {7, 100, 1, 5000, 1700000000};
        r.certificate = {0x00, 0xff, 0x10, 0x00, 0x7f};
        REQUIRE_FALSE(s.add_segment(r).has_value());
        SegmentRecord other = r;
        other.body.operator_id = 8;
        CHECK(s.add_segment(other).has_value());
        auto all = s.segments();
        REQUIRE(all.size() == 1);
        CHECK(all[0].body.operator_id == 7);
        CHECK(all[0].body.segment == 100);
        CHECK(all[0].body.first == 1);
        CHECK(all[0].body.last == 5000);
        CHECK(all[0].body.issued_at == 1700000000);
        CHECK(all[0].certificate == r.certificate);
    });
}

TEST_CASE("store: snapshot sequence numbers count per segment and are never reused") {
    for_each_backend([](Backend& b, Store& s) {
        CHECK(s.next_snapshot_sequence(100, 1) == 1u);
        CHECK(s.next_snapshot_sequence(100, 2) == 2u);
        CHECK(s.next_snapshot_sequence(200, 3) == 1u);
        CHECK(b.open_again()->next_snapshot_sequence(100, 4) == 3u);
    });
}

TEST_CASE("store: the registry's rules run unchanged on every backend") {
    for_each_backend([](Backend&, Store& s) {
        Seed seed{};
        seed[0] = 7;
        const KeyPair root = keypair_from_seed(seed);
        Registry r(s);
        REQUIRE(
            r.add_segment(sign_segment_certificate({1, 100, 1, 100, 0}, root), root.public_key));
        const EventInfo info{"tester", "Sanya", "", 1000};
        const std::vector<std::string> codes = {"00000100-00000001", "00000100-00000002"};
        auto miscount = r.record(LifecycleEvent::activate, codes, info, 3);
        REQUIRE_FALSE(miscount.has_value());
        CHECK(miscount.error().reason == Reason::activation_count_mismatch);
        REQUIRE(r.record(LifecycleEvent::activate, codes, info, 2));
        REQUIRE(r.record(LifecycleEvent::sell, {codes[0]}, info));
        auto illegal = r.record(LifecycleEvent::sell, {codes[0]}, info);
        REQUIRE_FALSE(illegal.has_value());
        CHECK(illegal.error().reason == Reason::illegal_transition);
        CHECK(*r.state_of(codes[0]) == CodeState::sold);
        CHECK(*r.state_of(codes[1]) == CodeState::activated);
        CHECK(r.state_of("00000200-00000001").error().reason == Reason::serial_not_allocated);
        CHECK(r.check_chain() == 0);
        CHECK(s.events().size() == 3);
    });
}

TEST_CASE("store: history cannot be rewritten through SQL on PostgreSQL either") {
    if (!postgresql_wanted()) return;  // SQLite's triggers are checked in test_registry
    auto all = backends();
    Backend& pg = *all.back();
    auto s = pg.open_again();
    SegmentRecord seg;
    seg.body = {1, 100, 1, 50, 1700000000};
    seg.certificate = {1};
    REQUIRE_FALSE(s->add_segment(seg).has_value());
    REQUIRE_FALSE(s->append({event(1, kZero, 100, 1)}).has_value());
    REQUIRE(s->log_entries(1).size() == 1);
    const std::string schema = pg.spec.substr(pg.spec.find("%3D") + 3);
    const std::string set = "SET search_path = " + schema + "; ";
    CHECK(psql("", set + "UPDATE events SET state = 'voided'").find("append-only") !=
          std::string::npos);
    CHECK(psql("", set + "DELETE FROM events").find("append-only") != std::string::npos);
    CHECK(psql("", set + "TRUNCATE events").find("append-only") != std::string::npos);
    CHECK(psql("", set + "UPDATE meta SET value = 'x'").find("append-only") != std::string::npos);
    CHECK(psql("", set + "DELETE FROM log_entries").find("append-only") != std::string::npos);
    CHECK(psql("", set + "TRUNCATE log_entries").find("append-only") != std::string::npos);
    CHECK(s->events().size() == 1);
}

TEST_CASE("store: a SQLite registry from before the current-state table gets it rebuilt") {
    auto all = backends();
    Backend& lite = *all.front();
    {
        auto s = lite.open_again();
        Event a = event(1, kZero, 100, 1), b = event(2, a.hash, 100, 1);
        b.state = "sold";
        REQUIRE_FALSE(s->append({a, b}).has_value());
    }
    const std::string path = lite.spec.substr(7);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "DROP TABLE code_states", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto s = lite.open_again();
    CHECK(s->current_state(100, 1) == std::optional<std::string>("sold"));
}

TEST_CASE("store: events get entries in their operator's log in the same write (§10.17)") {
    for_each_backend([](Backend&, Store& s) {
        for (auto [op, seg] : {std::pair<std::uint16_t, std::uint32_t>{1, 100}, {2, 200}}) {
            SegmentRecord r;
            r.body = {op, seg, 1, 50, 1700000000};
            r.certificate = {1};
            REQUIRE_FALSE(s.add_segment(r).has_value());
        }
        Event a = event(1, kZero, 100, 1), b = event(2, a.hash, 200, 1),
              c = event(3, b.hash, 100, 2),
              d = event(4, c.hash, 300, 1);  // segment 300 is not held: no log
        REQUIRE_FALSE(s.append({a, b, c, d}).has_value());
        auto one = s.log_entries(1), two = s.log_entries(2);
        REQUIRE(one.size() == 2);
        REQUIRE(two.size() == 1);
        CHECK((one[0].index == 0 && one[0].kind == 1 && one[0].seq == 1));
        CHECK((one[1].index == 1 && one[1].kind == 1 && one[1].seq == 3));
        CHECK((two[0].index == 0 && two[0].seq == 2));
        CHECK(s.log_entries(3).empty());
        // A refused write gives no entry either.
        Event bad = event(5, kZero, 100, 3);
        CHECK(s.append({bad}).has_value());
        CHECK(s.log_entries(1).size() == 2);
        // Index entries: only at the log's tip, kept byte for byte.
        LogEntryRecord idx;
        idx.index = 2;
        idx.kind = 2;
        idx.map_root.fill(0xab);
        idx.segments = {100, 250};
        auto appended = s.append_index_entry(1, idx);
        REQUIRE(appended.has_value());
        CHECK(*appended);
        CHECK_FALSE(*s.append_index_entry(1, idx));  // index 2 is taken now
        idx.index = 7;
        CHECK_FALSE(*s.append_index_entry(1, idx));  // not the tip
        auto from2 = s.log_entries(1, 2);
        REQUIRE(from2.size() == 1);
        CHECK(from2[0].kind == 2);
        CHECK(from2[0].map_root == idx.map_root);
        CHECK(from2[0].segments == std::vector<std::uint32_t>{100, 250});
        Event e = event(5, d.hash, 100, 3);
        REQUIRE_FALSE(s.append({e}).has_value());
        REQUIRE(s.log_entries(1).size() == 4);
        CHECK(s.log_entries(1)[3].seq == 5);
    });
}

TEST_CASE("store: a SQLite registry from before log entries gets them once, in seq order") {
    auto all = backends();
    Backend& lite = *all.front();
    {
        auto s = lite.open_again();
        SegmentRecord r;
        r.body = {1, 100, 1, 50, 1700000000};
        r.certificate = {1};
        REQUIRE_FALSE(s->add_segment(r).has_value());
        Event a = event(1, kZero, 100, 1), b = event(2, a.hash, 100, 2);
        REQUIRE_FALSE(s->append({a, b}).has_value());
    }
    const std::string path = lite.spec.substr(7);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "DROP TABLE log_entries", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto s = lite.open_again();
    auto entries = s->log_entries(1);
    REQUIRE(entries.size() == 2);
    CHECK((entries[0].seq == 1 && entries[1].seq == 2 && entries[1].index == 1));
    CHECK(lite.open_again()->log_entries(1).size() == 2);  // once
}

TEST_CASE("store: an unreachable PostgreSQL is a store_failed error naming the server") {
    auto s = open_store("postgresql://127.0.0.1:1/none?connect_timeout=2");
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().reason == Reason::store_failed);
    CHECK(s.error().detail.find("PostgreSQL") != std::string::npos);
}
