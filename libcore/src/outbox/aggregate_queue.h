#pragma once

// Entries queued ahead of or behind others in their aggregates, as an ordered relay sees them
// (aggregate_order.h): what retry --in-order takes along, and what mark-dead leaves stuck.

#include "eventctl/outbox/mutation.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// An entry to change, in the order the change walks its ids.
struct QueuedEntry {
    std::string id;
    bool taken_along = false; // not selected: it comes earlier in the aggregate of one that is
};

// Where a resumed redrive starts: entries of this part up to this keyset were done.
struct RedriveFloor {
    int part = 0; // 0 the outbox, 1 its dead-letter table
    std::int64_t created_at_micros = 0;
    std::string id;
};

// The selected ids in keyset order of their parts, with the entries in one of the states that
// come earlier in the aggregate of a selected entry and were not selected, each at its place;
// after the floor only, when there is one.
std::vector<QueuedEntry> with_earlier_entries(Session& session, pqxx::transaction_base& tx,
                                              const OutboxTable& outbox,
                                              const std::vector<std::string>& ids,
                                              const std::vector<Status>& states,
                                              const std::optional<RedriveFloor>& floor);

// The unfinished entries that come later in the aggregates of ids, ids themselves aside.
AggregateWait waiting_behind(Session& session, pqxx::transaction_base& tx,
                             const OutboxTable& outbox, const std::vector<std::string>& ids);

} // namespace eventctl
