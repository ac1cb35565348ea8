#include "eventctl/log/consumers.h"

#include <catch2/catch.hpp>

using namespace eventctl;

namespace {

HealthFacts moving_with_lag() {
    HealthFacts facts;
    facts.position = 90;
    facts.lag = 10;
    facts.latest = 100;
    facts.low_watermark = 1; // the lowest seq_no the log holds
    facts.since_moved = std::chrono::seconds(1);
    facts.lag_seconds = 2;
    return facts;
}

} // namespace

TEST_CASE("consumer health: each status by its rule") {
    const std::chrono::seconds stalled_after(300);
    auto facts = moving_with_lag();
    CHECK(evaluate_consumer(facts, stalled_after) == ConsumerStatus::ok);

    auto idle = facts;
    idle.lag = 0;
    idle.since_moved = std::chrono::hours(5);
    CHECK(evaluate_consumer(idle, stalled_after) == ConsumerStatus::idle);

    auto stalled = facts;
    stalled.since_moved = std::chrono::seconds(300);
    CHECK(evaluate_consumer(stalled, stalled_after) == ConsumerStatus::stalled);

    // A layout with no update time: nothing says it stopped, so its age of work decides.
    auto unknown_move = stalled;
    unknown_move.since_moved.reset();
    CHECK(evaluate_consumer(unknown_move, stalled_after) == ConsumerStatus::ok);
    unknown_move.lag_seconds = 301;
    CHECK(evaluate_consumer(unknown_move, stalled_after) == ConsumerStatus::lagging);

    auto old_work = facts;
    old_work.lag_seconds = 301;
    CHECK(evaluate_consumer(old_work, stalled_after) == ConsumerStatus::lagging);

    auto growing = facts;
    growing.lag_seconds = 301; // the trend of two readings outranks the age of one
    growing.lag_before = 12;
    CHECK(evaluate_consumer(growing, stalled_after) == ConsumerStatus::ok);
    growing.lag_before = 9;
    CHECK(evaluate_consumer(growing, stalled_after) == ConsumerStatus::lagging);

    auto floor = facts;
    floor.low_watermark = 96; // events 1..95 purged
    CHECK(evaluate_consumer(floor, stalled_after) == ConsumerStatus::behind_the_floor);
    floor.position = 95; // the next event it gets is 96, the first still there
    floor.lag = 5;
    CHECK(evaluate_consumer(floor, stalled_after) == ConsumerStatus::ok);

    // A sequence that starts at 1000: a consumer at 0 has missed nothing that ever existed.
    auto late_start = facts;
    late_start.position = 0;
    late_start.lag = 100;
    late_start.low_watermark = 1000;
    late_start.first_possible_seq = 1000;
    CHECK(evaluate_consumer(late_start, stalled_after) == ConsumerStatus::ok);
    late_start.first_possible_seq = 1;
    CHECK(evaluate_consumer(late_start, stalled_after) == ConsumerStatus::behind_the_floor);

    auto ahead = facts;
    ahead.position = 101;
    ahead.lag = 0;
    CHECK(evaluate_consumer(ahead, stalled_after) == ConsumerStatus::ahead_of_head);
    ahead.latest = 0; // an empty log tells neither end
    ahead.low_watermark.reset();
    CHECK(evaluate_consumer(ahead, stalled_after) == ConsumerStatus::idle);
}

TEST_CASE("consumer health: rates and time to drain from two readings") {
    ConsumersResult earlier;
    earlier.head = 100;
    earlier.latest = 100;
    earlier.read_at = TimePoint(std::chrono::seconds(1000));
    ConsumerPosition billing;
    billing.consumer = "billing";
    billing.position = 40;
    billing.lag = 60;
    earlier.consumers.push_back(billing);
    auto later = earlier;
    later.head = 120;
    later.latest = 120;
    later.read_at = TimePoint(std::chrono::seconds(1010));
    later.consumers[0].position = 80;
    later.consumers[0].lag = 40;
    add_rates(later, earlier, {});
    REQUIRE(later.sample_seconds);
    CHECK(*later.sample_seconds == Approx(10.0));
    CHECK(*later.written_per_second == Approx(2.0));
    CHECK(*later.consumers[0].consumed_per_second == Approx(4.0));
    CHECK(*later.consumers[0].drain_seconds == Approx(20.0)); // 40 / (4 - 2)

    auto falling_behind = later;
    falling_behind.consumers[0].position = 41;
    falling_behind.consumers[0].lag = 79;
    add_rates(falling_behind, earlier, {});
    CHECK_FALSE(falling_behind.consumers[0].drain_seconds);
    CHECK(falling_behind.consumers[0].status == ConsumerStatus::lagging);
}
