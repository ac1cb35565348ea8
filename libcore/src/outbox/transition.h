#pragma once

// The engine behind retry, mark-dead and unlock-stale: a status change applied in batches, each
// a short transaction that locks with SKIP LOCKED and re-checks eligibility in the UPDATE.

#include "eventctl/outbox_mutation.h"

#include <functional>
#include <string>
#include <vector>

namespace eventctl {

// A status change: which entries are eligible and what the UPDATE sets.
struct Transition {
    std::string command;
    std::vector<Status> from;
    // Eligibility beyond the status (a stale lock, a payload match); empty for none.
    std::function<std::string(SqlParams&)> condition;
    // The SET list of the UPDATE.
    std::function<std::string(SqlParams&)> assignments;
};

// Applies a transition to the selected, eligible entries and audits it once.
MutationResult run_transition(Session& session, const TableNames& tables,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options);

// An interval parameter of whole seconds, for now() arithmetic on the server's clock.
std::string seconds_interval(SqlParams& params, std::chrono::seconds duration);

// The audit record every mutation writes when it changed something for real.
void audit_mutation(Session& session, const TableNames& tables, const MutationResult& result,
                    const std::string& command_line);

} // namespace eventctl
