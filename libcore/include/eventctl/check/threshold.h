#pragma once

// Thresholds as monitoring plugins take them (eventctl-check(1)): "WARN:CRIT" or just "CRIT",
// each the highest value that is still fine, so `--dead 10:100` warns above 10 dead entries and
// is critical above 100.

#include <optional>
#include <string>
#include <string_view>

namespace eventctl {

// The states of a check, with the exit codes monitoring plugins use.
enum class CheckState { ok = 0, warning = 1, critical = 2, unknown = 3 };

// "OK", "WARNING", "CRITICAL", "UNKNOWN", as the plugin output line spells them.
std::string_view to_string(CheckState state);

// The worse of two states (UNKNOWN is worse than OK, better than WARNING and CRITICAL: a
// threshold crossed says more than a value that could not be read).
CheckState worse(CheckState a, CheckState b);

// Whether a threshold counts things or measures time (given as durations, kept in seconds).
enum class ThresholdKind { count, duration };

// Alert when a value is above warning (if given) or above critical.
struct Threshold {
    std::optional<double> warning;
    double critical = 0;
};

// Parses WARN:CRIT or CRIT for option (counts: whole numbers; durations: 90s, 5m, 1h30m...);
// throws UsageError naming the option for anything else, or a warning above the critical.
Threshold parse_threshold(std::string_view text, ThresholdKind kind, const std::string& option);

// The state a value is in.
CheckState evaluate(double value, const Threshold& threshold);

} // namespace eventctl
