#include "eventctl/error.h"
#include "eventctl/log/seek.h"
#include "eventctl/render/terminal_text.h"

#include <limits>

namespace eventctl {

namespace {

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? std::numeric_limits<std::int64_t>::max()
                     : std::numeric_limits<std::int64_t>::min();
    }
    return sum;
}

// Keeps a position within the log; a target outside is a mistake worth a word, not an error:
// Kafka clamps offsets the same way.
ResolvedTarget clamp(std::int64_t position, const std::string& consumer, const std::string& what,
                     const SeekBounds& bounds) {
    auto prefix = "consumer \"" + consumer + "\": " + what;
    if (position > bounds.head) {
        return {bounds.head, prefix + " is past the end of the log: clamped to the head, " +
                                 std::to_string(bounds.head)};
    }
    if (position < bounds.beginning) {
        return {bounds.beginning, prefix + " is before the beginning of the log: clamped to " +
                                      std::to_string(bounds.beginning)};
    }
    return {position, std::nullopt};
}

} // namespace

ResolvedTarget resolve_target(const SeekTarget& target, const std::string& consumer,
                              std::optional<std::int64_t> current, const SeekBounds& bounds,
                              std::optional<std::int64_t> first_at_time) {
    switch (target.kind) {
    case SeekTargetKind::beginning:
        return {bounds.beginning, std::nullopt};
    case SeekTargetKind::end:
        return {bounds.head, std::nullopt};
    case SeekTargetKind::seq:
        // The next event delivered is N, so the last acknowledged one is N - 1.
        return clamp(saturating_add(target.value, -1), consumer,
                     "--to-seq " + std::to_string(target.value), bounds);
    case SeekTargetKind::time:
        if (!first_at_time) {
            return {bounds.head, "consumer \"" + consumer +
                                     "\": no event was created at or after " +
                                     format_rfc3339(target.time) + ": moved to the end, " +
                                     std::to_string(bounds.head)};
        }
        return clamp(*first_at_time - 1, consumer,
                     "the first event at or after " + format_rfc3339(target.time) + " (seq_no " +
                         std::to_string(*first_at_time) + ")",
                     bounds);
    case SeekTargetKind::shift:
        if (!current) {
            throw UsageError("consumer " + in_quotes(consumer) +
                             " has no position to shift: give a new consumer an absolute "
                             "target such as --to-seq or --to-beginning");
        }
        return clamp(saturating_add(*current, target.value), consumer,
                     "shifting " + std::to_string(*current) + " by " + std::to_string(target.value),
                     bounds);
    case SeekTargetKind::position:
        return clamp(target.value, consumer, "position " + std::to_string(target.value), bounds);
    }
    return {bounds.head, std::nullopt};
}

} // namespace eventctl
