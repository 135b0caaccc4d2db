// Trust lists: body checks, signing, verification, updates (core/src/trust_list.cpp; §4).
#include <doctest/doctest.h>

#include "demo_world.h"
#include "traceseal/traceseal.h"

using namespace traceseal;

TEST_CASE("a signed demo trust list verifies against its root and keeps its exact body") {
    cli::DemoWorld w = cli::make_demo_world(7);
    auto t = verify_trust_list(w.trust_list, w.root.public_key);
    REQUIRE(t.has_value());
    CHECK(t->signed_body() == w.body_json);
    CHECK(t->root_key_id() == root_key_id(w.root.public_key));
    CHECK(t->body().issuing_keys.size() == 2);
    CHECK(t->body().find_key(1)->operator_id == 1);
    CHECK(t->body().find_revoked(3) != nullptr);
    CHECK(t->body().find_key(3) == nullptr);
    CHECK(t->body().find_category(5)->name_zh == "电子产品");
}

TEST_CASE("body formatting round-trips through parsing") {
    cli::DemoWorld w = cli::make_demo_world(7);
    auto b = parse_trust_list_body(w.body_json);
    REQUIRE(b.has_value());
    CHECK(format_trust_list_body(*b) == w.body_json);
}

TEST_CASE("another world's root does not verify this world's list") {
    cli::DemoWorld a = cli::make_demo_world(1), b = cli::make_demo_world(2);
    CHECK(verify_trust_list(a.trust_list, b.root.public_key).error().reason ==
          Reason::trust_list_wrong_root);
    CHECK(root_key_id(a.root.public_key) != root_key_id(b.root.public_key));
    CHECK(root_key_id(a.root.public_key).size() == 16);
}

TEST_CASE("updates: newer accepted, older and conflicting refused") {
    cli::DemoWorld w = cli::make_demo_world(7);
    auto make = [&](std::uint64_t seq, const char* authority) {
        TrustListBody b = w.body;
        b.sequence = seq;
        b.authority = authority;
        return *verify_trust_list(sign_trust_list(format_trust_list_body(b), w.root),
                                  w.root.public_key);
    };
    TrustList cur = make(5, "A");
    CHECK(accept_trust_list_update(cur, make(6, "A")).has_value());
    CHECK(accept_trust_list_update(cur, make(5, "A")).has_value());
    CHECK(accept_trust_list_update(cur, make(4, "A")).error().reason ==
          Reason::trust_list_rollback);
    CHECK(accept_trust_list_update(cur, make(5, "B")).error().reason ==
          Reason::trust_list_conflict);
}

TEST_CASE("the prefix rule keeps a v1 label within QR version 6-M") {
    cli::DemoWorld w = cli::make_demo_world(7);
    for (const char* ok : {"HTTPS://TS.EXAMPLE/C/", "HTTPS://A.B/", "HTTPS://TS.EXAMPLE.CN/"}) {
        TrustListBody b = w.body;
        b.label_prefix = ok;
        CAPTURE(ok);
        CHECK(parse_trust_list_body(format_trust_list_body(b)).has_value());
    }
    for (const char* bad :
         {"HTTPS://TS.EXAMPLE.ORG/C/", "https://ts.example/c/", "HTTPS:///", "HTTPS://TS EX/",
          "HTTPS://TS.EXAMPLE/C", "HTTPS://TS.EXAMPLE/C?/", "HTTP://TS.EXAMPLE/C/"}) {
        TrustListBody b = w.body;
        b.label_prefix = bad;
        CAPTURE(bad);
        CHECK(parse_trust_list_body(format_trust_list_body(b)).error().reason ==
              Reason::trust_list_invalid_prefix);
    }
}
