#pragma once

#include "test_database.h"

#include <string>

namespace eventctl::test {

// A digest of every row of a table, to prove a command changed nothing at all.
std::string table_snapshot(const TestDatabase& db, const std::string& table = "public.outbox");

} // namespace eventctl::test
