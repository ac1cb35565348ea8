#include "eventctl/log/consumer_health.h"

namespace eventctl {

std::string_view to_string(ConsumerStatus status) {
    switch (status) {
    case ConsumerStatus::ok:
        return "ok";
    case ConsumerStatus::lagging:
        return "lagging";
    case ConsumerStatus::stalled:
        return "stalled";
    case ConsumerStatus::idle:
        return "idle";
    case ConsumerStatus::behind_the_floor:
        return "behind-the-floor";
    case ConsumerStatus::ahead_of_head:
        return "ahead-of-head";
    }
    return "ok";
}

ConsumerStatus evaluate_consumer(const HealthFacts& facts, std::chrono::seconds stalled_after) {
    // An empty log tells neither end: after a purge of everything, every position is past it.
    if (facts.latest > 0 && facts.position > facts.latest) {
        return ConsumerStatus::ahead_of_head;
    }
    // The next event it needs is gone: it could have existed, and lies below the watermark.
    auto next = facts.position + 1;
    if (facts.low_watermark && next >= facts.first_possible_seq && next < *facts.low_watermark) {
        return ConsumerStatus::behind_the_floor;
    }
    if (facts.lag == 0) {
        return ConsumerStatus::idle;
    }
    if (facts.since_moved && *facts.since_moved >= stalled_after) {
        return ConsumerStatus::stalled;
    }
    // Burrow looks at the trend over a window of readings; one reading has no trend, so the age
    // of the work waiting stands in for it.
    bool falling_behind = facts.lag_before
                              ? facts.lag > *facts.lag_before
                              : facts.lag_seconds && *facts.lag_seconds > stalled_after.count();
    return falling_behind ? ConsumerStatus::lagging : ConsumerStatus::ok;
}

} // namespace eventctl
