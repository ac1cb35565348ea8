#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace eventctl {

using Clock = std::chrono::system_clock;
using Microseconds = std::chrono::microseconds;
using TimePoint = std::chrono::time_point<Clock, Microseconds>;

// Parses a duration such as "90s", "1d12h", "2w3d4h5m6s", "P30D" or "PT1H30M" (at most 100 years),
// throwing UsageError for anything else, milliseconds that are not whole seconds included.
std::chrono::seconds parse_duration(std::string_view text);

// Parses a duration as parse_duration does, and also milliseconds: "500ms", "1s500ms"; for the
// options where a duration can be short (--sleep, the timeouts, --active-window).
std::chrono::milliseconds parse_duration_ms(std::string_view text);

// Parses an RFC 3339 time (zone optional, UTC if absent), a date meaning UTC midnight, or a
// duration meaning that long before `now`, throwing UsageError for anything else.
TimePoint parse_time(std::string_view text, TimePoint now);

// Formats a time as RFC 3339 UTC, with a 6-digit fraction only when the microseconds are non-zero.
std::string format_rfc3339(TimePoint time);

// Formats a duration compactly in descending units, e.g. "0s", "1m30s", "1d12h", "30d", "2w".
std::string format_duration(std::chrono::seconds duration);

// Formats milliseconds as format_duration does, with an "ms" part when they are not whole
// seconds: "500ms", "1m30s250ms".
std::string format_duration_ms(std::chrono::milliseconds duration);

// Converts microseconds since the Unix epoch (as PostgreSQL reports them) to a TimePoint.
TimePoint from_epoch_micros(std::int64_t micros);

// Converts a TimePoint to microseconds since the Unix epoch (as PostgreSQL expects them).
std::int64_t to_epoch_micros(TimePoint time);

} // namespace eventctl
