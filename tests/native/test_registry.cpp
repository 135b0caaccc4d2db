// The issuer registry over a temporary SQLite file (native/registry): every transition, every
// refused one leaving the log unchanged, activation counts, the hash chain, append-only SQL.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "demo_world.h"
#include "registry.h"

using namespace traceseal;
using namespace traceseal::registry;

namespace {

struct TempRegistry {
    std::string path;
    std::unique_ptr<Store> store;
    cli::DemoWorld w = cli::make_demo_world(5);
    TempRegistry() {
        static int n = 0;
        path = (std::filesystem::temp_directory_path() /
                ("registry_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + ".db"))
                   .string();
        std::filesystem::remove(path);
        store = std::move(open_sqlite_store(path).value());
        Registry r(*store);
        REQUIRE(
            r.add_segment(sign_segment_certificate({1, 100, 1, 100, 0}, w.root), w.root.public_key)
                .has_value());
    }
    ~TempRegistry() {
        store.reset();
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    }
};

std::string code(int serial) {
    return format_code_number([&] {
        CodeFields f;
        f.segment = 100;
        f.serial = serial;
        return f;
    }());
}
EventInfo info(const char* reason = "") {
    return {"tester", "Sanya", reason, 1000};
}

// Drives a fresh code into `state` by legal steps.
void drive(Registry& r, const std::string& c, CodeState state) {
    using E = LifecycleEvent;
    auto step = [&](E e) {
        REQUIRE(r.record(e, {c}, info("x"),
                         e == E::activate ? std::optional<std::size_t>(1) : std::nullopt));
    };
    switch (state) {
        case CodeState::issued:
            break;
        case CodeState::activated:
            step(E::activate);
            break;
        case CodeState::sold:
            step(E::activate), step(E::sell);
            break;
        case CodeState::picked_up:
            step(E::activate), step(E::sell), step(E::pickup);
            break;
        case CodeState::unbound:
            step(E::activate), step(E::sell), step(E::unbind);
            break;
        case CodeState::voided:
            step(E::void_);
            break;
        case CodeState::superseded:
            REQUIRE(r.record_successor(E::reissue, c, code(99), info("x")));
            break;
    }
}

}  // namespace

TEST_CASE(
    "every (state, event) pair: allowed ones recorded, refused ones leave the log as it was") {
    for (int s = 0; s < 7; ++s)
        for (int e = 0; e < 7; ++e) {
            TempRegistry t;
            Registry r(*t.store);
            auto state = static_cast<CodeState>(s);
            auto event = static_cast<LifecycleEvent>(e);
            CAPTURE(to_string(state));
            CAPTURE(to_string(event));
            drive(r, code(1), state);
            REQUIRE(*r.state_of(code(1)) == state);
            auto before = t.store->events().size();
            auto expected = apply_event(state, event);
            Result<std::vector<Event>> got = std::vector<Event>{};
            if (event == LifecycleEvent::reissue || event == LifecycleEvent::replace)
                got = r.record_successor(event, code(1), code(2), info("x"));
            else
                got = r.record(event, {code(1)}, info("x"),
                               event == LifecycleEvent::activate ? std::optional<std::size_t>(1)
                                                                 : std::nullopt);
            CHECK(got.has_value() == expected.has_value());
            if (expected) {
                CHECK(*r.state_of(code(1)) == *expected);
            } else {
                CHECK(got.error().reason == Reason::illegal_transition);
                CHECK(t.store->events().size() == before);
                CHECK(*r.state_of(code(1)) == state);
            }
            CHECK(r.check_chain() == 0);
        }
}

TEST_CASE("reissue and replace carry the state to an unused code only") {
    TempRegistry t;
    Registry r(*t.store);
    drive(r, code(1), CodeState::sold);
    CHECK(r.record_successor(LifecycleEvent::reissue, code(1), code(2), info("x")).error().reason ==
          Reason::illegal_transition);
    REQUIRE(
        r.record_successor(LifecycleEvent::replace, code(1), code(2), info("damaged")).has_value());
    CHECK(*r.state_of(code(1)) == CodeState::superseded);
    CHECK(*r.state_of(code(2)) == CodeState::sold);
    drive(r, code(3), CodeState::activated);
    drive(r, code(4), CodeState::activated);
    CHECK(r.record_successor(LifecycleEvent::reissue, code(3), code(4), info("x")).error().reason ==
          Reason::illegal_transition);
    CHECK(*r.state_of(code(3)) == CodeState::activated);
}

TEST_CASE(
    "activation: received count must match; duplicates and unallocated serials refused whole") {
    TempRegistry t;
    Registry r(*t.store);
    CHECK(r.record(LifecycleEvent::activate, {code(1), code(2)}, info(), 3).error().reason ==
          Reason::activation_count_mismatch);
    CHECK(r.record(LifecycleEvent::activate, {code(1), code(2)}, info()).error().reason ==
          Reason::activation_count_mismatch);
    CHECK(r.record(LifecycleEvent::activate, {code(1), code(1)}, info(), 2).error().reason ==
          Reason::illegal_transition);
    CHECK(r.record(LifecycleEvent::activate, {code(1), code(101)}, info(), 2).error().reason ==
          Reason::serial_not_allocated);
    CHECK(t.store->events().empty());
    REQUIRE(r.record(LifecycleEvent::activate, {code(1), code(2)}, info(), 2).has_value());
    CHECK(t.store->events().size() == 2);
    auto st = r.segment_states(100);
    REQUIRE(st.has_value());
    CHECK((*st)[0] == CodeState::activated);
    CHECK((*st)[2] == CodeState::issued);
}

TEST_CASE("history cannot be rewritten: SQL refuses, and a changed event breaks the chain") {
    TempRegistry t;
    Registry r(*t.store);
    drive(r, code(1), CodeState::picked_up);
    CHECK(r.check_chain() == 0);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(t.path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE events SET state = 'activated' WHERE seq = 3", nullptr, nullptr,
                       nullptr) != SQLITE_OK);
    CHECK(sqlite3_exec(db, "DELETE FROM events WHERE seq = 3", nullptr, nullptr, nullptr) !=
          SQLITE_OK);
    // Past the triggers (someone with the file): the chain shows it.
    REQUIRE(sqlite3_exec(
                db,
                "DROP TRIGGER events_no_update; UPDATE events SET actor = 'mallory' WHERE seq = 2",
                nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(r.check_chain() == 2);
}

TEST_CASE("a forked writer is refused") {
    TempRegistry t;
    Registry r(*t.store);
    drive(r, code(1), CodeState::activated);
    Event stale{1,  code(2), "activate", "activated",          "x", "y",
                "", 0,       "",         std::string(64, '0'), "h"};
    CHECK(t.store->append({stale}).has_value());
    CHECK(t.store->events().size() == 1);
}
