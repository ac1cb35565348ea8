#include "eventctl/time.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"

#include <cstdio>
#include <utility>

namespace eventctl {
namespace {

// 100 Julian years: large enough for any retention window, small enough that no later
// multiplication (seconds to microseconds) can overflow.
constexpr std::int64_t max_duration_seconds = 36525LL * 86400;
constexpr std::int64_t max_duration_millis = max_duration_seconds * 1000;
constexpr std::int64_t micros_per_second = 1000000;
constexpr std::int64_t micros_per_day = 86400 * micros_per_second;

constexpr const char* duration_expected =
    "expected a number followed by s, m, h, d or w (e.g. 90s, 15m, 12h, 30d, 2w, 1d12h) or ISO "
    "8601 (P30D, PT12H)";
constexpr const char* whole_seconds =
    "this option takes whole seconds; milliseconds (e.g. 500ms) are for the timeouts, log seek "
    "--active-window, and outbox purge --sleep and --max-duration";
constexpr const char* time_expected =
    "expected RFC 3339 (e.g. 2026-11-01T00:00:00Z or 2026-11-01T02:00:00+02:00), a date "
    "(2026-11-01) or a duration meaning that long ago (e.g. 30d, 12h, PT12H)";
constexpr const char* timestamp_expected =
    "expected YYYY-MM-DD, optionally followed by Thh:mm or Thh:mm:ss, a fraction .ffffff and a "
    "zone Z or +hh:mm (e.g. 2026-11-01T10:00Z)";
constexpr const char* too_large = "exceeds the maximum of 100 years (36525d)";
constexpr const char* ambiguous = "months and years are ambiguous, use days (e.g. 30d or P30D)";

// Internal parse failures carry only the "what was expected" half of the message; the public
// functions add the quoted input, so that every UsageError names what the user typed. An empty
// detail means "nothing more specific to say than the generic expectation".
struct ParseFailure {
    std::string detail;
};

[[noreturn]] void fail(std::string detail = {}) {
    throw ParseFailure{std::move(detail)};
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// What the user typed, escaped and cut short (a pasted blob), so the one-line message stays one
// line.
std::string quote(std::string_view text) {
    return in_quotes(text, 64);
}

// Digits are accumulated only while the value is within range, so arbitrarily long numbers are
// rejected without ever overflowing.
std::int64_t read_number(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    std::int64_t value = 0;
    bool overflow = false;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
        if (!overflow) {
            value = value * 10 + (text[pos] - '0');
            overflow = value > max_duration_millis;
        }
    }
    if (pos == start) {
        fail();
    }
    if (overflow) {
        fail(too_large);
    }
    return value;
}

// Totals are kept in milliseconds, the finest unit a duration takes.
void add_checked(std::int64_t& total, std::int64_t count, std::int64_t unit_millis) {
    if (count > max_duration_millis / unit_millis) {
        fail(too_large);
    }
    total += count * unit_millis;
    if (total > max_duration_millis) {
        fail(too_large);
    }
}

// Units are indexed by rank so that "strictly increasing index" means "descending, no repeats"
// for both notations; milliseconds (ms) come last, in the compact notation only.
constexpr std::int64_t unit_millis[] = {604800000, 86400000, 3600000, 60000, 1000, 1};
constexpr int millis_rank = 5;

int compact_unit_rank(char unit) {
    switch (unit) {
    case 'w':
        return 0;
    case 'd':
        return 1;
    case 'h':
        return 2;
    case 'm':
        return 3;
    case 's':
        return 4;
    case 'y':
    case 'Y':
        fail(ambiguous);
    default:
        fail();
    }
}

std::int64_t parse_compact(std::string_view text) {
    std::int64_t total = 0;
    int next_rank = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::int64_t count = read_number(text, pos);
        if (pos == text.size()) {
            fail();
        }
        int rank = 0;
        if (text.compare(pos, 2, "ms") == 0) {
            rank = millis_rank;
            pos += 2;
        } else {
            rank = compact_unit_rank(text[pos++]);
        }
        if (rank < next_rank) {
            fail("units must be in descending order (w, d, h, m, s, ms), each at most once, "
                 "e.g. 1d12h");
        }
        next_rank = rank + 1;
        add_checked(total, count, unit_millis[rank]);
    }
    return total;
}

int iso_unit_rank(char designator, bool in_time) {
    if (designator == 'Y' || (designator == 'M' && !in_time)) {
        fail(ambiguous);
    }
    if (!in_time && (designator == 'H' || designator == 'S')) {
        fail("ISO 8601 hours, minutes and seconds must follow T (e.g. PT12H, P1DT12H)");
    }
    if (in_time && (designator == 'W' || designator == 'D')) {
        fail("ISO 8601 weeks and days must come before T (e.g. P1DT12H)");
    }
    switch (designator) {
    case 'W':
        return 0;
    case 'D':
        return 1;
    case 'H':
        return 2;
    case 'M':
        return 3;
    case 'S':
        return 4;
    default:
        fail();
    }
}

std::int64_t parse_iso(std::string_view text) {
    std::int64_t total = 0;
    int next_rank = 0;
    int components = 0;
    bool in_time = false;
    std::size_t pos = 1; // past 'P'
    while (pos < text.size()) {
        if (text[pos] == 'T') {
            if (in_time) {
                fail();
            }
            in_time = true;
            components = 0;
            ++pos;
            continue;
        }
        const std::int64_t count = read_number(text, pos);
        if (pos == text.size()) {
            fail();
        }
        const int rank = iso_unit_rank(text[pos++], in_time);
        if (rank < next_rank) {
            fail("ISO 8601 designators must be in the order PnWnDTnHnMnS, each at most once, e.g. "
                 "P1DT12H");
        }
        next_rank = rank + 1;
        ++components;
        add_checked(total, count, unit_millis[rank]);
    }
    if (components == 0) {
        // "P", "PT" and "P1DT" all promise a component that never comes.
        fail();
    }
    return total;
}

std::int64_t parse_duration_millis(std::string_view text) {
    if (text.empty()) {
        fail();
    }
    if (text[0] == 'P') {
        return parse_iso(text);
    }
    return parse_compact(text);
}

std::int64_t parse_duration_seconds(std::string_view text) {
    auto millis = parse_duration_millis(text);
    if (millis % 1000 != 0) {
        fail(whole_seconds);
    }
    return millis / 1000;
}

// Hinnant's days_from_civil: proleptic Gregorian, exact for every int64 year we can produce, and
// free of the process locale and TZ that mktime/timegm would consult.
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

// Hinnant's civil_from_days, the inverse of days_from_civil.
CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

unsigned days_in_month(std::int64_t year, unsigned month) {
    constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

// The supported range is what a four-digit year can name from the Unix epoch on; keeping results
// inside it guarantees format_rfc3339 reproduces the same shape parse_time accepts.
constexpr std::int64_t max_micros = days_from_civil(10000, 1, 1) * micros_per_day - 1;

constexpr const char* before_epoch =
    "the result is before 1970-01-01T00:00:00Z, the earliest supported time";

void check_range(std::int64_t micros) {
    if (micros < 0) {
        fail(before_epoch);
    }
    if (micros > max_micros) {
        fail("the result is after 9999-12-31T23:59:59.999999Z, the latest supported time");
    }
}

unsigned read_fixed(std::string_view text, std::size_t& pos, std::size_t digits) {
    unsigned value = 0;
    for (std::size_t i = 0; i < digits; ++i, ++pos) {
        if (pos >= text.size() || !is_digit(text[pos])) {
            fail(timestamp_expected);
        }
        value = value * 10 + static_cast<unsigned>(text[pos] - '0');
    }
    return value;
}

void expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) {
        fail(timestamp_expected);
    }
    ++pos;
}

