#include "eventctl/error.h"
#include "eventctl/time.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using eventctl::format_duration;
using eventctl::format_rfc3339;
using eventctl::from_epoch_micros;
using eventctl::parse_duration;
using eventctl::parse_time;
using eventctl::to_epoch_micros;
using eventctl::UsageError;
using std::chrono::seconds;

namespace {

constexpr std::int64_t second_us = 1000000;
constexpr std::int64_t day_us = 86400 * second_us;
constexpr std::int64_t nov_1_2026_us = 1793491200000000; // 2026-11-01T00:00:00Z
constexpr std::int64_t max_us = 253402300799999999;      // 9999-12-31T23:59:59.999999Z
constexpr std::int64_t hundred_years_s = 36525LL * 86400;

// A fixed "now" so relative times are reproducible: 2026-11-01T12:00:00.5Z.
const eventctl::TimePoint fixed_now = from_epoch_micros(nov_1_2026_us + 43200 * second_us + 500000);

std::int64_t time_us(const std::string& text) {
    return to_epoch_micros(parse_time(text, fixed_now));
}

std::string duration_error(const std::string& text) {
    try {
        parse_duration(text);
    } catch (const UsageError& error) {
        return error.what();
    }
    FAIL("parse_duration(\"" << text << "\") did not throw UsageError");
    return {};
}

std::string time_error(const std::string& text, eventctl::TimePoint now = fixed_now) {
    try {
        parse_time(text, now);
    } catch (const UsageError& error) {
        return error.what();
    }
    FAIL("parse_time(\"" << text << "\") did not throw UsageError");
    return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Every rejection must be one line that starts with the kind of value and quotes the input.
void check_message(const std::string& message, const std::string& prefix,
                   const std::string& input) {
    INFO("message: " << message);
    const std::string shown = input.size() > 64 ? input.substr(0, 64) + "..." : input;
    CHECK(message.rfind(prefix + "\"" + shown + "\": ", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(contains(message, "expected") + contains(message, "ambiguous") +
              contains(message, "100 years") + contains(message, "order") +
              contains(message, "range") + contains(message, "supported") +
              contains(message, "must") + contains(message, "digits") >
          0);
}

bool is_leap(std::int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::string pad(std::int64_t value, std::size_t width) {
    std::string text = std::to_string(value);
    while (text.size() < width) {
        text.insert(0, 1, '0');
    }
    return text;
}

} // namespace

TEST_CASE("time: parse_duration accepts compact units", "[time]") {
    CHECK(parse_duration("90s") == seconds(90));
    CHECK(parse_duration("15m") == seconds(900));
    CHECK(parse_duration("12h") == seconds(43200));
    CHECK(parse_duration("30d") == seconds(30 * 86400));
    CHECK(parse_duration("2w") == seconds(14 * 86400));
    CHECK(parse_duration("0s") == seconds(0));
    CHECK(parse_duration("0w") == seconds(0));
    CHECK(parse_duration("0d0h") == seconds(0));
    CHECK(parse_duration("1d12h") == seconds(36 * 3600));
    CHECK(parse_duration("1h30m") == seconds(5400));
    CHECK(parse_duration("1w1s") == seconds(604801));
    CHECK(parse_duration("1d1m") == seconds(86460));
    CHECK(parse_duration("2w3d4h5m6s") == seconds(14 * 86400 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6));
    CHECK(parse_duration("007s") == seconds(7));
    CHECK(parse_duration("120m") == seconds(7200));
    CHECK(parse_duration("36h") == seconds(36 * 3600));
}

TEST_CASE("time: parse_duration accepts ISO 8601", "[time]") {
    CHECK(parse_duration("P30D") == seconds(30 * 86400));
    CHECK(parse_duration("PT12H") == seconds(43200));
    CHECK(parse_duration("P1DT12H") == seconds(36 * 3600));
    CHECK(parse_duration("PT1H30M") == seconds(5400));
    CHECK(parse_duration("P2W") == seconds(14 * 86400));
    CHECK(parse_duration("PT90S") == seconds(90));
    CHECK(parse_duration("PT1M") == seconds(60));
    CHECK(parse_duration("P0D") == seconds(0));
    CHECK(parse_duration("PT0S") == seconds(0));
    CHECK(parse_duration("P1W2D") == seconds(9 * 86400));
    CHECK(parse_duration("P1DT1H1M1S") == seconds(86400 + 3600 + 60 + 1));
    CHECK(parse_duration("P1DT1S") == seconds(86401));
    CHECK(parse_duration("PT36H") == seconds(36 * 3600));
}

TEST_CASE("time: parse_duration accepts up to exactly 100 years", "[time]") {
    CHECK(parse_duration("36525d") == seconds(hundred_years_s));
    CHECK(parse_duration("3155760000s") == seconds(hundred_years_s));
    CHECK(parse_duration("5217w6d") == seconds(hundred_years_s));
    CHECK(parse_duration("P36525D") == seconds(hundred_years_s));
    CHECK(parse_duration("PT876600H") == seconds(hundred_years_s));
    CHECK(parse_duration("36524d23h59m60s") == seconds(hundred_years_s));
}

TEST_CASE("time: parse_duration rejects malformed input", "[time]") {
    const std::vector<std::string> inputs = {
        "",
        " ",
        "\t",
        " 5m",
        "5m ",
        "5 m",
        "5m\n",
        "-5m",
        "+5m",
        "5",
        "m",
        "s",
        "12x",
        "12",
        "5M",
        "5H",
        "5S",
        "5D",
        "5W",
        "1.5h",
        "1,5h",
        "1e3s",
        "0x10s",
        "5mm",
        "5m5",
        "5d12h3",
        "h5",
        "5min",
        "5sec",
        "1mo",
        "1h 30m",
        "1h,30m",
        "p30d",
        "pt12h",
        "P",
        "PT",
        "P1H",
        "P1S",
        "P1DT",
        "PT1D",
        "PT1W",
        "P30",
        "PT12",
        "P30DT",
        "PT1.5S",
        "P-1D",
        "P+1D",
        "P 1D",
        "P1d",
        "Pt1H",
        "PT1h",
        "P1DT1HT",
        "PTT1H",
        "PT1HT1M",
        "P1DX",
        "XP1D",
        "P1D ",
        " P1D",
        "P1DT12H5",
        "1d P1D",
        "P1D1D",
        "PT1HP1D",
        "\xff",
        "5\xb5s",
        std::string("5s\0x", 4),
        std::string("\0", 1),
        "T1H",
        "D",
        "∞s",
        "١s",
    };
    for (const auto& input : inputs) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_duration(input), UsageError);
    }
    for (const auto& input : {"12x", "5", "-5m", "+5m", " 5m", "P", "PT", "P30", "p30d", "1.5h"}) {
        const std::string message = duration_error(input);
        check_message(message, "invalid duration ", input);
        CHECK(contains(message, "expected a number followed by s, m, h, d or w"));
        CHECK(contains(message, "P30D"));
    }
    CHECK(duration_error("12x") ==
          "invalid duration \"12x\": expected a number followed by s, m, h, d or w (e.g. 90s, 15m, "
          "12h, 30d, 2w, 1d12h) or ISO 8601 (P30D, PT12H)");
    CHECK(duration_error("") ==
          "invalid duration \"\": expected a number followed by s, m, h, d or w (e.g. 90s, 15m, "
          "12h, 30d, 2w, 1d12h) or ISO 8601 (P30D, PT12H)");
}

TEST_CASE("time: parse_duration rejects units out of order or repeated", "[time]") {
    for (const auto& input : {"12h1d", "1h1h", "1m1h", "1s1m", "1d1w", "1s1s", "2w3d4h6s5m"}) {
        const std::string message = duration_error(input);
        check_message(message, "invalid duration ", input);
        CHECK(contains(message, "descending order"));
    }
    for (const auto& input : {"P1D1W", "PT1M1H", "PT1H1H", "P1D1D", "PT1S1M"}) {
        const std::string message = duration_error(input);
        check_message(message, "invalid duration ", input);
        CHECK(contains(message, "order"));
    }
}

TEST_CASE("time: parse_duration rejects months and years as ambiguous", "[time]") {
    for (const auto& input : {"P1M", "P1Y", "P1Y2M", "P1M2D", "PT1Y", "P1YT1H", "1y", "1Y"}) {
        const std::string message = duration_error(input);
        check_message(message, "invalid duration ", input);
        CHECK(contains(message, "months and years are ambiguous"));
        CHECK(contains(message, "use days"));
    }
}

TEST_CASE("time: parse_duration explains misplaced ISO 8601 designators", "[time]") {
    for (const auto& input : {"P1H", "P1S", "P1DT1H1S1H"}) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_duration(input), UsageError);
    }
    CHECK(contains(duration_error("P1H"), "must follow T"));
    CHECK(contains(duration_error("P1S"), "must follow T"));
    CHECK(contains(duration_error("PT1D"), "must come before T"));
    CHECK(contains(duration_error("PT1W"), "must come before T"));
}

