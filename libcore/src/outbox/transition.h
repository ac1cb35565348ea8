#pragma once

// The engine behind retry, mark-dead and unlock-stale: a change of state applied in batches,
// each a short transaction that locks with SKIP LOCKED and re-checks eligibility in the
// statement that writes, so a row a worker holds, or one that moved on, is left alone.

#include "eventctl/audit/audit.h"
#include "eventctl/layout/layout.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/session/transactions.h"
#include "outbox_table.h"
#include "outbox_writes.h"

#include <functional>
#include <string>
#include <vector>

namespace eventctl {

// A change of state: which entries are eligible and what writing them does.
struct Transition {
    std::string command;
    std::vector<Status> from;
    Status to = Status::pending;
    EntryChanges changes;
    // Eligibility beyond the state (a stale lock), on a part; empty for none.
    std::function<std::string(const OutboxPart&, SqlParams&, const std::string& alias)> condition;
    // What the change adds to the echoed selection (a reason, a lock rule).
    nlohmann::json selection_extra = nlohmann::json::object();
};

// Applies a transition to the selected, eligible entries and audits it once.
MutationResult run_transition(Session& session, const Layout& layout,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options);

// An interval parameter of whole seconds, for now() arithmetic on the server's clock.
std::string seconds_interval(SqlParams& params, std::chrono::seconds duration);

// Opens the audit trail of a mutation about to run for real, its selection resolved.
AuditTrail open_audit(Session& session, const Layout& layout, const MutationResult& result,
                      const std::string& command_line);

// The result document the audit record keeps at the end.
nlohmann::json audit_result(const MutationResult& result);

} // namespace eventctl
