#pragma once

// Times and durations given as option values, parsed once, with the option's name on the error
// ("--older-than: ..."), for every command's args-to-options step.

#include "eventctl/time.h"

#include <chrono>
#include <optional>
#include <string>

namespace eventctl::cli {

// A time as parse_time reads it, relative ones from now; empty when the option was not given.
std::optional<TimePoint> time_option(const std::string& option,
                                     const std::optional<std::string>& text, TimePoint now);

// A duration in whole seconds (30d, 1h30m, P1D).
std::chrono::seconds duration_option(const std::string& option, const std::string& text);

// A duration that may be short (500ms), where an option takes milliseconds.
std::chrono::milliseconds short_duration_option(const std::string& option, const std::string& text);

} // namespace eventctl::cli
