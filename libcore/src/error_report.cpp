#include "eventctl/error_report.h"

#include "eventctl/error.h"
#include "eventctl/session/secrets.h"
#include "eventctl/session/transactions.h"

#include <pqxx/except>

namespace eventctl {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

// The server's "LINE 1: <query>" and the caret under it point into SQL the user never wrote.
std::string without_query_context(const std::string& text) {
    std::string kept;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        bool caret = !line.empty() && line.find_first_not_of(" ^") == std::string::npos;
        if (line.rfind("LINE ", 0) != 0 && !caret) {
            kept += line + "\n";
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return kept;
}

} // namespace

// Server and libpq messages span lines ("ERROR:  ...\nDETAIL: ...", "... failed: Connection
// refused\n\tIs the server running ...?"); the contract is one line, so the severity prefix goes
// and the lines are joined with "; ", keeping the break between two sentences visible.
std::string one_line(std::string text) {
    text = without_query_context(text);
    for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
        if (starts_with(text, prefix)) {
            text.erase(0, std::string(prefix).size());
        }
    }
    std::string folded;
    bool pending_space = false;
    bool pending_break = false;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            pending_break = !folded.empty();
            continue;
        }
        if (c == '\t' || c == ' ') {
            pending_space = !folded.empty();
            continue;
        }
        if (pending_break) {
            bool joined = folded.back() == ':' || folded.back() == ';' || folded.back() == ',';
            folded += joined ? " " : "; ";
        } else if (pending_space) {
            folded.push_back(' ');
        }
        pending_space = pending_break = false;
        folded.push_back(c);
    }
    return folded;
}

