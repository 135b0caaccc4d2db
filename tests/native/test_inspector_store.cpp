// One conformance suite for the inspector tables (native/inspector/inspector_store.h): SQLite
// always, and PostgreSQL when TRACESEAL_TEST_POSTGRESQL=1 names a server through the PG*
// environment variables (CTest runs it under pg_virtualenv, a throwaway cluster).
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <functional>
#include <thread>

#include "inspector_store.h"
#include "temp_dir.h"

using namespace traceseal;
using namespace traceseal::inspector;

namespace {

bool postgresql_wanted() {
    const char* v = std::getenv("TRACESEAL_TEST_POSTGRESQL");
    return v && std::string(v) == "1";
}

// Each case gets empty tables: a new file for SQLite, dropped tables for PostgreSQL.
void each_store(const std::function<void(InspectorStore&, const std::string& name)>& body) {
    {
        testkit::TempDir dir("inspector_store");
        auto s = open_inspector_store("sqlite:" + dir.file("r.sqlite"));
        REQUIRE(s);
        body(**s, "sqlite");
    }
    if (!postgresql_wanted()) return;
    PGconn* c = PQconnectdb("");
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PQclear(PQexec(c,
                   "DROP TABLE IF EXISTS inspector_enrolments, inspector_logins, "
                   "inspector_nonces, inspector_meta"));
    PQfinish(c);
    auto s = open_inspector_store("postgresql://");
    REQUIRE_MESSAGE(s, (s ? "" : s.error().detail));
    body(**s, "postgresql");
}

}  // namespace

TEST_CASE("enrolments: one certificate per phone, a later one replaces it") {
    each_store([](InspectorStore& s, const std::string& name) {
        CAPTURE(name);
        CHECK_FALSE(s.enrolment("+8613800000001"));
        CHECK_FALSE(s.put_enrolment("+8613800000001", "cert 1"));
        CHECK_FALSE(s.put_enrolment("+8613800000001", "cert 2"));
        CHECK(s.enrolment("+8613800000001") == "cert 2");
        CHECK_FALSE(s.enrolment("+8613800000002"));
    });
}

TEST_CASE("login state: read, changed and stored in one transaction") {
    each_store([](InspectorStore& s, const std::string& name) {
        CAPTURE(name);
        Key32 h{};
        h[0] = 7;
        auto first = s.update_login("+86138", [&](LoginState& st) {
            CHECK_FALSE(st.code_hash);
            CHECK(st.wrong_tries == 0);
            st.code_hash = h;
            st.code_expires_at = 300;
            return st;
        });
        REQUIRE(first);
        auto second = s.update_login("+86138", [&](LoginState& st) {
            REQUIRE(st.code_hash);
            CHECK(*st.code_hash == h);
            CHECK(st.code_expires_at == 300);
            st.code_hash.reset();
            st.wrong_tries = 5;
            st.locked_until = 1200;
            CHECK(st.requests == 0);
            st.requests_since = 100;  // §12.4's rate limit window
            st.requests = 3;
            return st;
        });
        REQUIRE(second);
        s.update_login("+86138", [&](LoginState& st) {
            CHECK_FALSE(st.code_hash);
            CHECK(st.wrong_tries == 5);
            CHECK(st.locked_until == 1200);
            CHECK(st.requests_since == 100);
            CHECK(st.requests == 3);
            return st;
        });
        // Concurrent tries are serialised: none is lost.
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&] {
                for (int k = 0; k < 5; ++k)
                    REQUIRE(s.update_login("+86139", [](LoginState& st) {
                        ++st.wrong_tries;
                        ++st.requests;
                        return st;
                    }));
            });
        for (auto& t : threads) t.join();
        s.update_login("+86139", [](LoginState& st) {
            CHECK(st.wrong_tries == 40);
            CHECK(st.requests == 40);
            return st;
        });
    });
}

TEST_CASE("nonces: a second use is a replay until it is forgotten") {
    each_store([](InspectorStore& s, const std::string& name) {
        CAPTURE(name);
        PublicKey a, b;
        b.bytes[0] = 1;
        CHECK(*s.remember_nonce(a, "n1", 100, 700));
        CHECK_FALSE(*s.remember_nonce(a, "n1", 200, 800));
        CHECK(*s.remember_nonce(b, "n1", 200, 800));   // another device's nonce
        CHECK(*s.remember_nonce(a, "n1", 700, 1300));  // forgotten at keep_until
    });
}

TEST_CASE("the otp key is written once") {
    each_store([](InspectorStore& s, const std::string& name) {
        CAPTURE(name);
        Key32 k1{}, k2{};
        k1[0] = 1;
        k2[0] = 2;
        CHECK(*s.otp_key(k1) == k1);
        CHECK(*s.otp_key(k2) == k1);
    });
}
