#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/session/session.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// The breakdown stats --by asks for.
enum class StatsGrouping { none, event_type, tenant, aggregate_type };

// Whether completed and total are counted or taken from planner statistics.
enum class CountMode { automatic, exact, estimate };

// What outbox stats was asked.
struct StatsOptions {
    StatsGrouping by = StatsGrouping::none;
    CountMode mode = CountMode::automatic;
    std::int64_t estimate_threshold = 1'000'000; // planner rows above which automatic estimates
};

// Entries per status; a status is empty where it was not counted (completed in the groups of
// an estimate) or the layout has no such state (it is null in JSON).
struct StatusCounts {
    std::optional<std::int64_t> pending;
    std::optional<std::int64_t> processing;
    std::optional<std::int64_t> completed;
    std::optional<std::int64_t> failed;
    std::optional<std::int64_t> dead;

    // The count of a status.
    std::optional<std::int64_t>& of(Status status);
    const std::optional<std::int64_t>& of(Status status) const;
    // Adds n entries of a status.
    void add(Status status, std::int64_t n);
    // The sum, empty when completed is unknown.
    std::optional<std::int64_t> total() const;
};

// One --by group.
struct StatsGroup {
    std::optional<std::string> key; // NULL key: entries without the grouped column
    StatusCounts by_status;
};

// What outbox stats reports (DESIGN 4.1.1).
struct StatsResult {
    std::string layout = "canonical";
    std::string table;
    std::string database; // database@host:port, named under the table for people
    std::int64_t total = 0;
    StatusCounts by_status;
    std::optional<std::int64_t> stale_locks; // empty: the layout cannot tell a stale lock
    std::optional<TimePoint> oldest_pending_created_at;
    std::optional<std::int64_t> oldest_pending_age_seconds;
    bool estimated = false;
    StatsGrouping grouping = StatsGrouping::none;
    std::vector<StatsGroup> groups;
};

// Checks, before anything connects, that the layout can count as asked; throws UsageError
// naming what it lacks.
void validate_stats(const Layout& layout, const StatsOptions& options);

// Counts the outbox by status in one read-only snapshot: the actionable numbers exactly, the
// completed count exactly or from planner statistics as the options and table size decide.
StatsResult outbox_stats(Session& session, const Layout& layout, const StatsOptions& options);

// The --by spelling of a grouping: "event-type", "tenant" or "aggregate-type".
std::string_view to_string(StatsGrouping grouping);

// Parses a --by value; throws UsageError naming the accepted values.
StatsGrouping parse_stats_grouping(std::string_view text);

} // namespace eventctl
