#pragma once

// Running eventctl against a test database with a layout: the argv every layout test repeats.

#include "process.h"
#include "test_database.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace eventctl::test {

// eventctl ARGS --layout LAYOUT -d DB; the caller checks the exit code.
ProcessResult run_with_layout(const TestDatabase& db, const std::string& layout,
                              std::vector<std::string> args);

// The same with -o json, requiring exit 0; stdout parsed.
nlohmann::json json_with_layout(const TestDatabase& db, const std::string& layout,
                                std::vector<std::string> args);

// The same with -o ndjson (log replay's default), requiring exit 0; one document per line.
std::vector<nlohmann::json> lines_with_layout(const TestDatabase& db, const std::string& layout,
                                              std::vector<std::string> args);

// The "ids" a mutation's JSON result lists as changed.
std::set<std::string> changed_ids(const nlohmann::json& result);

// The decision (drop, rows, keep) a purge --drop-partitions result gives each partition.
std::map<std::string, std::string> partition_decisions(const nlohmann::json& result);

// One field of each replayed event, such as "seq_no" or "stream_seq", in order.
std::vector<std::int64_t> positions(const std::vector<nlohmann::json>& events,
                                    const std::string& field);

} // namespace eventctl::test
