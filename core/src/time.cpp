// UTC timestamps in the RFC 3339 subset of FORMAT.md §2.2, by civil-date arithmetic (no clock).
#include <cstdio>

#include "traceseal/traceseal.h"

namespace traceseal {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
}

unsigned days_in_month(unsigned y, unsigned m) {
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

Result<UnixTime> parse_time(std::string_view s) {
    auto bad = [&] {
        return make_error(
            Reason::time_malformed,
            "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '" + std::string(s) + "'");
    };
    if (s.size() != 10 && s.size() != 20) return bad();
    unsigned y, mo, d, h = 0, mi = 0, se = 0;
    if (!read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, mo) || s[7] != '-' ||
        !read_digits(s, 8, 2, d))
        return bad();
    if (s.size() == 20 &&
        (s[10] != 'T' || !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) ||
         s[16] != ':' || !read_digits(s, 17, 2, se) || s[19] != 'Z'))
        return bad();
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        se > 59)
        return bad();
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

std::int64_t day_of(UnixTime t) {
    return (t >= 0 ? t : t - 86399) / 86400;
}

std::string format_time(UnixTime t) {
    int y;
    unsigned m, d;
    std::int64_t day = day_of(t);
    std::int64_t sec = t - day * 86400;
    civil_from_days(day, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", y, m, d,
                  static_cast<unsigned>(sec / 3600), static_cast<unsigned>(sec / 60 % 60),
                  static_cast<unsigned>(sec % 60));
    return buf;
}

std::string format_day(std::uint16_t day) {
    return format_time(std::int64_t{day} * 86400).substr(0, 10);
}

}  // namespace traceseal
