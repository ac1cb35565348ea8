#include "retention/partman.h"

#include "eventctl/session/transactions.h"
#include "sql/statement.h"

namespace eventctl {

std::optional<std::string> PartmanConfig::retention_warning(const QualifiedName& table) const {
    if (!retention) {
        return std::nullopt;
    }
    return "pg_partman's own retention is configured for " + table.display() + " (retention " +
           *retention + ", " +
           (keep_table ? "partitions detached and kept" : "partitions dropped") +
           "): two retention mechanisms act on this table";
}

std::optional<PartmanConfig> read_partman_config(Session& session, pqxx::transaction_base& tx,
                                                 const QualifiedName& table) {
    // The extension may live in any schema; its name comes from the catalog and is quoted. The
    // privilege test goes through to_regclass, NULL rather than an error for a schema without
    // part_config (the planner may test every schema before the join leaves only partman's).
    auto schema = session.exec(
        tx, "SELECT n.nspname::text FROM pg_catalog.pg_extension e "
            "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_partman' AND COALESCE(pg_catalog.has_table_privilege("
            "pg_catalog.to_regclass(pg_catalog.format('%I.part_config', n.nspname)), 'SELECT'), "
            "FALSE)");
    if (schema.empty()) {
        return std::nullopt;
    }
    // part_config names its tables schema.table, unquoted, as partman itself writes them.
    SqlParams params;
    auto sql =
        fmt::format(R"(SELECT c.partition_interval::text, c.retention::text,
       COALESCE(c.retention_keep_table, TRUE)
FROM {config} AS c
WHERE c.parent_table = {table})",
                    "config"_a = QualifiedName{schema[0][0].as<std::string>(), "part_config"}.sql(),
                    "table"_a = params.bind(table.schema + "." + table.name));
    auto rows = session.exec(tx, sql, params);
    if (rows.empty()) {
        return std::nullopt;
    }
    PartmanConfig config;
    config.interval = rows[0][0].as<std::string>();
    if (!rows[0][1].is_null()) {
        config.retention = rows[0][1].as<std::string>();
    }
    config.keep_table = rows[0][2].as<bool>();
    return config;
}

} // namespace eventctl
