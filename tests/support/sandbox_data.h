#pragma once

// The sandbox's data in a test's database, for the tests that run the documents' examples.

#include "test_database.h"

namespace eventctl::test {

// What scripts/sandbox.sh start loads: the canonical schema and the sample data, with the Rust
// outbox library's tables in the schema oxide.
void load_sandbox_data(const TestDatabase& db);

} // namespace eventctl::test
