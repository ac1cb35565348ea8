#pragma once

// The engine behind retry, mark-dead and unlock-stale: a status change applied in batches, each
// a short transaction that locks with SKIP LOCKED and re-checks eligibility in the UPDATE.

#include "eventctl/audit.h"
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
    // What the change adds to the echoed selection (a reason, a lock rule).
    nlohmann::json selection_extra = nlohmann::json::object();
};

// Applies a transition to the selected, eligible entries and audits it once.
MutationResult run_transition(Session& session, const TableNames& tables,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options);

// An interval parameter of whole seconds, for now() arithmetic on the server's clock.
std::string seconds_interval(SqlParams& params, std::chrono::seconds duration);

// Opens the audit trail of a mutation about to run for real, its selection resolved.
AuditTrail open_audit(Session& session, const TableNames& tables, const MutationResult& result,
                      const std::string& command_line);

// The result document the audit record keeps at the end.
nlohmann::json audit_result(const MutationResult& result);

} // namespace eventctl
