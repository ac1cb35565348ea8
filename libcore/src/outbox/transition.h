#pragma once

// What a status change does to an entry: the states it starts from, the state it ends in, the
// canonical side effects, and any eligibility beyond the state (a stale lock).

#include "eventctl/change/change.h"
#include "eventctl/outbox/mutation.h"
#include "outbox_table.h"
#include "outbox_writes.h"

#include <functional>
#include <string>
#include <vector>

namespace eventctl {

struct Transition {
    Command command = Command::outbox_retry;
    std::vector<Status> from;
    Status to = Status::pending;
    EntryChanges changes;
    // Eligibility beyond the state (a stale lock), on a part; empty for none.
    std::function<Condition(const OutboxTable&, const OutboxPart&, SqlParams&,
                            const std::string& alias)>
        condition;
    // What the change adds to the echoed selection (a reason, a lock rule).
    nlohmann::json selection_extra = nlohmann::json::object();
};

} // namespace eventctl
