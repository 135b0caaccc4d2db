// The words of verdicts and reasons: one table (reason.h's X-macro), so they cannot drift.
#include "traceseal/reason.h"

#include <string_view>

namespace traceseal {
namespace {

struct ReasonRow {
    Reason reason;
    std::string_view word;
    Verdict verdict;
};

constexpr ReasonRow kReasons[] = {
#define TRACESEAL_ROW(name, verdict) {Reason::name, #name, Verdict::verdict},
    TRACESEAL_REASONS(TRACESEAL_ROW)
#undef TRACESEAL_ROW
};

constexpr std::string_view kVerdicts[] = {"genuine", "warning", "invalid", "foreign", "no_code"};

}  // namespace

std::string_view to_string(Verdict v) {
    return kVerdicts[static_cast<int>(v)];
}
std::string_view to_string(Reason r) {
    return kReasons[static_cast<int>(r)].word;
}
Verdict verdict_of(Reason r) {
    return kReasons[static_cast<int>(r)].verdict;
}

Verdict worse_verdict(Verdict a, Verdict b) {
    // Rank by enum value: genuine 0, warning 1, invalid 2, foreign 3, no_code 4.
    constexpr int kRank[] = {1, 2, 4, 3, 0};
    return kRank[static_cast<int>(a)] >= kRank[static_cast<int>(b)] ? a : b;
}

std::optional<Verdict> parse_verdict(std::string_view word) {
    for (int i = 0; i < 5; ++i)
        if (kVerdicts[i] == word) return static_cast<Verdict>(i);
    return std::nullopt;
}

std::optional<Reason> parse_reason(std::string_view word) {
    for (const auto& row : kReasons)
        if (row.word == word) return row.reason;
    return std::nullopt;
}

}  // namespace traceseal
