#pragma once

#include <optional>
#include <string>

namespace eventctl::cli {

// The --watch option as typed: empty when not given, "" when given without a duration.
struct WatchArgs {
    std::optional<std::string> interval;

    bool given() const { return interval.has_value(); }
};

} // namespace eventctl::cli
