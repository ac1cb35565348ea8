#pragma once

// The ranges of eventctl's numeric options, declared once. libcore's plan_* and validate_*
// functions check them before anything connects (the app never checks them again), and
// eventctl(1) lists them under NUMBERS AND RANGES.

#include <chrono>
#include <cstdint>
#include <string_view>

namespace eventctl {

// An inclusive range of whole numbers; zero_means names what 0 stands for, when it is special.
struct NumberRange {
    std::int64_t min = 0;
    std::int64_t max = 0;
    const char* zero_means = nullptr;
};

// An inclusive range of durations, in milliseconds.
struct DurationRange {
    std::chrono::milliseconds min{0};
    std::chrono::milliseconds max{0};
    const char* zero_means = nullptr;
};

namespace ranges {

// A million million: beyond any table, and far enough from the int64 limit that arithmetic on
// a count (a limit plus the row that tells whether more follow) cannot overflow.
inline constexpr std::int64_t huge = 1'000'000'000'000;

// --limit of outbox list, errors and blocked, log replay, retry, mark-dead and unlock-stale.
inline constexpr NumberRange limit{0, huge, "no limit"};
// --max-rows of purge.
inline constexpr NumberRange max_rows{0, huge, "no cap"};
// --batch-size of retry, mark-dead and unlock-stale: ids bound to one statement.
inline constexpr NumberRange change_batch_size{1, 100'000};
// --batch-size of purge: rows per transaction.
inline constexpr NumberRange purge_batch_size{1, 10'000'000};
// --rate of retry, in entries per second (N/m is N/60 per second).
inline constexpr double min_rate = 1.0 / 60;
inline constexpr double max_rate = 1'000'000;

inline constexpr std::chrono::milliseconds hundred_years{36525LL * 86400 * 1000};
// --sleep of purge.
inline constexpr DurationRange sleep{std::chrono::milliseconds(0), std::chrono::hours(1),
                                     "no pause"};
// --max-duration of purge.
inline constexpr DurationRange max_duration{std::chrono::milliseconds(1), hundred_years};
// --statement-timeout and --lock-timeout: PostgreSQL's own range for them.
inline constexpr DurationRange timeout{std::chrono::milliseconds(0),
                                       std::chrono::milliseconds(2'147'483'647), "no timeout"};
// Below this, purge --older-than and unlock-stale --older-than take --force: they would touch
// rows a worker may have finished, or claimed, a moment ago.
inline constexpr std::chrono::seconds force_below{60};

} // namespace ranges

// Throws UsageError unless value lies in range: "--limit must be 0 (no limit) to
// 1000000000000, not -1".
void require_in_range(std::string_view option, std::int64_t value, const NumberRange& range);

// The same for a duration.
void require_in_range(std::string_view option, std::chrono::milliseconds value,
                      const DurationRange& range);

} // namespace eventctl
