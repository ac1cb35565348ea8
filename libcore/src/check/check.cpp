#include "eventctl/check/check.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"

#include <algorithm>

namespace eventctl {

namespace {

struct MetricRow {
    CheckMetric metric;
    const char* option;
    const char* label;
    ThresholdKind kind;
};

const std::vector<MetricRow>& metric_rows() {
    using M = CheckMetric;
    using K = ThresholdKind;
    static const std::vector<MetricRow> rows = {
        {M::oldest_pending, "oldest-pending", "oldest_pending_age", K::duration},
        {M::pending, "pending", "pending", K::count},
        {M::stale_locks, "stale-locks", "stale_locks", K::count},
        {M::dead, "dead", "dead", K::count},
        {M::new_dead, "new-dead", "new_dead", K::count},
        {M::failed, "failed", "failed", K::count},
        {M::oldest_completed, "oldest-completed", "oldest_completed_age", K::duration},
        {M::consumer_lag, "consumer-lag", "consumer_lag", K::count},
        {M::consumer_lag_time, "consumer-lag-time", "consumer_lag_time", K::duration},
        {M::stalled_consumers, "stalled-consumers", "stalled_consumers", K::count},
        {M::replay_lag, "replay-lag", "replay_lag", K::duration},
    };
    return rows;
}

const MetricRow& row_of(CheckMetric metric) {
    for (const auto& row : metric_rows()) {
        if (row.metric == metric) {
            return row;
        }
    }
    throw std::logic_error("a check metric without a row");
}

bool reads_outbox(CheckMetric metric) {
    switch (metric) {
    case CheckMetric::oldest_pending:
    case CheckMetric::pending:
    case CheckMetric::stale_locks:
    case CheckMetric::dead:
    case CheckMetric::new_dead:
    case CheckMetric::failed:
    case CheckMetric::oldest_completed:
        return true;
    default:
        return false;
    }
}

// Where the dead entries live keeps a time they died at: processed_at, else updated_at.
bool dead_have_a_time(const OutboxLayout& outbox) {
    const auto* rule = outbox.state(Status::dead);
    if (rule != nullptr && rule->in_dead_letters && outbox.dead_letters) {
        const auto& columns = outbox.dead_letters->columns;
        return columns.count(OutboxField::processed_at) > 0 ||
               columns.count(OutboxField::updated_at) > 0;
    }
    return outbox.has(OutboxField::processed_at) || outbox.has(OutboxField::updated_at);
}

} // namespace

const std::vector<CheckMetric>& all_check_metrics() {
    static const std::vector<CheckMetric> metrics = [] {
        std::vector<CheckMetric> all;
        for (const auto& row : metric_rows()) {
            all.push_back(row.metric);
        }
        return all;
    }();
    return metrics;
}

std::string_view option_name(CheckMetric metric) {
    return row_of(metric).option;
}

std::string_view perfdata_label(CheckMetric metric) {
    return row_of(metric).label;
}

ThresholdKind threshold_kind(CheckMetric metric) {
    return row_of(metric).kind;
}

void validate_check(const Layout& layout, const CheckOptions& options) {
    require_capability(layout, Command::check);
    if (options.checks.empty()) {
        throw UsageError("no thresholds given: nothing to check",
                         "give at least one, e.g. eventctl check --oldest-pending 5m:15m --dead "
                         "10:100 (see eventctl check --help)");
    }
    for (const auto& spec : options.checks) {
        auto what = "check --" + std::string(option_name(spec.metric));
        if (reads_outbox(spec.metric)) {
            require_outbox(layout, what);
        }
        switch (spec.metric) {
        case CheckMetric::oldest_pending:
        case CheckMetric::pending:
            require_outbox_state(layout, Status::pending, what);
            break;
        case CheckMetric::stale_locks:
            require_outbox_state(layout, Status::processing, what);
            if (!layout.outbox->has(OutboxField::locked_until) &&
                !(layout.outbox->has(OutboxField::locked_at) && layout.outbox->stale_after)) {
                throw UsageError("layout " + layout.name +
                                     " cannot tell a stale lock (it needs locked_until, or "
                                     "locked_at with stale_after), which " +
                                     what + " needs",
                                 "see eventctl-layout(5)");
            }
            break;
        case CheckMetric::dead:
            require_outbox_state(layout, Status::dead, what);
            break;
        case CheckMetric::new_dead:
            require_outbox_state(layout, Status::dead, what);
            if (!dead_have_a_time(*layout.outbox)) {
                throw UsageError("layout " + layout.name +
                                     " records no time an entry died (processed_at or "
                                     "updated_at), which " +
                                     what + " needs",
                                 "check the total with --dead instead");
            }
            break;
        case CheckMetric::failed:
            require_outbox_state(layout, Status::failed, what);
            break;
        case CheckMetric::oldest_completed:
            require_outbox_state(layout, Status::completed, what);
            break;
        case CheckMetric::consumer_lag:
        case CheckMetric::consumer_lag_time:
        case CheckMetric::stalled_consumers:
            require_capability(layout, Command::log_consumers);
            break;
        case CheckMetric::replay_lag:
            break;
        }
    }
    if (options.new_dead_window.count() <= 0) {
        throw UsageError("--new-dead-window must be longer than 0s");
    }
    if (options.stalled_after.count() <= 0) {
        throw UsageError("--stalled-after must be longer than 0s");
    }
}

namespace {

// The worst consumer by a measure, and its value; none without consumers.
template <typename Measure>
std::pair<std::optional<double>, std::string> worst_consumer(const ConsumersResult& result,
                                                             Measure measure) {
    std::optional<double> worst;
    std::string name;
    for (const auto& consumer : result.consumers) {
        auto value = measure(consumer);
        if (value && (!worst || *value > *worst)) {
            worst = value;
            name = consumer.consumer;
        }
    }
    return {worst.value_or(0), name};
}

std::optional<double> value_of(const CheckFacts& facts, CheckMetric metric, std::string& subject) {
    const auto* stats = facts.stats ? &*facts.stats : nullptr;
    auto count = [&](Status status) -> std::optional<double> {
        return double(stats->by_status.of(status).value_or(0));
    };
    switch (metric) {
    case CheckMetric::oldest_pending:
        return double(stats->oldest_pending_age_seconds.value_or(0));
    case CheckMetric::pending:
        return count(Status::pending);
    case CheckMetric::stale_locks:
        return double(stats->stale_locks.value_or(0));
    case CheckMetric::dead:
        return count(Status::dead);
    case CheckMetric::new_dead:
        return double(facts.new_dead.value_or(0));
    case CheckMetric::failed:
        return count(Status::failed);
    case CheckMetric::oldest_completed:
        return double(facts.oldest_completed_age_seconds.value_or(0));
    case CheckMetric::consumer_lag: {
        auto [value, name] = worst_consumer(*facts.consumers, [](const ConsumerPosition& c) {
            return std::optional<double>(double(c.lag));
        });
        subject = name;
        return value;
    }
    case CheckMetric::consumer_lag_time: {
        auto [value, name] = worst_consumer(*facts.consumers,
                                            [](const ConsumerPosition& c) -> std::optional<double> {
                                                if (!c.lag_seconds) {
                                                    return std::nullopt;
                                                }
                                                return double(*c.lag_seconds);
                                            });
        subject = name;
        return value;
    }
    case CheckMetric::stalled_consumers: {
        double stalled = 0;
        for (const auto& consumer : facts.consumers->consumers) {
            if (consumer.status == ConsumerStatus::stalled) {
                stalled += 1;
                subject += (subject.empty() ? "" : ",") + consumer.consumer;
            }
        }
        return stalled;
    }
    case CheckMetric::replay_lag:
        return facts.standby ? facts.standby->replay_lag_seconds : std::nullopt;
    }
    return std::nullopt;
}

} // namespace

CheckReport assess(const CheckFacts& facts, const CheckOptions& options) {
    CheckReport report;
    report.standby = facts.standby;
    for (auto metric : all_check_metrics()) {
        for (const auto& spec : options.checks) {
            if (spec.metric != metric) {
                continue;
            }
            CheckOutcome outcome;
            outcome.metric = metric;
            outcome.threshold = spec.threshold;
            outcome.value = value_of(facts, metric, outcome.subject);
            outcome.state =
                outcome.value ? evaluate(*outcome.value, spec.threshold) : CheckState::unknown;
            report.state = worse(report.state, outcome.state);
            report.outcomes.push_back(std::move(outcome));
        }
    }
    return report;
}

} // namespace eventctl
