#pragma once

// eventctl audit: the audit records read back (DESIGN 5), so "what did the last purge do" and
// "who retried these" are answered without psql. Read-only, in READ ONLY transactions.

#include "eventctl/layout/layout.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// Which records audit list shows.
struct AuditQuery {
    std::optional<std::string> command; // an audited command's name: "outbox retry"
    std::optional<TimePoint> since;     // occurred at or after
    std::optional<TimePoint> until;     // occurred before
    std::int64_t limit = 20;            // the newest first; 0: all
};

// One audit record.
struct AuditEntry {
    std::int64_t id = 0;
    std::optional<TimePoint> occurred_at; // NULL where the table records no time
    std::string command;
    std::string command_line;
    std::optional<std::string> db_user;
    std::optional<std::string> os_user;
    bool dry_run = false;
    std::int64_t matched = 0;
    std::int64_t changed = 0;
    nlohmann::json selection = nlohmann::json::object();
    nlohmann::json result = nlohmann::json::object();
    // complete, stopped (by SIGINT, SIGTERM, max-rows, the canary...), or unfinished: the
    // change has not finished (it runs, or its process ended first: kill -9, a lost connection).
    std::string outcome;
};

// The names audit records give their commands, as --command takes them.
std::vector<std::string> audited_command_names();

// The outcome a record's result document says.
std::string audit_outcome(const nlohmann::json& result);

// Checks, before anything connects, that the layout has an audit table and the query makes
// sense; throws UsageError otherwise.
void validate_audit_query(const Layout& layout, const AuditQuery& query);

// The records the query selects, the newest first.
std::vector<AuditEntry> list_audit(Session& session, const Layout& layout, const AuditQuery& query);

// One record; DataError when there is none of that id.
AuditEntry show_audit(Session& session, const Layout& layout, std::int64_t id);

} // namespace eventctl
