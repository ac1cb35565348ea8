#pragma once

// eventctl check: thresholds on what goes wrong with an outbox and its consumers, for cron and
// monitoring systems (eventctl-check(1)). Read-only; one session.

#include "eventctl/check/threshold.h"
#include "eventctl/layout/layout.h"
#include "eventctl/log/consumers.h"
#include "eventctl/outbox/stats.h"
#include "eventctl/session/session.h"
#include "eventctl/session/standby.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What a threshold is on.
enum class CheckMetric {
    oldest_pending,    // age of the oldest due pending entry
    pending,           // pending entries
    stale_locks,       // processing entries whose lock expired
    dead,              // dead entries
    new_dead,          // entries that died within the window
    failed,            // failed entries
    oldest_completed,  // age of the oldest completed entry, as purge measures it
    consumer_lag,      // the largest consumer lag, in events
    consumer_lag_time, // the largest consumer lag, in seconds
    stalled_consumers, // consumers with lag that have not moved for --stalled-after
    replay_lag,        // how far the standby read is behind its primary
};

// Every metric, in the order checks are reported.
const std::vector<CheckMetric>& all_check_metrics();

// The option that sets the metric's threshold, without dashes: "oldest-pending".
std::string_view option_name(CheckMetric metric);
// The perfdata label: "oldest_pending_age".
std::string_view perfdata_label(CheckMetric metric);
// Whether its thresholds are counts or durations.
ThresholdKind threshold_kind(CheckMetric metric);

// One threshold asked for.
struct CheckSpec {
    CheckMetric metric = CheckMetric::dead;
    Threshold threshold;
};

// What check was asked.
struct CheckOptions {
    std::vector<CheckSpec> checks;
    std::chrono::seconds new_dead_window{std::chrono::hours(1)};
    std::chrono::seconds stalled_after{std::chrono::minutes(5)};
};

// Checks, before anything connects, that there is something to check and that the layout has
// what each threshold reads; throws UsageError naming what is missing.
void validate_check(const Layout& layout, const CheckOptions& options);

// What the thresholds were compared with, read in one session.
struct CheckFacts {
    std::optional<StatsResult> stats;
    std::optional<ConsumersResult> consumers;
    std::optional<std::int64_t> new_dead;
    std::optional<std::int64_t> oldest_completed_age_seconds; // empty: no completed entry
    std::optional<StandbyStatus> standby;
};

// One threshold's outcome.
struct CheckOutcome {
    CheckMetric metric = CheckMetric::dead;
    std::optional<double> value; // empty: unknown (a standby that replayed nothing yet)
    Threshold threshold;
    CheckState state = CheckState::ok;
    std::string subject; // the consumer a consumer threshold found worst; empty otherwise
};

// Every outcome and the worst state among them.
struct CheckReport {
    CheckState state = CheckState::ok;
    std::vector<CheckOutcome> outcomes; // in all_check_metrics order
    std::optional<StandbyStatus> standby;
};

// Reads what the thresholds need: the outbox counts (completed estimated), the consumers, the
// dead entries of the window, the oldest completed entry, the standby's lag.
CheckFacts read_check_facts(Session& session, const Layout& layout, const CheckOptions& options);

// Compares the facts with the thresholds.
CheckReport assess(const CheckFacts& facts, const CheckOptions& options);

} // namespace eventctl
