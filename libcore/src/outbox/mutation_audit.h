#pragma once

// The audit trail of an outbox change (DESIGN 5): opened before the first batch, advanced in
// each batch's transaction, finished with the result.

#include "eventctl/audit/audit.h"
#include "eventctl/layout/layout.h"
#include "eventctl/outbox/mutation.h"

#include <string>

namespace eventctl {

// Opens the audit trail of a change about to run for real, its selection resolved.
AuditTrail open_audit(Session& session, const Layout& layout, const MutationResult& result,
                      const std::string& command_line);

// The result document the audit record keeps at the end (AuditTrail::finish adds the outcome):
// batches, skipped, archived, and the ids changed.
nlohmann::json audit_result(const MutationResult& result);

} // namespace eventctl
