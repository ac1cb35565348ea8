#pragma once

// What changed between two samples of --watch, for the redrawn screen and the NDJSON records.

#include "eventctl/log/consumers.h"
#include "eventctl/outbox/stats.h"

#include <nlohmann/json.hpp>
#include <string>

namespace eventctl {

// The stats changes between two samples seconds apart: each count's difference, new dead
// entries per minute, and the change of the oldest pending age.
nlohmann::json stats_changes_json(const StatsResult& before, const StatsResult& after,
                                  double seconds);

// The same in one line for people: "since 2s ago: pending +12, dead +3 (90.0/min), oldest
// pending 5m (+2s)".
std::string stats_changes_text(const StatsResult& before, const StatsResult& after, double seconds);

// Each consumer's lag change between two samples, by name (consumers in both only).
nlohmann::json lag_changes_json(const ConsumersResult& before, const ConsumersResult& after);

// The lag trend in one line for people: "lag trend: billing +120 (rising), audit -5".
std::string lag_changes_text(const ConsumersResult& before, const ConsumersResult& after);

} // namespace eventctl