TEST_CASE("time: parse_duration rejects overflow without undefined behaviour", "[time]") {
    const std::vector<std::string> inputs = {
        "99999999999999999999999s",
        "99999999999999999999999999999999999999999999999999999999999999999999999999999999w",
        "9223372036854775807s",
        "9223372036854775808s",
        "18446744073709551616s",
        "3155760001s",
        "36526d",
        "36525d1s",
        "5218w",
        "876601h",
        "52596001m",
        "5217w6d1s",
        "30000d200000h",
        "P36526D",
        "P36525DT1S",
        "PT3155760001S",
        "P99999999999999999999W",
        "PT9223372036854775807H",
        "1000000000w",
    };
    for (const auto& input : inputs) {
        const std::string message = duration_error(input);
        check_message(message, "invalid duration ", input);
        CHECK(contains(message, "100 years"));
    }
}

TEST_CASE("time: error messages stay on one line and quote the input safely", "[time]") {
    CHECK(duration_error("5m\n") ==
          "invalid duration \"5m\\n\": expected a number followed by s, m, h, d or w (e.g. 90s, "
          "15m, 12h, 30d, 2w, 1d12h) or ISO 8601 (P30D, PT12H)");
    CHECK(contains(duration_error("a\"b"), "\"a\\\"b\""));
    CHECK(contains(duration_error("a\\b"), "\"a\\\\b\""));
    CHECK(contains(time_error("2026-11-01\r"), "\"2026-11-01\\r\""));
    const std::string long_input(200, '9');
    const std::string message = duration_error(long_input);
    CHECK(contains(message, "\"" + std::string(64, '9') + "...\""));
    CHECK(message.size() < 200);
    CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("time: parse_time accepts RFC 3339 with a zone", "[time]") {
    CHECK(time_us("2026-11-01T00:00:00Z") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T12:00:00Z") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01t00:00:00z") == nov_1_2026_us);
    CHECK(time_us("2026-11-01 00:00:00Z") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T23:59:59Z") == nov_1_2026_us + 86399 * second_us);
    CHECK(time_us("1970-01-01T00:00:00Z") == 0);
    CHECK(time_us("1970-01-01T00:00:01Z") == second_us);
    CHECK(time_us("1999-12-31T23:59:59Z") == 946684799 * second_us);
    CHECK(time_us("2038-01-19T03:14:08Z") == 2147483648LL * second_us);
    CHECK(time_us("9999-12-31T23:59:59.999999Z") == max_us);
}

TEST_CASE("time: parse_time applies zone offsets", "[time]") {
    CHECK(time_us("2026-11-01T02:00:00+02:00") == nov_1_2026_us);
    CHECK(time_us("2026-10-31T22:00:00-02:00") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T00:00:00+00:00") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T00:00:00-00:00") == nov_1_2026_us);
    CHECK(time_us("2026-03-15T08:30:15-05:30") == 1773583215000000);
    CHECK(time_us("2026-11-01T23:59:00+23:59") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T00:00:00-23:59") == 1793577540000000);
    CHECK(time_us("2026-11-01T05:45:00+05:45") == nov_1_2026_us);
    CHECK(time_us("1970-01-01T01:00:00+01:00") == 0);
    CHECK(time_us("9999-12-31T23:59:59.999999+00:00") == max_us);
    CHECK(time_us("2027-01-01T00:59:59+01:00") == time_us("2026-12-31T23:59:59Z"));
}

TEST_CASE("time: parse_time without a zone means UTC", "[time]") {
    CHECK(time_us("2026-11-01T12:00:00") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01 12:00:00") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01t12:00:00") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01T12:00:00.25") == nov_1_2026_us + 43200 * second_us + 250000);
}

TEST_CASE("time: parse_time accepts a time without seconds, as people type it", "[time]") {
    CHECK(time_us("2026-11-01T12:00") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01 12:30") == nov_1_2026_us + 45000 * second_us);
    CHECK(time_us("2026-11-01T12:00Z") == nov_1_2026_us + 43200 * second_us);
    CHECK(time_us("2026-11-01T13:00+01:00") == nov_1_2026_us + 43200 * second_us);
}

TEST_CASE("time: parse_time accepts fractions up to 9 digits", "[time]") {
    CHECK(time_us("2026-11-01T00:00:00.1Z") == nov_1_2026_us + 100000);
    CHECK(time_us("2026-11-01T00:00:00.12Z") == nov_1_2026_us + 120000);
    CHECK(time_us("2026-11-01T00:00:00.000123Z") == nov_1_2026_us + 123);
    CHECK(time_us("2026-11-01T00:00:00.123456Z") == nov_1_2026_us + 123456);
    CHECK(time_us("2026-11-01T00:00:00.000000Z") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T00:00:00.1234567Z") == nov_1_2026_us + 123456);
    CHECK(time_us("2026-11-01T00:00:00.12345678Z") == nov_1_2026_us + 123456);
    CHECK(time_us("2026-11-01T00:00:00.123456789Z") == nov_1_2026_us + 123456);
    CHECK(time_us("2026-11-01T00:00:00.999999999Z") == nov_1_2026_us + 999999);
    CHECK(time_us("2026-11-01T00:00:00.000000999Z") == nov_1_2026_us);
    CHECK(time_us("2026-11-01T02:00:00.5+02:00") == nov_1_2026_us + 500000);
    CHECK(time_us("2026-11-01T00:00:00.5") == nov_1_2026_us + 500000);
}

TEST_CASE("time: parse_time accepts a date as UTC midnight", "[time]") {
    CHECK(time_us("2026-11-01") == nov_1_2026_us);
    CHECK(time_us("1970-01-01") == 0);
    CHECK(time_us("1970-01-02") == day_us);
    CHECK(time_us("2000-02-29") == 951782400000000);
    CHECK(time_us("2100-03-01") == 4107542400000000);
    CHECK(time_us("1972-02-29") == 68169600000000);
    CHECK(time_us("9999-12-31") == 253402214400000000);
    CHECK(time_us("2026-12-31") == time_us("2027-01-01") - day_us);
}

TEST_CASE("time: parse_time validates leap years", "[time]") {
    CHECK(time_us("2024-02-29") == time_us("2024-03-01") - day_us);
    CHECK(time_us("2000-02-29") == time_us("2000-03-01") - day_us);
    CHECK(time_us("2400-02-29") == time_us("2400-03-01") - day_us);
    CHECK(time_us("2024-02-29T23:59:59.999999Z") == 1709251199999999);
    for (const auto& input :
         {"2026-02-29", "2100-02-29", "1900-02-29", "2200-02-29", "2023-02-29"}) {
        INFO("input: " << input);
        const std::string message = time_error(input);
        check_message(message, "invalid time ", input);
    }
    CHECK(contains(time_error("2026-02-29"), "day 29 is out of range 01-28"));
    CHECK(contains(time_error("2024-02-30"), "day 30 is out of range 01-29"));
    CHECK(contains(time_error("2100-02-29"), "day 29 is out of range 01-28"));
}

TEST_CASE("time: parse_time validates every month length", "[time]") {
    const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) {
        const std::string prefix = "2026-" + pad(month, 2) + "-";
        INFO("month: " << month);
        CHECK_NOTHROW(parse_time(prefix + pad(lengths[month - 1], 2), fixed_now));
        CHECK_THROWS_AS(parse_time(prefix + pad(lengths[month - 1] + 1, 2), fixed_now), UsageError);
        CHECK_THROWS_AS(parse_time(prefix + "00", fixed_now), UsageError);
    }
}

TEST_CASE("time: parse_time rejects malformed input", "[time]") {
    const std::vector<std::string> inputs = {
        "",
        " ",
        "\t",
        "now",
        "yesterday",
        "today",
        "2026",
        "20261101",
        "2026-1-1",
        "2026-11-1",
        "2026-1-01",
        "26-11-01",
        "02026-11-01",
        "2026/11/01",
        "2026.11.01",
        "2026-11-01T",
        "2026-11-01 ",
        " 2026-11-01",
        "2026-11-01x",
        "2026-11-01Z",
        "2026-11-01T12",
        "2026-11-01T12Z",
        "2026-11-01T1:00:00Z",
        "2026-11-01T12:00.5Z",
        "2026-11-01T12:0:00Z",
        "2026-11-01T12:00:0Z",
        "2026-11-01T12:00:00.Z",
        "2026-11-01T12:00:00.",
        "2026-11-01T12:00:00,5Z",
        "2026-11-01T12:00:00.1234567890Z",
        "2026-11-01T12:00:00.123456789012Z",
        "2026-11-01T12:00:00+0200",
        "2026-11-01T12:00:00+02",
        "2026-11-01T12:00:00+2:00",
        "2026-11-01T12:00:00+02:0",
        "2026-11-01T12:00:00+02:00:00",
        "2026-11-01T12:00:00ZZ",
        "2026-11-01T12:00:00Z ",
        "2026-11-01T12:00:00 Z",
        "2026-11-01T12:00:00UTC",
        "2026-11-01T12:00:00GMT",
        "2026-11-01T12:00:00Z+02:00",
        "2026-11-01T12:00:00+02:00Z",
        "2026-11-01  12:00:00",
        "2026-11-01_12:00:00",
        "2026-11-01TT12:00:00",
        "2026-11-01\t12:00:00",
        "2026-11-01T12-00-00Z",
        "2026-11-01T-1:00:00Z",
        "2026-11-01T+1:00:00Z",
        "2026--11-01",
        "-2026-11-01",
        "+2026-11-01",
        "2026-11-01T12:00:00\n",
        std::string("2026-11-01\0", 11),
        std::string("2026-11-01T00:00:00Z\0", 21),
        "-5m",
        "+5m",
        "12h1d",
        "12x",
        "P",
        "p30d",
    };
    for (const auto& input : inputs) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_time(input, fixed_now), UsageError);
    }
    for (const auto& input : {"now", "2026", "20261101", "26-11-01", "12x", "-5m", "P"}) {
        const std::string message = time_error(input);
        check_message(message, "invalid time ", input);
        CHECK(contains(message, "RFC 3339"));
        CHECK(contains(message, "duration"));
    }
    for (const auto& input :
         {"2026-1-1", "2026-11-01T", "2026-11-01T12", "2026-11-01T12:00:00+0200",
          "2026-11-01T12:00:00UTC", "2026-11-01T12:00:00.Z"}) {
        const std::string message = time_error(input);
        check_message(message, "invalid time ", input);
        CHECK(contains(message, "expected YYYY-MM-DD"));
    }
}

