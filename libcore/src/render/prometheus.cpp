#include "eventctl/render/prometheus.h"

#include <cmath>
#include <cstdio>

namespace eventctl {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// In a label value a backslash, a double quote and a line feed are escaped; in HELP text, a
// backslash and a line feed.
std::string escaped(const std::string& text, bool quote) {
    std::string out;
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quote) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out;
}

std::string number(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    // Integral values (counts, positions) print whole, however large; others to microseconds.
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
        return buffer;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", value);
    return buffer;
}

Labels with(Labels labels, const std::string& name, const std::string& value) {
    labels.emplace_back(name, value);
    return labels;
}

} // namespace

MetricPage stats_metrics(const StatsResult& stats) {
    Labels where{{"layout", stats.layout}, {"table", stats.table}};
    MetricFamily entries{"eventctl_outbox_entries",
                         "Outbox entries by status (completed from planner statistics when "
                         "eventctl_outbox_estimated is 1).",
                         {}};
    for (auto status : all_statuses) {
        if (auto count = stats.by_status.of(status)) {
            entries.samples.push_back(
                {with(where, "status", std::string(to_string(status))), double(*count)});
        }
    }
    MetricPage page{entries};
    page.push_back({"eventctl_outbox_estimated",
                    "1 when the completed count comes from planner statistics, else 0.",
                    {{where, stats.estimated ? 1.0 : 0.0}}});
    // 0 with nothing pending: an absent series would break an alert on it.
    page.push_back({"eventctl_outbox_oldest_pending_age_seconds",
                    "Age of the oldest pending entry that is due (the relay's lag); 0 when none.",
                    {{where, double(stats.oldest_pending_age_seconds.value_or(0))}}});
    if (stats.stale_locks) {
        page.push_back({"eventctl_outbox_stale_locks",
                        "Processing entries whose lock has expired (their worker died).",
                        {{where, double(*stats.stale_locks)}}});
    }
    return page;
}

MetricPage consumers_metrics(const ConsumersResult& result) {
    Labels where{{"layout", result.layout}, {"table", result.table}};
    MetricPage page{
        {"eventctl_log_head",
         "The stable head of the event log: the highest seq_no no event can still appear below.",
         {{where, double(result.head)}}},
        {"eventctl_log_low_watermark",
         "The lowest seq_no the log still holds: events below it were purged (0 for a log that "
         "never held an event).",
         {{where, double(result.low_watermark.value_or(0))}}},
    };
    MetricFamily position{"eventctl_consumer_position",
                          "The seq_no of the last event the consumer acknowledged.",
                          {}};
    MetricFamily lag{
        "eventctl_consumer_lag_events", "Events between the consumer and the head.", {}};
    MetricFamily lag_seconds{"eventctl_consumer_lag_seconds",
                             "Age of the oldest event the consumer has not acknowledged; 0 "
                             "with no lag.",
                             {}};
    MetricFamily moved{"eventctl_consumer_last_moved_age_seconds",
                       "Seconds since the consumer last updated its position.",
                       {}};
    MetricFamily status{"eventctl_consumer_status",
                        "1 for the consumer's status (ok, lagging, stalled, idle, "
                        "behind-the-floor, ahead-of-head), 0 for the others.",
                        {}};
    for (const auto& consumer : result.consumers) {
        auto labels = with(where, "consumer", consumer.consumer);
        position.samples.push_back({labels, double(consumer.position)});
        lag.samples.push_back({labels, double(consumer.lag)});
        if (consumer.lag_seconds) {
            lag_seconds.samples.push_back({labels, double(*consumer.lag_seconds)});
        }
        // A layout with no update time has no sample: an absent series, not a made-up 0.
        if (consumer.updated_age_seconds) {
            moved.samples.push_back({labels, double(*consumer.updated_age_seconds)});
        }
        for (auto each : all_consumer_statuses) {
            status.samples.push_back({with(labels, "status", std::string(to_string(each))),
                                      each == consumer.status ? 1.0 : 0.0});
        }
    }
    for (auto* family : {&position, &lag, &lag_seconds, &moved, &status}) {
        page.push_back(std::move(*family));
    }
    return page;
}

MetricPage scrape_metrics(bool success, double duration_seconds) {
    return {{"eventctl_scrape_success",
             "1 when eventctl read every metric, 0 when it failed.",
             {{{}, success ? 1.0 : 0.0}}},
            {"eventctl_scrape_duration_seconds",
             "How long eventctl took to read the metrics.",
             {{{}, duration_seconds}}}};
}

MetricPage standby_metrics(const std::optional<double>& replay_lag_seconds) {
    if (!replay_lag_seconds) {
        return {};
    }
    return {{"eventctl_standby_replay_lag_seconds",
             "How far the standby read from (--read-db) is behind the primary.",
             {{{}, *replay_lag_seconds}}}};
}

void append_metrics(MetricPage& page, MetricPage more) {
    for (auto& family : more) {
        page.push_back(std::move(family));
    }
}

void write_prometheus(std::ostream& out, const MetricPage& page) {
    for (const auto& family : page) {
        out << "# HELP " << family.name << ' ' << escaped(family.help, false) << '\n';
        out << "# TYPE " << family.name << " gauge\n";
        for (const auto& sample : family.samples) {
            out << family.name;
            if (!sample.labels.empty()) {
                out << '{';
                bool first = true;
                for (const auto& [name, value] : sample.labels) {
                    out << (first ? "" : ",") << name << "=\"" << escaped(value, true) << '"';
                    first = false;
                }
                out << '}';
            }
            out << ' ' << number(sample.value) << '\n';
        }
    }
}

} // namespace eventctl
