#pragma once

// The Prometheus text exposition format (version 0.0.4): what `-o prometheus` and `eventctl
// metrics` print, and what node_exporter's textfile collector reads. Every metric is a gauge
// named eventctl_*, in base units (seconds), labelled only from bounded sets: status, consumer,
// layout, table; never ids, tenants or error text.

#include "eventctl/log/consumers.h"
#include "eventctl/outbox/stats.h"

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace eventctl {

// One sample of a metric: its labels and its value.
struct MetricSample {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
};

// One metric: its HELP text and its samples (a gauge).
struct MetricFamily {
    std::string name;
    std::string help;
    std::vector<MetricSample> samples;
};

// The metrics of one exposition, in the order printed.
using MetricPage = std::vector<MetricFamily>;

// The outbox gauges of a stats result: entries by status, oldest pending age, stale locks.
MetricPage stats_metrics(const StatsResult& stats);

// The log gauges of a consumers result: the head and low watermark, and per consumer its
// position, lag in events and in seconds, time since it moved, and its status.
MetricPage consumers_metrics(const ConsumersResult& result);

// eventctl_scrape_success and eventctl_scrape_duration_seconds: present whether or not the read
// worked, so a failed read still makes a valid page that says it failed.
MetricPage scrape_metrics(bool success, double duration_seconds);

// eventctl_standby_replay_lag_seconds, for a read from a standby (empty lag: unknown).
MetricPage standby_metrics(const std::optional<double>& replay_lag_seconds);

// Appends the families of more to page.
void append_metrics(MetricPage& page, MetricPage more);

// Writes the page as Prometheus text: HELP and TYPE lines, then the samples, labels escaped.
void write_prometheus(std::ostream& out, const MetricPage& page);

} // namespace eventctl
