#pragma once

// eventctl audit list and show, in every output format. A RECORD in JSON: {"id",
// "occurred_at", "command", "command_line", "db_user", "os_user", "dry_run", "matched",
// "changed", "outcome", "selection", "result"}; list's json is {"records": [RECORD]}, its
// ndjson one RECORD per line; csv has the selection and result as JSON text.

#include "eventctl/audit/audit_records.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

namespace eventctl {

// One audit record as the JSON contract spells it.
nlohmann::json audit_entry_json(const AuditEntry& entry);

// Writes audit list in the chosen format.
void render_audit_list(std::ostream& out, const std::vector<AuditEntry>& entries,
                       OutputFormat format, const Terminal& terminal);

// Writes one record in full (audit show) in the chosen format.
void render_audit_entry(std::ostream& out, const AuditEntry& entry, OutputFormat format);

} // namespace eventctl
