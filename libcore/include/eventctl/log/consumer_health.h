#pragma once

// How a consumer is doing, in the manner of Burrow's evaluator: from its position, its lag, when
// it last moved and, given two readings, whether it keeps up (eventctl-log(1), CONSUMER HEALTH).

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace eventctl {

enum class ConsumerStatus {
    ok,               // has lag, moving, keeping up
    lagging,          // has lag, moving, falling behind
    stalled,          // has lag and has not moved for --stalled-after
    idle,             // no lag: nothing is waiting for it
    behind_the_floor, // its next event was purged: below the log's low watermark
    ahead_of_head,    // past the last event of the log (a log restored from an older backup)
};

// Every status, in the order the manual lists them.
constexpr std::array<ConsumerStatus, 6> all_consumer_statuses = {
    ConsumerStatus::ok,   ConsumerStatus::lagging,          ConsumerStatus::stalled,
    ConsumerStatus::idle, ConsumerStatus::behind_the_floor, ConsumerStatus::ahead_of_head};

// The spelling in output: "ok", "behind-the-floor", ...
std::string_view to_string(ConsumerStatus status);

// What the rules look at for one consumer.
struct HealthFacts {
    std::int64_t position = 0;
    std::int64_t lag = 0;                      // events behind the stable head
    std::int64_t latest = 0;                   // the highest seq_no in the log (0: empty)
    std::optional<std::int64_t> low_watermark; // the lowest seq_no the log holds (low_watermark.h)
    std::int64_t first_possible_seq = 1;       // the log's sequence's start
    // Since the consumer last updated its position; none where the layout maps no update time.
    std::optional<std::chrono::seconds> since_moved;
    std::optional<std::int64_t> lag_seconds; // age of its oldest unacknowledged event
    std::optional<std::int64_t> lag_before;  // its lag at the earlier of two readings
};

// The status the rules give, first match wins: ahead-of-head, behind-the-floor, idle (no lag),
// stalled (not moved for stalled_after; never without an update time), lagging (lag grew between
// two readings; from one reading, its oldest unacknowledged event is older than stalled_after),
// else ok.
ConsumerStatus evaluate_consumer(const HealthFacts& facts, std::chrono::seconds stalled_after);

} // namespace eventctl
