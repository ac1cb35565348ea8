#pragma once

#include "eventctl/change/change.h"
#include "eventctl/command.h"
#include "eventctl/session/session.h"
#include "eventctl/sql/sql.h"

#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// One applied mutation, as the audit table keeps it (DESIGN 5).
struct AuditRecord {
    Command command = Command::outbox_retry; // recorded by its audit_name
    std::string command_line;                // argv with secrets masked
    bool dry_run = false;
    std::int64_t matched = 0;
    std::int64_t changed = 0;
    nlohmann::json selection = nlohmann::json::object();
    nlohmann::json result = nlohmann::json::object();
};

// Writes the record in the caller's transaction, so the audit and the change commit together,
// and returns its id; the database user is the session's, the OS user this process's.
std::int64_t write_audit(Session& session, pqxx::transaction_base& tx, const QualifiedName& table,
                         const AuditRecord& record);

// Writes the record to the --verbose log: the audit of a layout without an audit table.
void note_audit(const Session& session, const AuditRecord& record);

// The audit record of a batched mutation: written before the first batch (so a role that cannot
// audit changes nothing) and advanced inside each batch's transaction, so it always matches what
// was committed, also when the process dies halfway. A layout without an audit table gets the
// record on the --verbose log instead (DESIGN 5).
//
// Until it finishes, the record's result says "unfinished": true, so a record left by a
// process that died (or still runs) is told from one that ended (eventctl audit).
class AuditTrail {
  public:
    // Writes the opening record (counts zero) in a transaction of its own.
    AuditTrail(Session& session, const std::optional<QualifiedName>& table,
               const AuditRecord& opening);

    // The record's id; none without an audit table.
    std::optional<std::int64_t> id() const;
    // Adds a batch's counts, in the batch's own transaction.
    void add(pqxx::transaction_base& tx, std::int64_t matched, std::int64_t changed);
    // Merges the keys of patch into the result document, in the caller's transaction: what a
    // long change keeps to be resumed from (a redrive's position).
    void keep(pqxx::transaction_base& tx, const nlohmann::json& patch);
    // Records the final result document once the mutation is done, with its outcome from the
    // run's record: "complete", "interrupted" (SIGINT, SIGTERM) or "stopped" (a bound such as
    // --max-rows), and stopped_by.
    void finish(nlohmann::json result, const RunRecord& run);
    // Records a mutation that failed part way: result holds what was committed (batches,
    // counts) and the outcome says "failed: " and the error, scrubbed of the session's secrets.
    // Never throws: the failure being reported matters more, and the connection may be gone.
    void fail(nlohmann::json result, std::exception_ptr error) noexcept;

  private:
    void write_result(const nlohmann::json& result);

    Session& m_session;
    std::optional<QualifiedName> m_table;
    AuditRecord m_record; // kept for the --verbose log when there is no table
    std::int64_t m_id = 0;
};

// The outcome an audit record names for a run: "complete", "interrupted" or "stopped".
std::string run_outcome(const RunRecord& run);

// The user this process runs as, for the audit record.
std::string os_user();

// The columns of an audit table that eventctl writes or reads back (RETURNING id): what a
// layout's audit table must have.
const std::vector<std::string>& audit_record_columns();

} // namespace eventctl