namespace {

bool mentions_authentication(const std::string& message) {
    for (const char* needle :
         {"password authentication failed", "no password supplied", "authentication failed",
          "permission denied", "pg_hba.conf rejects", "no pg_hba.conf entry"}) {
        if (message.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// A session that was connected and then lost (the server restarted, the backend was
// terminated, the network cut) is not a configuration problem. libpqxx words it in its own
// terms, which name no cause ("Could not obtain client encoding: not connected."), or passes
// on libpq's, which do ("server closed the connection unexpectedly").
bool lost_after_connecting(const std::string& message) {
    for (const char* needle :
         {"Lost connection to the database server", "not connected", "server closed the connection",
          "terminating connection", "no connection to the server", "reactivation is inhibited"}) {
        if (message.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// The server's "role "x" does not exist" or "database "x" does not exist" at connection time.
bool mentions_missing(const std::string& message, const std::string& kind) {
    auto named = message.find(kind + " \"");
    return named != std::string::npos &&
           message.find("\" does not exist", named + kind.size() + 2) != std::string::npos;
}

// libpq checks option values (sslmode, port, ...) only when it connects; it reports them before
// any server is contacted, without the "connection to server ... failed:" prefix.
bool is_option_value_error(const std::string& message) {
    for (const char* prefix :
         {"invalid ", "could not match ", "could not parse network address", "sslmode value "}) {
        if (starts_with(message, prefix)) {
            return true;
        }
    }
    return false;
}

// libpq reads service files only when it connects: a service that no file defines is a
// configuration error, not an unreachable server.
bool is_unknown_service(const std::string& message) {
    return starts_with(message, "definition of service \"") ||
           message.find("service file \"") != std::string::npos;
}

// Where to look when the server cannot be reached: where the connection string came from.
std::string unreachable_hint(const std::string& source) {
    if (source.empty()) {
        return "set --db, EVENTCTL_DB or DATABASE_URL, or libpq's PG* variables";
    }
    if (source == "libpq defaults") {
        return "no connection string was given (--db, EVENTCTL_DB, DATABASE_URL), so libpq's "
               "defaults were used: PGHOST, PGPORT, PGSERVICE and the service file; check the "
               "server is up and those point at it";
    }
    if (source == "--db") {
        return "check the server is up, and the host and port in --db";
    }
    return "the connection string came from " + source +
           ": check the server is up, and the host and port there (--db overrides it)";
}

std::string connection_string_source(const std::string& source) {
    return source.empty() ? std::string() : " in " + source;
}

ErrorReport connection_lost(const std::string& message) {
    bool says_why = message.find("not connected") == std::string::npos &&
                    message != "Connection to database failed" &&
                    message.find("Lost connection to the database server") == std::string::npos &&
                    message.find("reactivation is inhibited") == std::string::npos;
    return {ExitCode::unavailable,
            "lost the connection to the database in the middle of the command" +
                (says_why ? ": " + message : std::string(" (the server restarted or ended it)")),
            "what was committed before stays committed; run the command again once the server "
            "is back"};
}

std::string hint_for_sqlstate(const std::string& sqlstate) {
    if (sqlstate == "42P01" || sqlstate == "3F000" || sqlstate == "42703") {
        return "check --schema and the table options; 'eventctl doctor' compares the layout with "
               "the tables";
    }
    if (sqlstate == "55P03") {
        return "another session holds the lock; retry later or raise --lock-timeout";
    }
    if (sqlstate == "57014") {
        return "the statement ran past --statement-timeout; retry, or raise it";
    }
    if (sqlstate == "42501") {
        return "grant the role the privilege named above, or connect as one that has it";
    }
    if (sqlstate == "25006") {
        return "the server or the session is read-only (a standby, or "
               "default_transaction_read_only): run changes against the primary";
    }
    if (sqlstate == "22021") {
        // eventctl reads in UTF-8; a SQL_ASCII database can hold other bytes in a text column.
        return "a row read holds bytes that are not UTF-8; narrow the selection (ids, "
               "--created-after, --created-before) to leave it out";
    }
    return {};
}

// libpqxx 6.4 raises a subclass for some SQLSTATEs and then leaves sqlstate() empty; the class
// says which state it was.
std::string sqlstate_of(const pqxx::sql_error& error) {
    if (!error.sqlstate().empty()) {
        return error.sqlstate();
    }
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&error)) {
        return "42501";
    }
    if (dynamic_cast<const pqxx::undefined_table*>(&error)) {
        return "42P01";
    }
    if (dynamic_cast<const pqxx::undefined_column*>(&error)) {
        return "42703";
    }
    if (dynamic_cast<const pqxx::undefined_function*>(&error)) {
        return "42883";
    }
    if (dynamic_cast<const pqxx::syntax_error*>(&error)) {
        return "42601";
    }
    if (dynamic_cast<const pqxx::data_exception*>(&error)) {
        return "22000";
    }
    if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&error)) {
        return "23000";
    }
    if (dynamic_cast<const pqxx::insufficient_resources*>(&error)) {
        return "53000";
    }
    return {};
}

// A standby cancels a read (or ends an idle transaction's session) when replaying the primary's
// changes would otherwise wait on it: a cleanup of rows the read's snapshot still sees, or a lock
// it holds. The read was fine; run again, it sees the replayed state.
bool is_recovery_conflict(const std::string& message) {
    return message.find("conflict with recovery") != std::string::npos;
}

ErrorReport recovery_conflict(const std::string& message) {
    return {ExitCode::temp_failure, message,
            "the standby cancelled the read to apply changes from the primary; retry, or raise "
            "max_standby_streaming_delay or turn on hot_standby_feedback on the standby"};
}

// The last message note_server_message recorded that explains a lost connection.
std::string& server_farewell() {
    static std::string message;
    return message;
}

bool& connected_once() {
    static bool connected = false;
    return connected;
}

// libpqxx's message when a statement finds its connection gone, without libpq's reason.
bool lost_without_reason(const std::string& message) {
    return message == "Connection to database failed" && connected_once();
}

ErrorReport classify(std::exception_ptr error, const std::string& conninfo_source) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return {e.code(), e.what(), e.hint()};
    } catch (const pqxx::too_many_connections& e) {
        return {ExitCode::temp_failure, one_line(e.what()),
                "the server has no connection slot free; retry later"};
    } catch (const pqxx::broken_connection& e) {
        std::string message = one_line(e.what());
        if (is_recovery_conflict(message)) {
            return recovery_conflict(message);
        }
        if (lost_after_connecting(message) && is_recovery_conflict(server_farewell())) {
            return recovery_conflict(one_line(server_farewell()));
        }
        if (mentions_authentication(message)) {
            return {ExitCode::no_permission, message,
                    "check the user and password in --db, EVENTCTL_DB, DATABASE_URL or .pgpass"};
        }
        if (lost_after_connecting(message) || lost_without_reason(message)) {
            return connection_lost(message);
        }
        // A server that answers and names what is wrong is reachable: the configuration is not.
        if (mentions_missing(message, "role")) {
            return {ExitCode::no_permission, message,
                    "check the user in --db, EVENTCTL_DB, DATABASE_URL or PGUSER: no such role "
                    "exists on that server"};
        }
        if (mentions_missing(message, "database")) {
            return {ExitCode::usage, message,
                    "check the dbname in --db, EVENTCTL_DB, DATABASE_URL or PGDATABASE"};
        }
        if (is_option_value_error(message)) {
            return {ExitCode::usage,
                    "invalid connection string" + connection_string_source(conninfo_source) + ": " +
                        message,
                    connection_string_hint() +
                        "; libpq's PG* variables (PGSSLMODE, PGPORT, ...) fill in what it leaves "
                        "out"};
        }
        if (is_unknown_service(message)) {
            return {ExitCode::usage, "unknown connection service: " + message,
                    "define the service in ~/.pg_service.conf (or the file PGSERVICEFILE names), "
                    "or give --db"};
        }
        return {ExitCode::unavailable, "cannot reach the database: " + message,
                unreachable_hint(conninfo_source)};
    } catch (const pqxx::sql_error& e) {
        auto sqlstate = sqlstate_of(e);
        if (is_recovery_conflict(e.what())) {
            return recovery_conflict(one_line(e.what()));
        }
        return {exit_code_for_sqlstate(sqlstate), one_line(e.what()), hint_for_sqlstate(sqlstate)};
    } catch (const pqxx::transaction_rollback& e) {
        // Serialization failures and deadlocks: nothing was changed, and a rerun may succeed.
        return {ExitCode::temp_failure, one_line(e.what()), "retry the command"};
    } catch (const pqxx::in_doubt_error& e) {
        return {ExitCode::temp_failure,
                "the connection broke during commit; the outcome is unknown: " + one_line(e.what()),
                "check the table before running the command again"};
    } catch (const std::exception& e) {
        return {ExitCode::internal, "internal error: " + one_line(e.what()), {}};
    } catch (...) {
        return {ExitCode::internal, "internal error: unknown exception", {}};
    }
}

} // namespace

