#pragma once

#include "eventctl/exit_code.h"

#include <exception>
#include <string>
#include <vector>

namespace eventctl {

// What the user is told about a failure: the exit code, one line, and a hint when the fix is known.
struct ErrorReport {
    ExitCode code;
    std::string message;
    std::string hint;
};

// Classifies any exception (ours, libpqxx's, the standard library's) into a report, scrubbed
// of the given secrets and folded onto one line. conninfo_source (ResolvedConninfo::source)
// says where the connection string came from, for the hints of connection failures.
ErrorReport describe_error(std::exception_ptr error, const std::vector<std::string>& secrets,
                           const std::string& conninfo_source = {});

// The HINT for a connection string libpq cannot use: what -d takes.
std::string connection_string_hint();

// Records a message the server sent outside any statement's result (libpq hands it to the notice
// processor): a standby ending an idle session for a recovery conflict says why only there,
// and the connection is lost by the time eventctl reads again.
void note_server_message(const std::string& message);

// Records that a connection was made: a connection lost in the middle of a statement reaches
// eventctl as libpqxx's bare "Connection to database failed", which names no cause, and only
// this tells it from a server that could not be reached at all.
void note_connected();

// A server's or libpq's message on one line: its severity prefix and the query context the
// user never wrote left out, its lines joined with "; ".
std::string one_line(std::string text);

// The exit code PostgreSQL's SQLSTATE calls for (DESIGN 4.2).
ExitCode exit_code_for_sqlstate(const std::string& sqlstate);

} // namespace eventctl
