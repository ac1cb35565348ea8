// Durations in milliseconds, for the options where a duration can be short (--sleep, the
// timeouts, --active-window, --max-duration), and the one-place ranges of numeric options.
#include "eventctl/error.h"
#include "eventctl/option_ranges.h"
#include "eventctl/time.h"

#include <catch2/catch.hpp>

using namespace eventctl;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

std::string usage_message(const std::function<void()>& run) {
    try {
        run();
    } catch (const UsageError& error) {
        return error.what();
    }
    FAIL("no UsageError");
    return {};
}

} // namespace

TEST_CASE("duration ms: milliseconds alone and after the other units") {
    CHECK(parse_duration_ms("500ms") == milliseconds(500));
    CHECK(parse_duration_ms("0ms") == milliseconds(0));
    CHECK(parse_duration_ms("1s500ms") == milliseconds(1500));
    CHECK(parse_duration_ms("1m30s250ms") == milliseconds(90250));
    CHECK(parse_duration_ms("2s") == milliseconds(2000));
    CHECK(parse_duration_ms("1m") == milliseconds(60000)); // m alone is still minutes
    CHECK(parse_duration_ms("PT1M") == milliseconds(60000));
    CHECK(parse_duration_ms("3155760000000ms") == milliseconds(3155760000000)); // 100 years
}

TEST_CASE("duration ms: malformed and out of order milliseconds are refused") {
    for (const char* text : {"ms", "5msx", "5ms5", "500ms1s", "1ms1ms", "5 ms", "1.5s", "5mss",
                             "3155760000001ms", "-5ms"}) {
        INFO(text);
        CHECK_THROWS_AS(parse_duration_ms(text), UsageError);
    }
    CHECK(usage_message([] { parse_duration_ms("500ms1s"); }).find("descending order") !=
          std::string::npos);
}

TEST_CASE("duration ms: whole-second options take milliseconds only as whole seconds") {
    CHECK(parse_duration("2000ms") == seconds(2));
    CHECK(parse_duration("1m30s1000ms") == seconds(91));
    auto message = usage_message([] { parse_duration("500ms"); });
    CHECK(message.find("invalid duration \"500ms\"") == 0);
    CHECK(message.find("whole seconds") != std::string::npos);
    CHECK(message.find("--sleep") != std::string::npos);
}

TEST_CASE("duration ms: milliseconds print back as they parse") {
    CHECK(format_duration_ms(milliseconds(500)) == "500ms");
    CHECK(format_duration_ms(milliseconds(1500)) == "1s500ms");
    CHECK(format_duration_ms(milliseconds(90250)) == "1m30s250ms");
    CHECK(format_duration_ms(milliseconds(30000)) == "30s");
    CHECK(format_duration_ms(milliseconds(0)) == "0s");
    CHECK(format_duration_ms(milliseconds(2147483647)) == "24d20h31m23s647ms");
    for (std::int64_t value : {1LL, 999LL, 1001LL, 86400001LL, 3155760000000LL}) {
        INFO(value);
        CHECK(parse_duration_ms(format_duration_ms(milliseconds(value))) == milliseconds(value));
    }
}

TEST_CASE("ranges: a number out of its range names the option, the range and the value") {
    CHECK_NOTHROW(require_in_range("--limit", 0, ranges::limit));
    CHECK_NOTHROW(require_in_range("--limit", ranges::huge, ranges::limit));
    CHECK(usage_message([] { require_in_range("--limit", -1, ranges::limit); }) ==
          "--limit must be 0 (no limit) to 1000000000000, not -1");
    CHECK(usage_message([] {
              require_in_range("--limit", std::numeric_limits<std::int64_t>::max(), ranges::limit);
          }) == "--limit must be 0 (no limit) to 1000000000000, not 9223372036854775807");
    CHECK(usage_message([] { require_in_range("--batch-size", 0, ranges::change_batch_size); }) ==
          "--batch-size must be 1 to 100000, not 0");
    CHECK(usage_message([] {
              require_in_range("--statement-timeout", milliseconds(30LL * 86400 * 1000),
                               ranges::timeout);
          }) == "--statement-timeout must be 0s (no timeout) to 24d20h31m23s647ms, not 30d");
    CHECK(usage_message([] {
              require_in_range("--sleep", milliseconds(7200000), ranges::sleep);
          }) == "--sleep must be 0s (no pause) to 1h, not 2h");
}
