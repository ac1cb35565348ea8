#pragma once

// The incident views: outbox errors (failure groups) and outbox blocked (held aggregates), in
// every output format. JSON: errors is {"layout", "table", "selection", "groups_total",
// "entries", "groups": [GROUP]}, GROUP {"fingerprint", "pattern", "entries", "by_status":
// {"failed", "dead"}, "event_types", "first_seen", "last_seen", "sample_id", "sample_error"};
// blocked is {"layout", "table", "selection", "total", "aggregates": [AGGREGATE]}, AGGREGATE
// {"aggregate_type", "aggregate_id", "blocking_id", "blocking_status", "blocking_event_type",
// "blocking_error", "blocking_since", "waiting", "waiting_since"}. ndjson prints one GROUP or
// AGGREGATE per line; csv one row each.

#include "eventctl/outbox/blocked.h"
#include "eventctl/outbox/errors.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace eventctl {

// One error group as the JSON contract spells it.
nlohmann::json error_group_json(const ErrorGroup& group);

// The whole outbox errors document.
nlohmann::json error_groups_json(const ErrorGroupsResult& result);

// Writes outbox errors in the chosen format.
void render_error_groups(std::ostream& out, const ErrorGroupsResult& result, OutputFormat format,
                         const Terminal& terminal);

// One blocked aggregate as the JSON contract spells it.
nlohmann::json blocked_aggregate_json(const BlockedAggregate& aggregate);

// The whole outbox blocked document.
nlohmann::json blocked_json(const BlockedResult& result);

// Writes outbox blocked in the chosen format.
void render_blocked(std::ostream& out, const BlockedResult& result, OutputFormat format,
                    const Terminal& terminal);

} // namespace eventctl