TEST_CASE("time: parse_time rejects out-of-range fields", "[time]") {
    struct Case {
        const char* input;
        const char* mentions;
    };
    const Case cases[] = {
        {"2026-13-01", "month 13 is out of range 01-12"},
        {"2026-00-01", "month 00 is out of range 01-12"},
        {"2026-99-01", "month 99"},
        {"2026-11-00", "day 00 is out of range 01-30"},
        {"2026-11-31", "day 31 is out of range 01-30"},
        {"2026-12-32", "day 32 is out of range 01-31"},
        {"2026-02-30", "day 30"},
        {"2026-04-31", "day 31"},
        {"2026-11-01T24:00:00Z", "hour 24 is out of range 00-23"},
        {"2026-11-01T25:00:00Z", "hour 25"},
        {"2026-11-01T99:00:00Z", "hour 99"},
        {"2026-11-01T12:60:00Z", "minute 60 is out of range 00-59"},
        {"2026-11-01T12:00:60Z", "leap seconds are not supported"},
        {"2026-11-01T23:59:60Z", "second 60"},
        {"2026-11-01T12:00:99Z", "second 99"},
        {"2026-11-01T12:00:00+24:00", "zone offset +24:00"},
        {"2026-11-01T12:00:00-24:00", "zone offset -24:00"},
        {"2026-11-01T12:00:00+02:60", "zone offset +02:60"},
        {"2026-11-01T12:00:00+99:99", "out of range"},
        {"2026-11-01T12:00:00.1234567890Z", "more than 9 digits"},
        {"1969-12-31", "year 1969 is before 1970"},
        {"1969-12-31T23:59:59Z", "year 1969"},
        {"0000-01-01", "year 0 is before 1970"},
        {"1900-01-01", "year 1900"},
        {"1970-01-01T00:00:00+00:01", "before 1970-01-01T00:00:00Z"},
        {"1970-01-01T00:30:00+01:00", "before 1970-01-01T00:00:00Z"},
        {"9999-12-31T23:59:59-00:01", "after 9999-12-31T23:59:59.999999Z"},
        {"9999-12-31T23:00:00-23:59", "after 9999"},
    };
    for (const auto& c : cases) {
        const std::string message = time_error(c.input);
        check_message(message, "invalid time ", c.input);
        INFO("message: " << message);
        CHECK(contains(message, c.mentions));
    }
}

