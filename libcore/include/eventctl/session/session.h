#pragma once

#include "eventctl/session/connection.h"
#include "eventctl/sql/sql.h"

#include <functional>
#include <memory>
#include <pqxx/types.hxx>
#include <string>
#include <vector>

namespace eventctl {

// Receives --verbose lines (SQL, timings); empty when nobody listens. libcore never prints.
using Logger = std::function<void(const std::string&)>;

// The transactions of transactions.h, by name: a header that only passes them on needs no
// libpqxx.
class ReadTransaction;
class WriteTransaction;
class ServerMessages;

// One connection, set up the same way for every command: application_name, UTF-8, UTC,
// an empty search_path (every name we use is qualified) and the lock and statement timeouts.
class Session {
  public:
    // Connects; throws pqxx::broken_connection when the server cannot be reached.
    Session(const ConnectionSettings& settings, const EnvLookup& env, Logger logger = {});
    ~Session();
    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;

    // The underlying connection, for opening transactions.
    pqxx::connection_base& connection();

    // Runs one statement with bound values, logging it and its duration when verbose.
    pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql,
                      const SqlParams& params = {});
    // Runs a script of several statements with no values (DDL), logged like exec.
    void exec_script(pqxx::transaction_base& tx, const std::string& sql);

    // Sets what to do before eventctl waits on the server: before each statement is sent, and
    // where code waits for rows otherwise (waiting()). A streaming writer flushes there, so no
    // line already read sits in a buffer while eventctl waits for more.
    void on_wait(std::function<void()> hook) { m_on_wait = std::move(hook); }
    // Runs the on_wait hook; for code about to wait on the server outside exec.
    void waiting() const {
        if (m_on_wait) {
            m_on_wait();
        }
    }

    // Writes a line to the --verbose log (secrets masked); nothing without --verbose.
    void note(const std::string& line) const { log(line); }

    // The database the session is connected to, for people and records: database@host:port
    // (the host a socket directory for a local connection).
    std::string target();

    // The role the session runs as (current_user).
    const std::string& user() const { return m_user; }
    // Whether the server is a standby (pg_is_in_recovery() when the session opened).
    bool in_recovery() const { return m_in_recovery; }
    // Throws unless command may change rows here: a standby is a usage error (exit 64), a
    // session that makes every transaction read-only a permission error (77).
    void require_writable(Command command);

    // Passwords this session was given; error messages are scrubbed of them.
    const std::vector<std::string>& secrets() const { return m_secrets; }

  private:
    void log(const std::string& line) const;
    template <typename Run>
    pqxx::result logged(const std::string& sql, const SqlParams& params, Run run);

    Logger m_logger;
    std::function<void()> m_on_wait;
    std::vector<std::string> m_secrets;
    std::string m_user;
    bool m_in_recovery = false;
    bool m_read_only = false; // default_transaction_read_only
    // A pqxx::connection, deleted as one (connection_base has no virtual destructor).
    std::unique_ptr<pqxx::connection_base, void (*)(pqxx::connection_base*)> m_connection;
    // Declared after the connection, so it goes first: it unregisters from it.
    std::unique_ptr<ServerMessages> m_messages;
};

// Secrets the connection would carry, for scrubbing errors raised before a session exists.
std::vector<std::string> settings_secrets(const ConnectionSettings& settings, const EnvLookup& env);

} // namespace eventctl
