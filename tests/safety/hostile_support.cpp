#include "hostile_support.h"

#include "table_snapshot.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace eventctl::test {

std::string sql_literal(const TestDatabase& db, const std::string& text) {
    pqxx::connection connection(db.conninfo());
    return connection.quote(text);
}

std::vector<std::string> listed_ids(const std::string& json_out) {
    std::vector<std::string> ids;
    auto json = nlohmann::json::parse(json_out);
    for (const auto& item : json["items"]) {
        ids.push_back(item["id"].get<std::string>());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> ids_of(const TestDatabase& db, const std::string& sql) {
    std::vector<std::string> ids;
    for (const auto& row : db.exec(sql)) {
        ids.push_back(row[0].as<std::string>());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool refused_as_bad_input(const ProcessResult& result) {
    return result.exit_code == 64 || result.exit_code == 65;
}

} // namespace eventctl::test
