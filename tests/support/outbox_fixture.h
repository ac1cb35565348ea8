#pragma once

#include "test_database.h"

#include <string>

namespace eventctl::test {

// A row for the canonical outbox; fields left empty take the table's defaults.
struct FixtureEntry {
    std::string status = "pending";
    std::string event_type = "OrderPlaced";
    std::string created_ago = "1 hour"; // an interval before now()
    std::string tenant_id;
    std::string aggregate_type;
    std::string aggregate_id;
    std::string last_error;
    std::string locked_until_from_now; // an interval added to now(), e.g. "-5 minutes"
    int attempts = 0;
};

// Inserts an entry and returns its id.
std::string insert_entry(const TestDatabase& db, const FixtureEntry& entry);

} // namespace eventctl::test
