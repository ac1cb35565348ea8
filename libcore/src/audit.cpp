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

std::int64_t write_audit(Session& session, pqxx::transaction_base& tx, const TableNames& tables,
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
               params.bind(json_text(record.result, false)) + "::jsonb) RETURNING id";
    return session.exec(tx, sql, params)[0][0].as<std::int64_t>();
}

AuditTrail::AuditTrail(Session& session, const TableNames& tables, const AuditRecord& opening)
    : m_session(session), m_tables(tables) {
    WriteTransaction tx(session.connection());
    m_id = write_audit(session, tx, tables, opening);
    tx.commit();
}

void AuditTrail::add(pqxx::transaction_base& tx, std::int64_t matched, std::int64_t changed) {
    SqlParams params;
    m_session.exec(tx,
                   "UPDATE " + m_tables.audit_table().sql() + " SET matched = matched + " +
                       params.bind(std::to_string(matched)) + "::bigint, changed = changed + " +
                       params.bind(std::to_string(changed)) +
                       "::bigint WHERE id = " + params.bind(std::to_string(m_id)) + "::bigint",
                   params);
}

void AuditTrail::finish(const nlohmann::json& result) {
    WriteTransaction tx(m_session.connection());
    SqlParams params;
    m_session.exec(tx,
                   "UPDATE " + m_tables.audit_table().sql() +
                       " SET result = " + params.bind(json_text(result, false)) +
                       "::jsonb WHERE id = " + params.bind(std::to_string(m_id)) + "::bigint",
                   params);
    tx.commit();
}

} // namespace eventctl
