#pragma once

// eventctl audit's command-line halves: what CLI11 fills and its conversion into the query
// libcore takes.

#include "eventctl/audit/audit_records.h"

#include <cstdint>
#include <optional>
#include <string>

namespace eventctl::cli {

// audit list and audit show, as typed.
struct AuditArgs {
    std::optional<std::string> command;
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::int64_t limit = 20;
    std::int64_t id = 0; // audit show
};

// Resolves audit list's options: times and "ago" durations turned into instants.
AuditQuery to_audit_query(const AuditArgs& args, TimePoint now);

} // namespace eventctl::cli
