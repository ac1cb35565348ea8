#include "retention/purge_run.h"

#include "eventctl/change/change.h"
#include "eventctl/error.h"
#include "eventctl/retention/vacuum_horizon.h"
#include "eventctl/session/secrets.h"
#include "eventctl/session/transactions.h"
#include "eventctl/time.h"
#include "retention/partman.h"
#include "sql/statement.h"

namespace eventctl {

void lock_out_other_purges(Session& session, Command command, const QualifiedName& table) {
    // The keys of earlier versions, so that they and this one exclude each other too.
    auto key =
        std::string(command == Command::log_purge ? "eventctl log purge " : "eventctl purge ") +
        table.sql();
    pqxx::nontransaction tx(session.connection());
    SqlParams params;
    auto sql = fmt::format("SELECT pg_catalog.pg_try_advisory_lock("
                           "pg_catalog.hashtextextended({key}, 0))",
                           "key"_a = params.bind(key));
    if (!session.exec(tx, sql, params)[0][0].as<bool>()) {
        throw Error(ExitCode::temp_failure,
                    "another purge of " + table.display() + " is running; try again later",
                    "see pg_stat_activity for application_name '" + application_name(command) +
                        "'");
    }
}

void add_partman_warning(Session& session, const QualifiedName& table, MutationResult& result) {
    ReadTransaction tx(session.connection());
    auto partman = read_partman_config(session, tx, table);
    tx.commit();
    if (partman) {
        if (auto warning = partman->retention_warning(table)) {
            result.warnings.push_back(*warning);
        }
    }
}

void add_vacuum_horizon(Session& session, const QualifiedName& table,
                        std::chrono::steady_clock::time_point started, MutationResult& result) {
    auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    ReadTransaction tx(session.connection());
    result.vacuum = read_vacuum_horizon(session, tx, table, elapsed + 1);
    tx.commit();
}

nlohmann::json manifest_facts(const MutationResult& result, const QualifiedName& table,
                              const nlohmann::json& bounds) {
    nlohmann::json facts = {{"command", std::string(command_name(result.command))},
                            {"database", result.run.database},
                            {"table", table.display()},
                            {"started_at", format_rfc3339(result.run.started_at)},
                            {"finished_at", format_rfc3339(result.run.finished_at)},
                            {"deleted", result.changed},
                            {"complete", result.run.complete}};
    facts.update(bounds);
    if (result.run.stopped_by) {
        facts["stopped_by"] = *result.run.stopped_by;
    }
    return facts;
}

void write_failed_manifest(ArchiveWriter& archive, MutationResult& result,
                           const QualifiedName& table, const nlohmann::json& bounds,
                           const std::exception& failure, const Session& session) {
    finish_record(result.run);
    result.run.complete = false;
    auto facts = manifest_facts(result, table, bounds);
    facts["failed"] = mask_secrets(failure.what(), session.secrets());
    try {
        archive.write_manifest(facts);
    } catch (const std::exception&) {
        // The failure that stopped the purge is the one to report.
    }
}

} // namespace eventctl
