#include "eventctl/render/check.h"
#include "eventctl/render/json_text.h"
#include "eventctl/time.h"

#include <cmath>
#include <cstdio>

namespace eventctl {

namespace {

bool is_duration(CheckMetric metric) {
    return threshold_kind(metric) == ThresholdKind::duration;
}

std::string words(CheckMetric metric) {
    std::string text(option_name(metric));
    for (auto& c : text) {
        if (c == '-') {
            c = ' ';
        }
    }
    return text;
}

// 20m for people; a count as a whole number.
std::string shown(CheckMetric metric, double value) {
    if (is_duration(metric)) {
        if (value < 60 && value != std::floor(value)) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.1fs", value);
            return buffer;
        }
        return format_duration(std::chrono::seconds(std::llround(value)));
    }
    return std::to_string(std::llround(value));
}

// Perfdata numbers: plain decimals, seconds to milliseconds.
std::string perf_number(double value) {
    char buffer[32];
    if (value == std::floor(value)) {
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.3f", value);
    }
    return buffer;
}

std::string value_text(const CheckOutcome& outcome) {
    auto text = words(outcome.metric) + " " +
                (outcome.value ? shown(outcome.metric, *outcome.value) : "unknown");
    if (!outcome.subject.empty()) {
        text += " (" + outcome.subject + ")";
    }
    return text;
}

// "dead 150 > 100": what crossed which limit.
std::string crossing(const CheckOutcome& outcome) {
    auto text = value_text(outcome);
    if (outcome.state == CheckState::critical) {
        return text + " > " + shown(outcome.metric, outcome.threshold.critical);
    }
    if (outcome.state == CheckState::warning) {
        return text + " > " + shown(outcome.metric, *outcome.threshold.warning);
    }
    return text;
}

std::string limits(const CheckOutcome& outcome) {
    std::string text;
    if (outcome.threshold.warning) {
        text += "warning above " + shown(outcome.metric, *outcome.threshold.warning) + ", ";
    }
    return text + "critical above " + shown(outcome.metric, outcome.threshold.critical);
}

std::string perfdata(const CheckReport& report) {
    std::string text;
    for (const auto& outcome : report.outcomes) {
        if (!outcome.value) {
            continue;
        }
        const char* unit = is_duration(outcome.metric) ? "s" : "";
        text += (text.empty() ? "" : " ") + std::string(perfdata_label(outcome.metric)) + "=" +
                perf_number(*outcome.value) + unit + ";" +
                (outcome.threshold.warning ? perf_number(*outcome.threshold.warning) : "") + ";" +
                perf_number(outcome.threshold.critical) + ";0;";
    }
    return text;
}

std::string summary(const CheckReport& report) {
    std::string text;
    // The worst first: the line a pager shows is cut short.
    for (auto state : {CheckState::critical, CheckState::warning, CheckState::unknown}) {
        for (const auto& outcome : report.outcomes) {
            if (outcome.state == state) {
                text += (text.empty() ? "" : "; ") + crossing(outcome);
            }
        }
    }
    if (text.empty()) {
        auto count = report.outcomes.size();
        text = std::to_string(count) + (count == 1 ? " check" : " checks") + " ok";
    }
    return text;
}

nlohmann::json limit_json(const std::optional<double>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace

std::string nagios_text(const CheckReport& report) {
    std::string text = "EVENTCTL " + std::string(to_string(report.state)) + " - " + summary(report);
    auto perf = perfdata(report);
    if (!perf.empty()) {
        text += " | " + perf;
    }
    text += '\n';
    for (const auto& outcome : report.outcomes) {
        text += std::string(to_string(outcome.state)) + ": " + value_text(outcome) + " (" +
                limits(outcome) + ")\n";
    }
    if (report.standby && report.standby->replay_lag_seconds) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "read from a standby %.3fs behind its primary\n",
                      *report.standby->replay_lag_seconds);
        text += buffer;
    }
    return text;
}

nlohmann::json check_json(const CheckReport& report) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& outcome : report.outcomes) {
        checks.push_back(
            {{"check", option_name(outcome.metric)},
             {"status", lower(to_string(outcome.state))},
             {"value", limit_json(outcome.value)},
             {"unit", is_duration(outcome.metric) ? nlohmann::json("seconds") : nlohmann::json()},
             {"warning", limit_json(outcome.threshold.warning)},
             {"critical", outcome.threshold.critical},
             {"consumer",
              outcome.subject.empty() ? nlohmann::json() : nlohmann::json(outcome.subject)}});
    }
    nlohmann::json json = {{"status", lower(to_string(report.state))},
                           {"exit_code", static_cast<int>(report.state)},
                           {"summary", summary(report)},
                           {"checks", checks}};
    if (report.standby) {
        json["replay_lag_seconds"] = limit_json(report.standby->replay_lag_seconds);
    }
    return json;
}

void render_check(std::ostream& out, const CheckReport& report, OutputFormat format) {
    switch (format) {
    case OutputFormat::table:
        out << nagios_text(report);
        return;
    case OutputFormat::json:
        out << json_text(check_json(report), true) << '\n';
        return;
    case OutputFormat::ndjson:
        out << json_text(check_json(report), false) << '\n';
        return;
    case OutputFormat::csv:
    case OutputFormat::prometheus:
        break;
    }
    refuse_format(format, "check");
}

void render_check_error(std::ostream& out, const ErrorReport& error, OutputFormat format) {
    if (format == OutputFormat::json || format == OutputFormat::ndjson) {
        nlohmann::json json = {
            {"status", "unknown"},
            {"exit_code", static_cast<int>(CheckState::unknown)},
            {"error", error.message},
            {"hint", error.hint.empty() ? nlohmann::json() : nlohmann::json(error.hint)}};
        out << json_text(json, format == OutputFormat::json) << '\n';
        return;
    }
    out << "EVENTCTL UNKNOWN - " << error.message << '\n';
}

} // namespace eventctl
