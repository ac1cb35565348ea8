#include "monitor_args.h"

#include "eventctl/error.h"
#include "eventctl/time.h"
#include "typed_options.h"

#include <algorithm>

namespace eventctl::cli {

CheckOptions to_check_options(const CheckArgs& args) {
    CheckOptions options;
    const auto& metrics = all_check_metrics();
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (!args.thresholds[i]) {
            continue;
        }
        auto option = "--" + std::string(option_name(metrics[i]));
        options.checks.push_back(
            {metrics[i], parse_threshold(*args.thresholds[i], threshold_kind(metrics[i]), option)});
    }
    if (args.new_dead_window) {
        options.new_dead_window = duration_option("--new-dead-window", *args.new_dead_window);
    }
    if (args.stalled_after) {
        options.stalled_after = duration_option("--stalled-after", *args.stalled_after);
    }
    // Each setting belongs to one threshold; without it, the setting would be taken and unused.
    auto asked = [&options](CheckMetric metric) {
        return std::any_of(options.checks.begin(), options.checks.end(),
                           [metric](const CheckSpec& spec) { return spec.metric == metric; });
    };
    if (args.new_dead_window && !asked(CheckMetric::new_dead)) {
        throw UsageError(
            "--new-dead-window says what --new-dead counts, and no --new-dead is given",
            "give --new-dead WARN:CRIT, or leave --new-dead-window out");
    }
    if (args.stalled_after && !asked(CheckMetric::stalled_consumers)) {
        throw UsageError("--stalled-after says when --stalled-consumers counts a consumer, and no "
                         "--stalled-consumers is given",
                         "give --stalled-consumers WARN:CRIT, or leave --stalled-after out");
    }
    return options;
}

} // namespace eventctl::cli
