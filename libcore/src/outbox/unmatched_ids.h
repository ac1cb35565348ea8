#pragma once

// Ids a selection named that a change did not match do not vanish: each is looked up again and
// counted by why it was left (eventctl-outbox(1), SELECTING ENTRIES).

#include "eventctl/outbox/mutation.h"
#include "outbox_table.h"
#include "transition.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace eventctl {

// Counts the named ids that are not in matched: not found, already in the transition's target
// state, in a state it does not start from, or in one it does but left out (filters, --limit,
// an unexpired lock). Reads in windows of ids, in read-only transactions of their own.
UnmatchedIds count_unmatched(Session& session, const OutboxTable& outbox,
                             const Transition& transition, const std::vector<std::string>& named,
                             const std::unordered_set<std::string>& matched);

} // namespace eventctl
