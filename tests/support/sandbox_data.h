#pragma once

// The sandbox's data in a test's database, for the tests that run the documents' examples.

#include "test_database.h"

namespace eventctl::test {

// What scripts/sandbox.sh start loads: the canonical schema and the sample data, with the Rust
// outbox library's tables in the schema oxide.
void load_sandbox_data(const TestDatabase& db);

// Only the sample data, into the tables db has (the canonical ones, or those made partitioned).
void load_sandbox_rows(const TestDatabase& db);

// Two changes made with eventctl on the sandbox's data, for examples that look back at the
// audit: record 1 retries the failed entries kafka-2 refused, record 2 purges what finished
// over 30 days ago.
void add_audit_history(const TestDatabase& db);

} // namespace eventctl::test
