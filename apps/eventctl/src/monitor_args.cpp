#include "monitor_args.h"

#include "eventctl/error.h"
#include "eventctl/time.h"
#include "typed_options.h"

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
    options.new_dead_window = duration_option("--new-dead-window", args.new_dead_window);
    options.stalled_after = duration_option("--stalled-after", args.stalled_after);
    return options;
}

} // namespace eventctl::cli
