#include "eventctl/option_ranges.h"

#include "eventctl/error.h"
#include "eventctl/time.h"

#include <string>

namespace eventctl {

namespace {

std::string bound(std::int64_t value, const char* zero_means) {
    auto text = std::to_string(value);
    return value == 0 && zero_means != nullptr ? text + " (" + zero_means + ")" : text;
}

std::string bound(std::chrono::milliseconds value, const char* zero_means) {
    auto text = format_duration_ms(value);
    return value.count() == 0 && zero_means != nullptr ? text + " (" + zero_means + ")" : text;
}

} // namespace

void require_in_range(std::string_view option, std::int64_t value, const NumberRange& range) {
    if (value < range.min || value > range.max) {
        throw UsageError(std::string(option) + " must be " + bound(range.min, range.zero_means) +
                         " to " + bound(range.max, nullptr) + ", not " + std::to_string(value));
    }
}

void require_in_range(std::string_view option, std::chrono::milliseconds value,
                      const DurationRange& range) {
    if (value < range.min || value > range.max) {
        throw UsageError(std::string(option) + " must be " + bound(range.min, range.zero_means) +
                         " to " + bound(range.max, nullptr) + ", not " + format_duration_ms(value));
    }
}

} // namespace eventctl