TEST_CASE("time: parse_time treats a duration as that long before now", "[time]") {
    const std::int64_t now_us = to_epoch_micros(fixed_now);
    CHECK(time_us("0s") == now_us);
    CHECK(time_us("PT0S") == now_us);
    CHECK(time_us("90s") == now_us - 90 * second_us);
    CHECK(time_us("15m") == now_us - 900 * second_us);
    CHECK(time_us("12h") == now_us - 43200 * second_us);
    CHECK(time_us("30d") == now_us - 30 * day_us);
    CHECK(time_us("2w") == now_us - 14 * day_us);
    CHECK(time_us("1d12h") == now_us - 36 * 3600 * second_us);
    CHECK(time_us("P30D") == now_us - 30 * day_us);
    CHECK(time_us("PT12H") == now_us - 43200 * second_us);
    CHECK(time_us("P1DT12H") == now_us - 36 * 3600 * second_us);
    CHECK(format_rfc3339(parse_time("12h", fixed_now)) == "2026-11-01T00:00:00.500000Z");
    CHECK(format_rfc3339(parse_time("P1D", fixed_now)) == "2026-10-31T12:00:00.500000Z");
}

TEST_CASE("time: parse_time passes on duration-specific errors", "[time]") {
    CHECK(contains(time_error("12h1d"), "descending order"));
    CHECK(contains(time_error("P1M"), "months and years are ambiguous"));
    CHECK(contains(time_error("1y"), "months and years are ambiguous"));
    CHECK(contains(time_error("P1H"), "must follow T"));
    CHECK(contains(time_error("99999999999999999999999s"), "100 years"));
    check_message(time_error("12h1d"), "invalid time ", "12h1d");
}

