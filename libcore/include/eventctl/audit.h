#pragma once

#include "eventctl/session.h"
#include "eventctl/tables.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace eventctl {

// One applied mutation, as the audit table keeps it (DESIGN 5).
struct AuditRecord {
    std::string command;      // e.g. "outbox retry"
    std::string command_line; // argv with secrets masked
    bool dry_run = false;
    std::int64_t matched = 0;
    std::int64_t changed = 0;
    nlohmann::json selection = nlohmann::json::object();
    nlohmann::json result = nlohmann::json::object();
};

// Writes the record in the caller's transaction, so the audit and the change commit together;
// the database user is the session's, the OS user this process's.
void write_audit(Session& session, pqxx::transaction_base& tx, const TableNames& tables,
                 const AuditRecord& record);

// The user this process runs as, for the audit record.
std::string os_user();

} // namespace eventctl
