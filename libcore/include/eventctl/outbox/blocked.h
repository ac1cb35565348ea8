#pragma once

// outbox blocked: the aggregates an ordered relay is stuck on. A relay that keeps each
// aggregate's entries in order cannot publish one while an earlier one is unfinished, so a
// failed or dead entry at the head of an aggregate holds back everything written after it.

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What outbox blocked was asked: the filters of list, applied to the blocking entry.
struct BlockedOptions {
    OutboxFilter filter;
    std::int64_t limit = 50; // aggregates, the longest held first; 0: all
};

// An aggregate whose oldest unfinished entry failed or is dead, with entries waiting behind it.
struct BlockedAggregate {
    std::optional<std::string> aggregate_type;
    std::string aggregate_id;
    std::string blocking_id;
    Status blocking_status = Status::failed;
    std::string blocking_event_type;
    std::optional<std::string> blocking_error;
    std::optional<TimePoint> blocking_since; // when the blocking entry last failed
    std::int64_t waiting = 0;                // unfinished entries of the aggregate behind it
    std::optional<TimePoint> waiting_since;  // created_at of the first of them
};

// The blocked aggregates, those held longest first.
struct BlockedResult {
    std::string layout;
    std::string table;
    std::vector<BlockedAggregate> aggregates;
    std::int64_t total = 0; // every blocked aggregate, also those past the limit
    nlohmann::json selection = nlohmann::json::object();
};

// Checks, before anything connects, that the layout has aggregate_id and what the filters
// name (the blocking entry is failed or dead), and the limit; throws UsageError otherwise.
void validate_blocked(const Layout& layout, const BlockedOptions& options);

// Finds the blocked aggregates, in one read-only statement.
BlockedResult outbox_blocked(Session& session, const Layout& layout, const BlockedOptions& options);

} // namespace eventctl