TEST_CASE("time: parse_time rejects durations reaching outside the supported range", "[time]") {
    const auto epoch = from_epoch_micros(0);
    CHECK(to_epoch_micros(parse_time("0s", epoch)) == 0);
    CHECK(contains(time_error("1s", epoch), "before 1970-01-01T00:00:00Z"));
    CHECK(contains(time_error("36525d", fixed_now), "before 1970-01-01T00:00:00Z"));
    const auto lowest = from_epoch_micros(std::numeric_limits<std::int64_t>::min());
    CHECK(contains(time_error("1s", lowest), "before 1970"));
    CHECK(contains(time_error("36525d", lowest), "before 1970"));
    CHECK(contains(time_error("0s", lowest), "before 1970"));
    const auto highest = from_epoch_micros(std::numeric_limits<std::int64_t>::max());
    CHECK(contains(time_error("0s", highest), "after 9999"));
    CHECK(contains(time_error("36525d", highest), "after 9999"));
    CHECK(to_epoch_micros(parse_time("1s", from_epoch_micros(max_us + second_us))) == max_us);
    CHECK(to_epoch_micros(parse_time("1s", from_epoch_micros(second_us))) == 0);
}

TEST_CASE("time: format_rfc3339 formats UTC with an optional microsecond fraction", "[time]") {
    CHECK(format_rfc3339(from_epoch_micros(0)) == "1970-01-01T00:00:00Z");
    CHECK(format_rfc3339(from_epoch_micros(123)) == "1970-01-01T00:00:00.000123Z");
    CHECK(format_rfc3339(from_epoch_micros(nov_1_2026_us)) == "2026-11-01T00:00:00Z");
    CHECK(format_rfc3339(from_epoch_micros(nov_1_2026_us + 123)) == "2026-11-01T00:00:00.000123Z");
    CHECK(format_rfc3339(from_epoch_micros(nov_1_2026_us + 500000)) ==
          "2026-11-01T00:00:00.500000Z");
    CHECK(format_rfc3339(from_epoch_micros(nov_1_2026_us + 45296 * second_us)) ==
          "2026-11-01T12:34:56Z");
    CHECK(format_rfc3339(from_epoch_micros(1709251199999999)) == "2024-02-29T23:59:59.999999Z");
    CHECK(format_rfc3339(from_epoch_micros(951782400000000)) == "2000-02-29T00:00:00Z");
    CHECK(format_rfc3339(from_epoch_micros(max_us)) == "9999-12-31T23:59:59.999999Z");
    CHECK(format_rfc3339(from_epoch_micros(946684799 * second_us)) == "1999-12-31T23:59:59Z");
}

