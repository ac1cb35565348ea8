#include "eventctl/check/threshold.h"

#include "eventctl/error.h"
#include "eventctl/time.h"

#include <cstdint>

namespace eventctl {

std::string_view to_string(CheckState state) {
    switch (state) {
    case CheckState::ok:
        return "OK";
    case CheckState::warning:
        return "WARNING";
    case CheckState::critical:
        return "CRITICAL";
    case CheckState::unknown:
        break;
    }
    return "UNKNOWN";
}

namespace {

int severity(CheckState state) {
    switch (state) {
    case CheckState::ok:
        return 0;
    case CheckState::unknown:
        return 1;
    case CheckState::warning:
        return 2;
    case CheckState::critical:
        break;
    }
    return 3;
}

double parse_limit(std::string_view text, ThresholdKind kind, const std::string& option,
                   std::string_view whole) {
    auto refuse = [&](const std::string& why) -> UsageError {
        return UsageError(option + ": invalid threshold \"" + std::string(whole) + "\": " + why,
                          kind == ThresholdKind::count
                              ? "give WARN:CRIT or CRIT as whole numbers, e.g. " + option +
                                    " 10:100"
                              : "give WARN:CRIT or CRIT as durations, e.g. " + option + " 5m:15m");
    };
    if (text.empty()) {
        throw refuse("a limit is empty");
    }
    if (kind == ThresholdKind::duration) {
        try {
            return static_cast<double>(parse_duration(text).count());
        } catch (const UsageError& e) {
            throw refuse(e.what());
        }
    }
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            throw refuse("expected a whole number, not \"" + std::string(text) + "\"");
        }
        if (value > 1'000'000'000'000'000) {
            throw refuse("too large");
        }
        value = value * 10 + (c - '0');
    }
    return static_cast<double>(value);
}

} // namespace

CheckState worse(CheckState a, CheckState b) {
    return severity(a) >= severity(b) ? a : b;
}

Threshold parse_threshold(std::string_view text, ThresholdKind kind, const std::string& option) {
    Threshold threshold;
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        threshold.critical = parse_limit(text, kind, option, text);
        return threshold;
    }
    if (text.find(':', colon + 1) != std::string_view::npos) {
        throw UsageError(option + ": invalid threshold \"" + std::string(text) +
                         "\": expected WARN:CRIT or CRIT");
    }
    threshold.warning = parse_limit(text.substr(0, colon), kind, option, text);
    threshold.critical = parse_limit(text.substr(colon + 1), kind, option, text);
    if (*threshold.warning > threshold.critical) {
        throw UsageError(option + ": the warning limit of \"" + std::string(text) +
                         "\" is above the critical one; give WARN:CRIT, the smaller first");
    }
    return threshold;
}

CheckState evaluate(double value, const Threshold& threshold) {
    if (value > threshold.critical) {
        return CheckState::critical;
    }
    if (threshold.warning && value > *threshold.warning) {
        return CheckState::warning;
    }
    return CheckState::ok;
}

} // namespace eventctl