std::string two_digits(unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u", value);
    return buf;
}

void check_field(const char* name, unsigned value, unsigned low, unsigned high) {
    if (value < low || value > high) {
        fail(std::string(name) + " " + two_digits(value) + " is out of range " + two_digits(low) +
             "-" + two_digits(high));
    }
}

struct TimeOfDay {
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    std::int64_t micros = 0;
    std::int64_t offset_seconds = 0;
};

// Digits past the sixth are accepted (PostgreSQL and many tools print nanoseconds) but dropped,
// because TimePoint resolves microseconds and rounding up could cross a second boundary.
std::int64_t read_fraction(std::string_view text, std::size_t& pos) {
    ++pos; // past '.'
    const std::size_t start = pos;
    std::int64_t micros = 0;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
        if (pos - start < 6) {
            micros = micros * 10 + (text[pos] - '0');
        }
    }
    const std::size_t digits = pos - start;
    if (digits == 0) {
        fail(timestamp_expected);
    }
    if (digits > 9) {
        fail("the fraction has more than 9 digits");
    }
    for (std::size_t i = digits; i < 6; ++i) {
        micros *= 10;
    }
    return micros;
}

std::int64_t read_zone(std::string_view text, std::size_t& pos) {
    if (pos == text.size()) {
        return 0; // no zone means UTC, the only zone the database speaks
    }
    const char sign = text[pos++];
    if (sign == 'Z' || sign == 'z') {
        return 0;
    }
    if (sign != '+' && sign != '-') {
        fail(timestamp_expected);
    }
    const unsigned hours = read_fixed(text, pos, 2);
    expect(text, pos, ':');
    const unsigned minutes = read_fixed(text, pos, 2);
    if (hours > 23 || minutes > 59) {
        fail("zone offset " + std::string(1, sign) + two_digits(hours) + ":" + two_digits(minutes) +
             " is out of range (at most 23:59 either way)");
    }
    const auto seconds = static_cast<std::int64_t>(hours * 3600 + minutes * 60);
    return sign == '-' ? -seconds : seconds;
}

