#include "eventctl/render/watch.h"
#include "eventctl/time.h"

#include <cmath>
#include <cstdio>

namespace eventctl {

namespace {

std::string signed_text(std::int64_t value) {
    return (value > 0 ? "+" : "") + std::to_string(value);
}

const ConsumerPosition* find(const ConsumersResult& result, const std::string& name) {
    for (const auto& consumer : result.consumers) {
        if (consumer.consumer == name) {
            return &consumer;
        }
    }
    return nullptr;
}

double round3(double value) {
    return std::round(value * 1000.0) / 1000.0;
}

} // namespace

nlohmann::json stats_changes_json(const StatsResult& before, const StatsResult& after,
                                  double seconds) {
    nlohmann::json by_status = nlohmann::json::object();
    for (auto status : all_statuses) {
        auto was = before.by_status.of(status);
        auto is = after.by_status.of(status);
        by_status[std::string(to_string(status))] =
            was && is ? nlohmann::json(*is - *was) : nlohmann::json();
    }
    nlohmann::json json = {{"seconds", round3(seconds)}, {"by_status", by_status}};
    auto was_dead = before.by_status.dead;
    auto is_dead = after.by_status.dead;
    json["dead_per_minute"] = was_dead && is_dead && seconds > 0
                                  ? nlohmann::json(round3((*is_dead - *was_dead) * 60.0 / seconds))
                                  : nlohmann::json();
    json["oldest_pending_age_seconds"] =
        nlohmann::json(after.oldest_pending_age_seconds.value_or(0) -
                       before.oldest_pending_age_seconds.value_or(0));
    return json;
}

std::string stats_changes_text(const StatsResult& before, const StatsResult& after,
                               double seconds) {
    std::string text;
    for (auto status : all_statuses) {
        auto was = before.by_status.of(status);
        auto is = after.by_status.of(status);
        if (was && is && *is != *was) {
            text += (text.empty() ? "" : ", ") + std::string(to_string(status)) + " " +
                    signed_text(*is - *was);
            if (status == Status::dead && seconds > 0) {
                char rate[32];
                std::snprintf(rate, sizeof rate, " (%.1f/min)", (*is - *was) * 60.0 / seconds);
                text += rate;
            }
        }
    }
    if (text.empty()) {
        text = "no count changed";
    }
    auto was_age = before.oldest_pending_age_seconds.value_or(0);
    auto is_age = after.oldest_pending_age_seconds.value_or(0);
    text += "; oldest pending " + format_duration(std::chrono::seconds(is_age)) + " (" +
            signed_text(is_age - was_age) + "s)";
    char ago[32];
    std::snprintf(ago, sizeof ago, "%.0fs", seconds);
    return "since " + std::string(ago) + " ago: " + text;
}

nlohmann::json lag_changes_json(const ConsumersResult& before, const ConsumersResult& after) {
    nlohmann::json lag = nlohmann::json::object();
    for (const auto& consumer : after.consumers) {
        if (const auto* was = find(before, consumer.consumer)) {
            lag[consumer.consumer] = consumer.lag - was->lag;
        }
    }
    return lag;
}

std::string lag_changes_text(const ConsumersResult& before, const ConsumersResult& after) {
    std::string text;
    for (const auto& consumer : after.consumers) {
        const auto* was = find(before, consumer.consumer);
        if (was == nullptr || was->lag == consumer.lag) {
            continue;
        }
        auto change = consumer.lag - was->lag;
        text += (text.empty() ? "" : ", ") + consumer.consumer + " " + signed_text(change) +
                (change > 0 ? " (rising)" : " (falling)");
    }
    return "lag trend: " + (text.empty() ? std::string("steady") : text);
}

} // namespace eventctl
