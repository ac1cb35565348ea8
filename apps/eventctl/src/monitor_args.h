#pragma once

// eventctl metrics and eventctl check, as typed, and check's conversion into the options
// libcore takes.

#include "eventctl/check/check.h"
#include "watch_args.h"

#include <optional>
#include <string>
#include <vector>

namespace eventctl::cli {

// eventctl metrics, as typed.
struct MetricsArgs {
    std::optional<std::string> textfile;
};

// eventctl check, as typed: a threshold text per metric, in all_check_metrics() order.
struct CheckArgs {
    std::vector<std::optional<std::string>> thresholds =
        std::vector<std::optional<std::string>>(all_check_metrics().size());
    std::optional<std::string> new_dead_window; // default 1h
    std::optional<std::string> stalled_after;   // default 5m
    WatchArgs watch;
};

// Resolves the thresholds and durations; throws UsageError naming the option that is wrong.
CheckOptions to_check_options(const CheckArgs& args);

} // namespace eventctl::cli
