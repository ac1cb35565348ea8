#pragma once

#include "eventctl/command.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace eventctl {

// Reads an environment variable; a parameter so tests need not touch the real environment.
using EnvLookup = std::function<const char*(const char*)>;

// How to reach the database and how to configure every session opened there.
struct ConnectionSettings {
    std::optional<std::string> db;     // -d/--db: a postgresql:// URI or a key=value conninfo
    Command command = Command::doctor; // shown as application_name eventctl/<command>
    std::chrono::milliseconds lock_timeout{std::chrono::seconds(5)};
    std::chrono::milliseconds statement_timeout{std::chrono::seconds(60)};
};

// The connection string chosen and where it came from, for --verbose and error hints.
struct ResolvedConninfo {
    std::string conninfo; // empty: libpq's own defaults (PG* variables, service file, .pgpass)
    std::string source;   // "--db", "EVENTCTL_DB", "DATABASE_URL" or "libpq defaults"
};

// Picks the connection string: --db, then EVENTCTL_DB, then DATABASE_URL, then libpq defaults.
ResolvedConninfo resolve_conninfo(const ConnectionSettings& settings, const EnvLookup& env);

} // namespace eventctl
