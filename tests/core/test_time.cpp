// UTC time parsing and formatting (core/src/time.cpp; FORMAT.md §2.2).
#include <doctest/doctest.h>

#include "traceseal/traceseal.h"

using namespace traceseal;

TEST_CASE("parse_time accepts dates and UTC times") {
    CHECK(*parse_time("1970-01-01") == 0);
    CHECK(*parse_time("1970-01-02T00:00:01Z") == 86401);
    CHECK(*parse_time("2026-11-22T12:34:56Z") == 1795350896);
    CHECK(*parse_time("2000-02-29") == 951782400);
    CHECK(format_time(1795350896) == "2026-11-22T12:34:56Z");
    CHECK(format_day(static_cast<std::uint16_t>(day_of(*parse_time("2026-11-01")))) ==
          "2026-11-01");
}

TEST_CASE("parse_time round-trips across years") {
    for (UnixTime t = 0; t < UnixTime{4102444800}; t += 86400 * 37 + 3601) {
        CAPTURE(t);
        CHECK(*parse_time(format_time(t)) == t);
    }
}

TEST_CASE("parse_time rejects what is not the subset") {
    for (const char* bad :
         {"2026-11-22T12:34:56", "2026-11-22 12:34:56Z", "2026-13-01", "2026-02-29", "1900-02-28",
          "2026-11-22T24:00:00Z", "2026-11-2", "", "20261122", "2026-11-22T12:34:56+08:00",
          "2026-11-22t12:34:56z", "-026-11-22"}) {
        CAPTURE(bad);
        auto r = parse_time(bad);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().reason == Reason::time_malformed);
    }
}

TEST_CASE("day_of floors") {
    CHECK(day_of(0) == 0);
    CHECK(day_of(86399) == 0);
    CHECK(day_of(86400) == 1);
    CHECK(day_of(-1) == -1);
}
