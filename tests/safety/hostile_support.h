#pragma once

// Helpers for driving the real binary with hostile input and proving what it did and did not
// change.

#include "process.h"
#include "table_snapshot.h"
#include "test_database.h"

#include <string>
#include <vector>

namespace eventctl::test {

// text as an SQL literal, quoted by the server's own rules, for the tests' checking queries.
std::string sql_literal(const TestDatabase& db, const std::string& text);

// The ids in `outbox list -o json` output, sorted.
std::vector<std::string> listed_ids(const std::string& json_out);

// The ids a checking query returns, sorted.
std::vector<std::string> ids_of(const TestDatabase& db, const std::string& sql);

// Whether the exit code is one the contract allows for bad input: 64 (usage) or 65 (data).
bool refused_as_bad_input(const ProcessResult& result);

} // namespace eventctl::test