TEST_CASE("time: format_rfc3339 handles times outside the parseable range", "[time]") {
    CHECK(format_rfc3339(from_epoch_micros(-1)) == "1969-12-31T23:59:59.999999Z");
    CHECK(format_rfc3339(from_epoch_micros(-day_us)) == "1969-12-31T00:00:00Z");
    CHECK(format_rfc3339(from_epoch_micros(max_us + 1)) == "10000-01-01T00:00:00Z");
    const std::string lowest =
        format_rfc3339(from_epoch_micros(std::numeric_limits<std::int64_t>::min()));
    const std::string highest =
        format_rfc3339(from_epoch_micros(std::numeric_limits<std::int64_t>::max()));
    CHECK(lowest == "-290308-12-21T19:59:05.224192Z");
    CHECK(highest == "294247-01-10T04:00:54.775807Z");
}

TEST_CASE("time: format_rfc3339 and parse_time round-trip", "[time]") {
    for (const auto& text :
         {"1970-01-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000123Z",
          "2024-02-29T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z", "2000-01-01T00:00:00.1Z"}) {
        INFO("text: " << text);
        CHECK(format_rfc3339(parse_time(text, fixed_now)) ==
              format_rfc3339(from_epoch_micros(time_us(text))));
        CHECK(time_us(format_rfc3339(parse_time(text, fixed_now))) == time_us(text));
    }
    CHECK(format_rfc3339(parse_time("2026-11-01T02:00:00+02:00", fixed_now)) ==
          "2026-11-01T00:00:00Z");
    CHECK(format_rfc3339(parse_time("2026-11-01 12:00:00.1", fixed_now)) ==
          "2026-11-01T12:00:00.100000Z");
    CHECK(format_rfc3339(parse_time("2026-11-01t00:00:00.123456789z", fixed_now)) ==
          "2026-11-01T00:00:00.123456Z");
    // A pseudo-random walk over the whole supported range, microseconds included.
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    int mismatches = 0;
    std::string first_mismatch;
    for (int i = 0; i < 50000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto micros = static_cast<std::int64_t>((state >> 1) % (max_us + 1));
        const std::string text = format_rfc3339(from_epoch_micros(micros));
        if (to_epoch_micros(parse_time(text, fixed_now)) != micros) {
            ++mismatches;
            first_mismatch = text;
        }
    }
    INFO("last mismatch: " << first_mismatch);
    CHECK(mismatches == 0);
}

