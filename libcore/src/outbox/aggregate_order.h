#pragma once

// The order an ordered relay keeps: the entries of one aggregate (aggregate_type and
// aggregate_id) one after another, by sequence where the layout has one, else by created_at,
// then id. outbox blocked, retry --in-order and mark-dead's warning all read entries through
// these columns, so they agree on what "earlier" means.

#include "outbox_table.h"

#include <string>
#include <vector>

namespace eventctl {

// The select list of an entry's aggregate and place in it, named aggregate_type,
// aggregate_id, sequence (NULL sorts last), created (epoch microseconds) and id.
std::string aggregate_columns(const OutboxPart& part, const OutboxTable& outbox,
                              const std::string& alias = "");

// The window or sort order of those columns within an aggregate, qualified by alias.
std::string aggregate_place_order(const std::string& alias = "");

// (a earlier than b) in aggregate order, for two aliases that carry aggregate_columns.
std::string earlier_in_aggregate(const std::string& a, const std::string& b);

// The same aggregate, for two aliases that carry aggregate_columns.
std::string same_aggregate(const std::string& a, const std::string& b);

// The states an entry can be in while it has not been delivered: everything but completed.
std::vector<Status> unfinished_states(const OutboxLayout& layout);

} // namespace eventctl
