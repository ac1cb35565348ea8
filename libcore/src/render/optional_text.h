#pragma once

// A value that may be missing, as the text a renderer prints: empty stays empty (NULL in JSON,
// an empty CSV cell, "-" in a table, as each renderer decides).

#include "eventctl/time.h"

#include <cstdint>
#include <optional>
#include <string>

namespace eventctl {

inline std::optional<std::string> time_text(const std::optional<TimePoint>& time) {
    return time ? std::optional<std::string>(format_rfc3339(*time)) : std::nullopt;
}

inline std::optional<std::string> number_text(const std::optional<std::int64_t>& value) {
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

} // namespace eventctl