// Walks the calendar day by day up to 9999, checking every day up to 2100 and the first and last
// day of every month after that (the full check of all 2.9 million days is too slow for a unit
// test).
TEST_CASE("time: days from 1970 to 9999 match a naive calendar", "[time]") {
    std::int64_t year = 1970;
    int month = 1;
    int day = 1;
    const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int mismatches = 0;
    std::string last_mismatch;
    int checked = 0;
    for (std::int64_t days = 0; year <= 9999; ++days) {
        const int length = month == 2 && is_leap(year) ? 29 : lengths[month - 1];
        if (year >= 2100 && day != 1 && day != length) {
            ++day;
            continue;
        }
        ++checked;
        const std::string date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
        const std::string expected = date + "T00:00:00Z";
        const std::int64_t micros = days * day_us;
        if (format_rfc3339(from_epoch_micros(micros)) != expected ||
            to_epoch_micros(parse_time(date, fixed_now)) != micros) {
            ++mismatches;
            last_mismatch = date;
        }
        if (++day > length) {
            day = 1;
            if (++month > 12) {
                month = 1;
                ++year;
            }
        }
    }
    INFO("last mismatch: " << last_mismatch);
    CHECK(mismatches == 0);
    CHECK(checked == 47482 + (10000 - 2100) * 24);
}

