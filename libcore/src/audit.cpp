#include "eventctl/audit.h"

#include "eventctl/json_text.h"

#include <pwd.h>
#include <unistd.h>

namespace eventctl {

std::string os_user() {
    if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
        return entry->pw_name;
    }
    return std::to_string(geteuid());
}

void write_audit(Session& session, pqxx::transaction_base& tx, const TableNames& tables,
                 const AuditRecord& record) {
    SqlParams params;
    auto sql = "INSERT INTO " + tables.audit_table().sql() +
               " (command, command_line, os_user, dry_run, matched, changed, selection, result)"
               " VALUES (" +
               params.bind(record.command) + ", " + params.bind(record.command_line) + ", " +
               params.bind(os_user()) + ", " + params.bind(record.dry_run ? "true" : "false") +
               "::boolean, " + params.bind(std::to_string(record.matched)) + "::bigint, " +
               params.bind(std::to_string(record.changed)) + "::bigint, " +
               params.bind(json_text(record.selection, false)) + "::jsonb, " +
               params.bind(json_text(record.result, false)) + "::jsonb)";
    session.exec(tx, sql, params);
}

} // namespace eventctl
