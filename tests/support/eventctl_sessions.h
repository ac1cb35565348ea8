#pragma once

#include "test_database.h"

#include <string>

namespace eventctl::test {

// How many sessions eventctl's command (application_name "eventctl/outbox purge") has open in
// the test's database (the cluster is shared with the tests running beside it), counting only those
// that meet condition (SQL on pg_stat_activity, such as "wait_event_type = 'Lock'"): how a test
// sees a command at work, waiting, or gone.
long eventctl_sessions(const TestDatabase& db, const std::string& command,
                       const std::string& condition = "true");

} // namespace eventctl::test
