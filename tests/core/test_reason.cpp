// Verdict and reason words and the message catalog (core/src/reason.cpp, messages.cpp; §7).
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "traceseal/reason.h"

using namespace traceseal;

namespace {
std::vector<Reason> all_reasons() {
    return {
#define TRACESEAL_LIST(name, verdict) Reason::name,
        TRACESEAL_REASONS(TRACESEAL_LIST)
#undef TRACESEAL_LIST
    };
}
}  // namespace

TEST_CASE("every reason word is snake_case, unique and parses back") {
    std::set<std::string> seen;
    for (Reason r : all_reasons()) {
        std::string w(to_string(r));
        CAPTURE(w);
        CHECK(seen.insert(w).second);
        CHECK(parse_reason(w) == r);
        for (char c : w) CHECK(((c >= 'a' && c <= 'z') || c == '_'));
    }
    CHECK_FALSE(parse_reason("Bad_Signature").has_value());
}

TEST_CASE("verdict words are exactly the five classes") {
    const char* words[] = {"genuine", "warning", "invalid", "foreign", "no_code"};
    for (int i = 0; i < 5; ++i) {
        CHECK(to_string(static_cast<Verdict>(i)) == words[i]);
        CHECK(parse_verdict(words[i]) == static_cast<Verdict>(i));
    }
    CHECK_FALSE(parse_verdict("valid").has_value());
}

TEST_CASE("the catalog has distinct zh-CN and en text for every reason and verdict") {
    std::set<std::string_view> zh, en;
    for (Reason r : all_reasons()) {
        CAPTURE(to_string(r));
        CHECK_FALSE(message(r, Lang::zh_CN).empty());
        CHECK_FALSE(message(r, Lang::en).empty());
        CHECK(message(r, Lang::zh_CN) != message(r, Lang::en));
        CHECK(zh.insert(message(r, Lang::zh_CN)).second);
        CHECK(en.insert(message(r, Lang::en)).second);
    }
    for (int i = 0; i < 5; ++i) {
        CHECK_FALSE(message(static_cast<Verdict>(i), Lang::zh_CN).empty());
        CHECK_FALSE(message(static_cast<Verdict>(i), Lang::en).empty());
    }
    CHECK(resale_reminder(Lang::zh_CN).find("关税未付 禁止倒卖") == 0);
}

TEST_CASE("reasons map to the verdict classes of FORMAT.md §6") {
    CHECK(verdict_of(Reason::no_code_found) == Verdict::no_code);
    CHECK(verdict_of(Reason::not_traceseal_code) == Verdict::foreign);
    CHECK(verdict_of(Reason::bad_signature) == Verdict::invalid);
    CHECK(verdict_of(Reason::prefix_not_trusted) == Verdict::invalid);
    CHECK(verdict_of(Reason::trust_list_expired) == Verdict::warning);
}
