#pragma once

// What the fault-injection tests share: their own server, ways to cut eventctl off in the
// middle of a command, and the check that it then fails the documented way.

#include "process.h"
#include "test_database.h"

#include <chrono>
#include <string>

namespace eventctl::test {

// The fault tests' own cluster (pg_cluster.sh start-own), which they may crash and restart
// without disturbing the tests that share the main one.
std::string fault_server();

// Crashes the fault server (an immediate stop cuts every session) and starts it again on the
// same port; waits until it accepts connections.
void restart_fault_server();

// Whether stderr is the documented failure: one "eventctl: ..." line, at most one "HINT: ..."
// line after it, and no internal error.
bool is_one_line_error(const std::string& err);

// Polls until no eventctl session is left in db (a killed client's backend finishes its
// statement and rolls back by itself; the checks must see the state it leaves).
bool wait_until_no_eventctl_session(const TestDatabase& db, std::chrono::milliseconds timeout);

// Cuts eventctl's connection the way a DBA or a network fault would: pg_terminate_backend of
// each session named eventctl/<command> in db; returns how many were cut.
int terminate_sessions(const TestDatabase& db, const std::string& command);

// Runs eventctl until it does not exit 75 (another purge still holding its lock, say), as cron
// would, at most timeout; returns the last result.
ProcessResult rerun_until_done(const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout);

} // namespace eventctl::test
