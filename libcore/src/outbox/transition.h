#pragma once

// What a status change does to an entry: the states it starts from, the state it ends in, the
// canonical side effects, and any eligibility beyond the state (a stale lock).

#include "eventctl/change/change.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/outbox/status_change.h"
#include "outbox_table.h"
#include "outbox_writes.h"

#include <functional>
#include <optional>
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

struct RedriveRun;

// The batches of a status change: each a transaction that finds the next eligible entries in
// keyset order and changes those no worker holds. A preview (dry_run) only finds them. A
// redrive (retry) adds where to start, a canary and what its audit record keeps.
MutationResult run_transition(Session& session, const Layout& layout,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options, bool dry_run,
                              const RunControl& control, const RedriveRun* redrive = nullptr);

// What a retry's transition is, for the options it was given.
Transition retry_transition(const Layout& layout, const RetryOptions& retry);

} // namespace eventctl
