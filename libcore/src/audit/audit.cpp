#include "eventctl/audit/audit.h"

#include "eventctl/error_report.h"
#include "eventctl/render/json_text.h"
#include "eventctl/session/transactions.h"

#include <pwd.h>
#include <unistd.h>

namespace eventctl {

std::string os_user() {
    if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
        return entry->pw_name;
    }
    return std::to_string(geteuid());
}

const std::vector<std::string>& audit_record_columns() {
    // Kept in step with the statements below.
    static const std::vector<std::string> columns = {"id",      "command",   "command_line",
                                                     "os_user", "dry_run",   "matched",
                                                     "changed", "selection", "result"};
    return columns;
}

std::int64_t write_audit(Session& session, pqxx::transaction_base& tx, const QualifiedName& table,
                         const AuditRecord& record) {
    SqlParams params;
    auto sql = "INSERT INTO " + table.sql() +
               " (command, command_line, os_user, dry_run, matched, changed, selection, result)"
               " VALUES (" +
               params.bind(std::string(audit_name(record.command))) + ", " +
               params.bind(record.command_line) + ", " + params.bind(os_user()) + ", " +
               params.bind(record.dry_run ? "true" : "false") + "::boolean, " +
               params.bind(std::to_string(record.matched)) + "::bigint, " +
               params.bind(std::to_string(record.changed)) + "::bigint, " +
               params.bind(json_text(record.selection, false)) + "::jsonb, " +
               params.bind(json_text(record.result, false)) + "::jsonb) RETURNING id";
    return session.exec(tx, sql, params)[0][0].as<std::int64_t>();
}

void note_audit(const Session& session, const AuditRecord& record) {
    nlohmann::json line = {{"command", audit_name(record.command)},
                           {"command_line", record.command_line},
                           {"os_user", os_user()},
                           {"dry_run", record.dry_run},
                           {"matched", record.matched},
                           {"changed", record.changed},
                           {"selection", record.selection},
                           {"result", record.result}};
    session.note("audit (the layout has no audit table): " + json_text(line, false));
}

namespace {

// The mark of a record whose change has not finished.
constexpr const char* unfinished_mark = "unfinished";

} // namespace

AuditTrail::AuditTrail(Session& session, const std::optional<QualifiedName>& table,
                       const AuditRecord& opening)
    : m_session(session), m_table(table), m_record(opening) {
    if (!m_table) {
        return;
    }
    auto marked = opening;
    marked.result[unfinished_mark] = true;
    WriteTransaction tx(session.connection());
    m_id = write_audit(session, tx, *m_table, marked);
    tx.commit();
}

std::optional<std::int64_t> AuditTrail::id() const {
    return m_table ? std::optional<std::int64_t>(m_id) : std::nullopt;
}

void AuditTrail::keep(pqxx::transaction_base& tx, const nlohmann::json& patch) {
    m_record.result.update(patch);
    if (!m_table) {
        return;
    }
    SqlParams params;
    m_session.exec(tx,
                   "UPDATE " + m_table->sql() + " SET result = COALESCE(result, '{}'::jsonb) || " +
                       params.bind(json_text(patch, false)) +
                       "::jsonb WHERE id = " + params.bind(std::to_string(m_id)) + "::bigint",
                   params);
}

void AuditTrail::add(pqxx::transaction_base& tx, std::int64_t matched, std::int64_t changed) {
    if (!m_table) {
        m_record.matched += matched;
        m_record.changed += changed;
        return;
    }
    SqlParams params;
    m_session.exec(tx,
                   "UPDATE " + m_table->sql() + " SET matched = matched + " +
                       params.bind(std::to_string(matched)) + "::bigint, changed = changed + " +
                       params.bind(std::to_string(changed)) +
                       "::bigint WHERE id = " + params.bind(std::to_string(m_id)) + "::bigint",
                   params);
}

std::string run_outcome(const RunRecord& run) {
    if (run.complete) {
        return "complete";
    }
    bool signalled = run.stopped_by == "SIGINT" || run.stopped_by == "SIGTERM";
    return signalled ? "interrupted" : "stopped";
}

void AuditTrail::finish(nlohmann::json result, const RunRecord& run) {
    result["outcome"] = run_outcome(run);
    if (run.stopped_by) {
        result["stopped_by"] = *run.stopped_by;
    }
    write_result(result);
}

void AuditTrail::fail(nlohmann::json result, std::exception_ptr error) noexcept {
    try {
        result["outcome"] = "failed: " + describe_error(error, m_session.secrets()).message;
        write_result(result);
    } catch (...) {
        // The record keeps the counts of every committed batch; only the word is lost.
    }
}

void AuditTrail::write_result(const nlohmann::json& result) {
    // What keep kept stays, under the final result.
    auto finished = m_record.result;
    finished.update(result);
    if (!m_table) {
        m_record.result = finished;
        note_audit(m_session, m_record);
        return;
    }
    WriteTransaction tx(m_session.connection());
    SqlParams params;
    m_session.exec(tx,
                   "UPDATE " + m_table->sql() +
                       " SET result = " + params.bind(json_text(finished, false)) +
                       "::jsonb WHERE id = " + params.bind(std::to_string(m_id)) + "::bigint",
                   params);
    tx.commit();
}

} // namespace eventctl
