#pragma once

// A column that may be NULL, read into an optional.

#include "eventctl/time.h"

#include <cstdint>
#include <optional>
#include <pqxx/field>
#include <string>

namespace eventctl {

inline std::optional<std::string> optional_text(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::string>(field.as<std::string>());
}

inline std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::int64_t>(field.as<std::int64_t>());
}

// A time the statement selected as epoch microseconds.
inline std::optional<TimePoint> optional_time(const pqxx::field& field) {
    return field.is_null() ? std::nullopt
                           : std::optional<TimePoint>(from_epoch_micros(field.as<std::int64_t>()));
}

} // namespace eventctl