void note_server_message(const std::string& message) {
    if (is_recovery_conflict(message)) {
        server_farewell() = message;
    }
}

void note_connected() {
    connected_once() = true;
}

std::string connection_string_hint() {
    return "-d takes a URI such as postgresql://user@host:5432/dbname or key=value settings "
           "such as 'host=db.internal port=5432 dbname=shop user=ops'";
}

ExitCode exit_code_for_sqlstate(const std::string& sqlstate) {
    if (sqlstate == "42501" || sqlstate == "25006" || starts_with(sqlstate, "28")) {
        return ExitCode::no_permission;
    }
    if (sqlstate == "55P03" || sqlstate == "57014" || sqlstate == "40001" || sqlstate == "40P01" ||
        sqlstate == "57P03" || starts_with(sqlstate, "53")) {
        return ExitCode::temp_failure;
    }
    if (starts_with(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02") {
        return ExitCode::unavailable;
    }
    // 3D000: the database named does not exist, a configuration error like an unknown table.
    if (sqlstate == "42P01" || sqlstate == "42703" || sqlstate == "3F000" || sqlstate == "42704" ||
        sqlstate == "3D000") {
        return ExitCode::usage;
    }
    // 54000: a value too large for the server, such as a name past the btree index row limit.
    if (starts_with(sqlstate, "22") || starts_with(sqlstate, "23") || sqlstate == "54000") {
        return ExitCode::data_error;
    }
    return ExitCode::internal;
}

namespace {

// Messages quote what they refuse, and that may be a 120 KiB argument or the names of 300,000
// consumers in a plan file: the line stays readable in a terminal and a cron log.
constexpr std::size_t max_message_bytes = 1000;

std::string abbreviated(std::string text) {
    if (text.size() <= max_message_bytes) {
        return text;
    }
    auto cut = max_message_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut; // never split a UTF-8 sequence
    }
    auto dropped = text.size() - cut;
    text.resize(cut);
    return text + "... (" + std::to_string(dropped) + " more bytes)";
}

} // namespace

ErrorReport describe_error(std::exception_ptr error, const std::vector<std::string>& secrets,
                           const std::string& conninfo_source) {
    auto report = classify(error, conninfo_source);
    // Masked before it is cut, so no part of a secret can survive at the cut.
    report.message = abbreviated(mask_secrets(report.message, secrets));
    report.hint = abbreviated(mask_secrets(report.hint, secrets));
    return report;
}

} // namespace eventctl