TimeOfDay read_clock(std::string_view text, std::size_t& pos) {
    TimeOfDay clock;
    clock.hour = read_fixed(text, pos, 2);
    expect(text, pos, ':');
    clock.minute = read_fixed(text, pos, 2);
    // Seconds are optional, as people type a time (2026-12-01T10:00); a fraction needs them.
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        clock.second = read_fixed(text, pos, 2);
        if (pos < text.size() && text[pos] == '.') {
            clock.micros = read_fraction(text, pos);
        }
    }
    clock.offset_seconds = read_zone(text, pos);
    if (pos != text.size()) {
        fail(timestamp_expected);
    }
    check_field("hour", clock.hour, 0, 23);
    check_field("minute", clock.minute, 0, 59);
    if (clock.second > 59) {
        fail("second " + two_digits(clock.second) +
             " is out of range 00-59 (leap seconds are not supported)");
    }
    return clock;
}

std::int64_t parse_timestamp_micros(std::string_view text) {
    std::size_t pos = 0;
    const unsigned year = read_fixed(text, pos, 4);
    expect(text, pos, '-');
    const unsigned month = read_fixed(text, pos, 2);
    expect(text, pos, '-');
    const unsigned day = read_fixed(text, pos, 2);
    TimeOfDay clock;
    if (pos < text.size()) {
        const char separator = text[pos++];
        if (separator != 'T' && separator != 't' && separator != ' ') {
            fail(timestamp_expected);
        }
        clock = read_clock(text, pos);
    }
    if (year < 1970) {
        fail("year " + std::to_string(year) + " is before 1970, the earliest supported year");
    }
    check_field("month", month, 1, 12);
    check_field("day", day, 1, days_in_month(year, month));
    const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + clock.hour * 3600 +
                                 clock.minute * 60 + clock.second - clock.offset_seconds;
    const std::int64_t micros = seconds * micros_per_second + clock.micros;
    check_range(micros);
    return micros;
}

// Four digits and a dash cannot start a valid duration, so such input gets the date-specific
// messages rather than the generic "expected ..." one.
bool looks_like_date(std::string_view text) {
    return text.size() >= 5 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
           is_digit(text[3]) && text[4] == '-';
}

} // namespace

