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

// The exit code PostgreSQL's SQLSTATE calls for (DESIGN 4.2).
ExitCode exit_code_for_sqlstate(const std::string& sqlstate);

} // namespace eventctl
