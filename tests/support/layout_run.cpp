#include "layout_run.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace eventctl::test {

ProcessResult run_with_layout(const TestDatabase& db, const std::string& layout,
                              std::vector<std::string> args) {
    args.insert(args.end(), {"--layout", layout, "-d", db.conninfo()});
    return run_eventctl(args);
}

nlohmann::json json_with_layout(const TestDatabase& db, const std::string& layout,
                                std::vector<std::string> args) {
    args.insert(args.end(), {"-o", "json"});
    auto result = run_with_layout(db, layout, args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::vector<nlohmann::json> lines_with_layout(const TestDatabase& db, const std::string& layout,
                                              std::vector<std::string> args) {
    args.insert(args.end(), {"-o", "ndjson"});
    auto result = run_with_layout(db, layout, args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::vector<nlohmann::json> lines;
    std::istringstream in(result.out);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

std::set<std::string> changed_ids(const nlohmann::json& result) {
    return {result["ids"].begin(), result["ids"].end()};
}

std::map<std::string, std::string> partition_decisions(const nlohmann::json& result) {
    std::map<std::string, std::string> decisions;
    for (const auto& fate : result["partitions"]) {
        decisions[fate["partition"]] = fate["decision"];
    }
    return decisions;
}

std::vector<std::int64_t> positions(const std::vector<nlohmann::json>& events,
                                    const std::string& field) {
    std::vector<std::int64_t> values;
    for (const auto& event : events) {
        values.push_back(event[field].get<std::int64_t>());
    }
    return values;
}

} // namespace eventctl::test
