#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eventctl {

// The passwords a connection may carry: from the conninfo or URI (raw and decoded, as libpq
// reads it and as its writer meant it) and PGPASSWORD; every message leaving the process is
// scrubbed of them.
std::vector<std::string> connection_secrets(std::string_view conninfo, const char* pgpassword);

// Replaces every occurrence of each secret in text with "***".
std::string mask_secrets(std::string text, const std::vector<std::string>& secrets);

// A conninfo or URI fit to print: any password replaced with "***", all of it even where an
// unencoded '/' or '@' in it would make libpq read the URI differently.
std::string mask_conninfo(std::string_view conninfo);

// Throws UsageError (exit 64), quoting nothing of it, for a URI whose user name or password
// holds an unencoded '/' or '@': libpq would take part of the password for the host, port or
// database, never connect, and quote that part in its errors. Called before libpq sees the
// string; source names where it came from.
void check_uri_password(std::string_view conninfo, const std::string& source);

// The command line for the audit record: connection strings given to -d/--db and --read-db
// masked, and every known secret replaced wherever else it appears, each argument quoted as a POSIX
// shell would need it ('it'\''s here').
std::string masked_command_line(const std::vector<std::string>& args,
                                const std::vector<std::string>& secrets);

} // namespace eventctl
