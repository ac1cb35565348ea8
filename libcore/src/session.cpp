#include "eventctl/session.h"

#include "eventctl/secrets.h"

#include <chrono>
#include <cstdlib>

namespace eventctl {

namespace {

std::string milliseconds_setting(std::chrono::milliseconds value) {
    return std::to_string(value.count()) + "ms";
}

} // namespace

std::vector<std::string> settings_secrets(const ConnectionSettings& settings,
                                          const EnvLookup& env) {
    return connection_secrets(resolve_conninfo(settings, env).conninfo, env("PGPASSWORD"));
}

Session::Session(const ConnectionSettings& settings, const EnvLookup& env, Logger logger)
    : m_logger(std::move(logger)) {
    auto resolved = resolve_conninfo(settings, env);
    m_secrets = connection_secrets(resolved.conninfo, env("PGPASSWORD"));
    log("connecting with " + resolved.source + ": " +
        (resolved.conninfo.empty() ? "(PG* environment)" : mask_conninfo(resolved.conninfo)));

    // libpq waits forever on a host that drops packets; an operator would rather get exit 69.
    if (env("PGCONNECT_TIMEOUT") == nullptr) {
        setenv("PGCONNECT_TIMEOUT", "10", 0);
    }
    m_connection = std::make_unique<pqxx::connection>(resolved.conninfo);
    m_connection->set_client_encoding("UTF8");

    pqxx::nontransaction setup(*m_connection);
    SqlParams params;
    auto sql = "SELECT pg_catalog.set_config('application_name', " +
               params.bind(application_name(settings.command)) +
               ", false), pg_catalog.set_config('lock_timeout', " +
               params.bind(milliseconds_setting(settings.lock_timeout)) +
               ", false), pg_catalog.set_config('statement_timeout', " +
               params.bind(milliseconds_setting(settings.statement_timeout)) +
               ", false), pg_catalog.set_config('search_path', '', false)"
               ", pg_catalog.set_config('TimeZone', 'UTC', false)";
    exec(setup, sql, params);
    setup.commit();
}

pqxx::result Session::exec(pqxx::transaction_base& tx, const std::string& sql,
                           const SqlParams& params) {
    if (m_logger) {
        log("SQL: " + sql + (params.values().empty() ? "" : "  [" + params.describe() + "]"));
    }
    auto started = std::chrono::steady_clock::now();
    auto values = params.values();
    auto result = tx.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    if (m_logger) {
        std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - started;
        log("-> " + std::to_string(result.size()) + " rows in " + std::to_string(elapsed.count()) +
            " ms");
    }
    return result;
}

void Session::log(const std::string& line) const {
    if (m_logger) {
        m_logger(mask_secrets(line, m_secrets));
    }
}

} // namespace eventctl
