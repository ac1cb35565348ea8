#include "typed_options.h"

#include "eventctl/error.h"

namespace eventctl::cli {

namespace {

// The parser's message, prefixed with the option it came from.
template <typename Parse> auto named(const std::string& option, Parse parse) {
    try {
        return parse();
    } catch (const UsageError& e) {
        throw UsageError(option + ": " + e.what());
    }
}

} // namespace

std::optional<TimePoint> time_option(const std::string& option,
                                     const std::optional<std::string>& text, TimePoint now) {
    if (!text) {
        return std::nullopt;
    }
    return named(option, [&] { return parse_time(*text, now); });
}

std::chrono::seconds duration_option(const std::string& option, const std::string& text) {
    return named(option, [&] { return parse_duration(text); });
}

std::chrono::milliseconds short_duration_option(const std::string& option,
                                                const std::string& text) {
    return named(option, [&] { return parse_duration_ms(text); });
}

} // namespace eventctl::cli
