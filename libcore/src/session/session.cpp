#include "eventctl/session/session.h"

#include "eventctl/command.h"
#include "eventctl/error.h"
#include "eventctl/error_report.h"
#include "eventctl/option_ranges.h"
#include "eventctl/session/secrets.h"
#include "eventctl/session/transactions.h"

#include <chrono>
#include <cstdlib>
#include <libpq-fe.h>
#include <new>

namespace eventctl {

namespace {

std::string milliseconds_setting(std::chrono::milliseconds value) {
    return std::to_string(value.count()) + "ms";
}

// libpq's parser names a malformed string or an unknown option precisely; left to the connection
// attempt, the same mistake would read as an unreachable server (exit 69), not as the
// configuration error it is (64).
void check_conninfo(const ResolvedConninfo& resolved) {
    if (resolved.conninfo.empty()) {
        return;
    }
    check_uri_password(resolved.conninfo, resolved.source);
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(resolved.conninfo.c_str(), &error);
    if (options != nullptr) {
        PQconninfoFree(options);
        return;
    }
    std::string message = error != nullptr ? error : "libpq cannot parse it";
    PQfreemem(error);
    message.erase(message.find_last_not_of(" \n") + 1);
    throw UsageError("invalid connection string in " + resolved.source + ": " + message,
                     connection_string_hint());
}

} // namespace

std::vector<std::string> settings_secrets(const ConnectionSettings& settings,
                                          const EnvLookup& env) {
    return connection_secrets(resolve_conninfo(settings, env).conninfo, env("PGPASSWORD"));
}

namespace {

void delete_connection(pqxx::connection_base* connection) {
    delete static_cast<pqxx::connection*>(connection);
}

} // namespace

// Passes what the server says outside a statement's result (a FATAL before it closes an idle
// session) to the error report, and on to the handlers before it.
class ServerMessages : public pqxx::errorhandler {
  public:
    explicit ServerMessages(pqxx::connection_base& connection) : errorhandler(connection) {}
    bool operator()(const char message[]) noexcept override {
        try {
            note_server_message(message);
        } catch (...) {
        }
        return true;
    }
};

namespace {} // namespace

Session::Session(const ConnectionSettings& settings, const EnvLookup& env, Logger logger)
    : m_logger(std::move(logger)), m_connection(nullptr, delete_connection) {
    require_in_range("--lock-timeout", settings.lock_timeout, ranges::timeout);
    require_in_range("--statement-timeout", settings.statement_timeout, ranges::timeout);
    auto resolved = resolve_conninfo(settings, env);
    m_secrets = connection_secrets(resolved.conninfo, env("PGPASSWORD"));
    log("connecting with " + resolved.source + ": " +
        (resolved.conninfo.empty() ? "(PG* environment)" : mask_conninfo(resolved.conninfo)));
    check_conninfo(resolved);

    // libpq waits forever on a host that drops packets; an operator would rather get exit 69.
    if (env("PGCONNECT_TIMEOUT") == nullptr) {
        setenv("PGCONNECT_TIMEOUT", "10", 0);
    }
    m_connection.reset(new pqxx::connection(resolved.conninfo));
    note_connected();
    m_messages = std::make_unique<ServerMessages>(*m_connection);
    m_connection->set_client_encoding("UTF8");
    // libpqxx reconnects a lost connection when the next transaction starts; a command whose
    // server restarted between two batches would then fail to connect and say the server cannot
    // be reached, instead of that it lost the connection in the middle (and a reconnect that
    // succeeded would lose the session's settings). The call is deprecated in 6.4, still there.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    m_connection->inhibit_reactivation(true);
#pragma GCC diagnostic pop

    pqxx::nontransaction setup(*m_connection);
    SqlParams params;
    auto sql = "SELECT pg_catalog.set_config('application_name', " +
               params.bind(application_name(settings.command)) +
               ", false), pg_catalog.set_config('lock_timeout', " +
               params.bind(milliseconds_setting(settings.lock_timeout)) +
               ", false), pg_catalog.set_config('statement_timeout', " +
               params.bind(milliseconds_setting(settings.statement_timeout)) +
               ", false), pg_catalog.set_config('search_path', '', false)"
               ", pg_catalog.set_config('TimeZone', 'UTC', false), current_user::text, "
               "pg_catalog.pg_is_in_recovery(), "
               "pg_catalog.current_setting('default_transaction_read_only') = 'on'";
    auto row = exec(setup, sql, params)[0];
    setup.commit();
    m_user = row[5].as<std::string>();
    m_in_recovery = row[6].as<bool>();
    m_read_only = row[7].as<bool>();
}

void Session::require_writable(Command command) {
    // Said before the change asks or writes anything, in words that name the fix, rather than as
    // PostgreSQL's "cannot execute ... in a read-only transaction" from its first batch. A dry
    // run writes nothing and never gets here.
    if (m_in_recovery) {
        throw UsageError("the database " + target() +
                             " is a standby (in recovery): " + std::string(invoked_name(command)) +
                             " changes rows and runs on the primary only",
                         "point -d/--db (or EVENTCTL_DB) at the primary; --read-db is for the "
                         "read-only commands");
    }
    if (m_read_only) {
        throw Error(ExitCode::no_permission,
                    std::string(invoked_name(command)) + " changes rows, and " + target() +
                        " makes every transaction read-only (default_transaction_read_only)",
                    "run it against the primary; with several hosts in the connection string, "
                    "target_session_attrs=read-write picks it");
    }
}

Session::~Session() {
    m_messages.reset(); // unregisters from the connection, which goes next
}
Session::Session(Session&&) noexcept = default;
// Member by member, the connection would go before the handler registered with it.
Session& Session::operator=(Session&& other) noexcept {
    if (this != &other) {
        this->~Session();
        new (this) Session(std::move(other));
    }
    return *this;
}

pqxx::connection_base& Session::connection() {
    return *m_connection;
}

std::string Session::target() {
    const char* host = m_connection->hostname();
    const char* port = m_connection->port();
    return std::string(m_connection->dbname()) + "@" + (host != nullptr ? host : "") + ":" +
           (port != nullptr ? port : "");
}

template <typename Run>
pqxx::result Session::logged(const std::string& sql, const SqlParams& params, Run run) {
    waiting();
    if (m_logger) {
        log("SQL: " + sql + (params.values().empty() ? "" : "  [" + params.describe() + "]"));
    }
    auto started = std::chrono::steady_clock::now();
    auto result = run();
    if (m_logger) {
        std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - started;
        log("-> " + std::to_string(result.size()) + " rows in " + std::to_string(elapsed.count()) +
            " ms");
    }
    return result;
}

pqxx::result Session::exec(pqxx::transaction_base& tx, const std::string& sql,
                           const SqlParams& params) {
    return logged(sql, params, [&] {
        auto values = params.values();
        return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    });
}

// The extended protocol that exec uses takes one statement; a script needs the simple one.
void Session::exec_script(pqxx::transaction_base& tx, const std::string& sql) {
    logged(sql, {}, [&] { return tx.exec(sql); });
}

void Session::log(const std::string& line) const {
    if (m_logger) {
        m_logger(mask_secrets(line, m_secrets));
    }
}

} // namespace eventctl