std::chrono::seconds parse_duration(std::string_view text) {
    try {
        return std::chrono::seconds(parse_duration_seconds(text));
    } catch (const ParseFailure& failure) {
        throw UsageError("invalid duration " + quote(text) + ": " +
                         (failure.detail.empty() ? duration_expected : failure.detail));
    }
}

std::chrono::milliseconds parse_duration_ms(std::string_view text) {
    try {
        return std::chrono::milliseconds(parse_duration_millis(text));
    } catch (const ParseFailure& failure) {
        throw UsageError("invalid duration " + quote(text) + ": " +
                         (failure.detail.empty() ? duration_expected : failure.detail));
    }
}

TimePoint parse_time(std::string_view text, TimePoint now) {
    try {
        if (looks_like_date(text)) {
            return from_epoch_micros(parse_timestamp_micros(text));
        }
        const std::int64_t ago = parse_duration_seconds(text) * micros_per_second;
        const std::int64_t now_micros = to_epoch_micros(now);
        // Comparing first keeps the subtraction from overflowing for any `now`.
        if (now_micros < ago) {
            fail(before_epoch);
        }
        check_range(now_micros - ago);
        return from_epoch_micros(now_micros - ago);
    } catch (const ParseFailure& failure) {
        throw UsageError("invalid time " + quote(text) + ": " +
                         (failure.detail.empty() ? time_expected : failure.detail));
    }
}

std::string format_rfc3339(TimePoint time) {
    const std::int64_t micros = to_epoch_micros(time);
    // Floor division so that times before the epoch still land on the right calendar day.
    std::int64_t days = micros / micros_per_day;
    std::int64_t rest = micros % micros_per_day;
    if (rest < 0) {
        rest += micros_per_day;
        --days;
    }
    const CivilDate date = civil_from_days(days);
    const std::int64_t second_of_day = rest / micros_per_second;
    const std::int64_t fraction = rest % micros_per_second;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<long long>(second_of_day / 3600),
                  static_cast<long long>(second_of_day / 60 % 60),
                  static_cast<long long>(second_of_day % 60));
    std::string out = buf;
    if (fraction != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(fraction));
        out += buf;
    }
    out += 'Z';
    return out;
}

std::string format_duration(std::chrono::seconds duration) {
    const std::int64_t count = duration.count();
    // Unsigned magnitude so that even the most negative value has a representable absolute value.
    std::uint64_t rest =
        count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    std::string out = count < 0 ? "-" : "";
    if (rest == 0) {
        return "0s";
    }
    // Weeks only when the days are whole weeks: "30d" reads better echoed back than "4w2d".
    constexpr std::uint64_t day = 86400;
    const std::uint64_t days = rest / day;
    if (days > 0) {
        out += days % 7 == 0 ? std::to_string(days / 7) + "w" : std::to_string(days) + "d";
        rest %= day;
    }
    constexpr char letters[] = {'h', 'm', 's'};
    constexpr std::uint64_t units[] = {3600, 60, 1};
    for (std::size_t i = 0; i < sizeof letters; ++i) {
        if (rest >= units[i]) {
            out += std::to_string(rest / units[i]);
            out += letters[i];
            rest %= units[i];
        }
    }
    return out;
}

std::string format_duration_ms(std::chrono::milliseconds duration) {
    auto count = duration.count();
    auto millis = count % 1000;
    if (millis == 0) {
        return format_duration(std::chrono::seconds(count / 1000));
    }
    auto sign = count < 0 ? "-" : "";
    auto magnitude = count < 0 ? -(count / 1000) : count / 1000;
    auto rest = std::to_string(millis < 0 ? -millis : millis) + "ms";
    return sign + (magnitude == 0 ? rest : format_duration(std::chrono::seconds(magnitude)) + rest);
}

TimePoint from_epoch_micros(std::int64_t micros) {
    return TimePoint(Microseconds(micros));
}

std::int64_t to_epoch_micros(TimePoint time) {
    return time.time_since_epoch().count();
}

} // namespace eventctl