TEST_CASE("time: format_duration is compact and descending", "[time]") {
    CHECK(format_duration(seconds(28 * 86400)) == "4w");
    CHECK(format_duration(seconds(0)) == "0s");
    CHECK(format_duration(seconds(1)) == "1s");
    CHECK(format_duration(seconds(59)) == "59s");
    CHECK(format_duration(seconds(60)) == "1m");
    CHECK(format_duration(seconds(90)) == "1m30s");
    CHECK(format_duration(seconds(3600)) == "1h");
    CHECK(format_duration(seconds(3601)) == "1h1s");
    CHECK(format_duration(seconds(5400)) == "1h30m");
    CHECK(format_duration(seconds(86400)) == "1d");
    CHECK(format_duration(seconds(36 * 3600)) == "1d12h");
    CHECK(format_duration(seconds(7 * 86400)) == "1w");
    CHECK(format_duration(seconds(14 * 86400)) == "2w");
    CHECK(format_duration(seconds(15 * 86400)) == "15d");
    CHECK(format_duration(seconds(30 * 86400)) == "30d");
    CHECK(format_duration(seconds(17 * 86400 + 4 * 3600 + 5 * 60 + 6)) == "17d4h5m6s");
    CHECK(format_duration(seconds(hundred_years_s)) == "36525d");
    CHECK(format_duration(seconds(-90)) == "-1m30s");
    CHECK(format_duration(seconds(std::numeric_limits<std::int64_t>::max())) ==
          "106751991167300d15h30m7s");
    CHECK(format_duration(seconds(std::numeric_limits<std::int64_t>::min())) ==
          "-106751991167300d15h30m8s");
}

TEST_CASE("time: format_duration round-trips through parse_duration", "[time]") {
    const std::int64_t values[] = {
        0,      1,      59,     60,     61,      3599,    3600,    86399,          86400,
        604799, 604800, 604801, 129600, 2592000, 1209600, 1234567, hundred_years_s};
    for (const auto value : values) {
        INFO("seconds: " << value);
        CHECK(parse_duration(format_duration(seconds(value))) == seconds(value));
        CHECK(parse_duration("PT" + std::to_string(value) + "S") == seconds(value));
    }
    for (std::int64_t value = 0; value < 3 * 86400; value += 97) {
        REQUIRE(parse_duration(format_duration(seconds(value))) == seconds(value));
    }
}

TEST_CASE("time: epoch microsecond conversions", "[time]") {
    const std::int64_t values[] = {0,
                                   1,
                                   -1,
                                   123,
                                   nov_1_2026_us,
                                   max_us,
                                   std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max()};
    for (const auto value : values) {
        INFO("micros: " << value);
        CHECK(to_epoch_micros(from_epoch_micros(value)) == value);
        CHECK(from_epoch_micros(value).time_since_epoch().count() == value);
    }
    CHECK(from_epoch_micros(0) == eventctl::TimePoint{});
    CHECK(to_epoch_micros(parse_time("2026-11-01T00:00:00Z", fixed_now)) == nov_1_2026_us);
    CHECK(from_epoch_micros(nov_1_2026_us) == parse_time("2026-11-01", fixed_now));
    const auto sys_now =
        std::chrono::time_point_cast<eventctl::Microseconds>(eventctl::Clock::now());
    CHECK(from_epoch_micros(to_epoch_micros(sys_now)) == sys_now);
}
