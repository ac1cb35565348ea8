#pragma once

#include "test_database.h"

#include <string>

namespace eventctl::test {

// A digest of every row of a table, to prove a command changed nothing at all.
std::string table_snapshot(const TestDatabase& db, const std::string& table = "public.outbox");

// The digests of the tables eventctl changes: outbox, event log and consumers.
std::string data_tables_snapshot(const TestDatabase& db);

// The same, and the audit records too.
std::string all_tables_snapshot(const TestDatabase& db);

// How many audit records claim a change or a finished run. A mutation writes its opening audit
// record (changed 0, no batches in its result) before its first batch, by design, so a run that
// fails at its first batch leaves that record of the attempt and nothing else.
long audited_changes(const TestDatabase& db);

} // namespace eventctl::test
