#include "eventctl/retention/partition_fate.h"

namespace eventctl {

std::string_view to_string(PartitionDecision decision) {
    switch (decision) {
    case PartitionDecision::drop:
        return "drop";
    case PartitionDecision::rows:
        return "rows";
    case PartitionDecision::keep:
        return "keep";
    }
    return "rows";
}

nlohmann::json partition_fates_json(const std::vector<PartitionFate>& fates) {
    auto json = nlohmann::json::array();
    for (const auto& fate : fates) {
        json.push_back({{"partition", fate.table.display()},
                        {"bounds", fate.bounds},
                        {"rows", fate.rows ? nlohmann::json(*fate.rows) : nlohmann::json()},
                        {"rows_estimated", fate.rows_estimated},
                        {"decision", to_string(fate.decision)},
                        {"reason", fate.reason}});
    }
    return json;
}

} // namespace eventctl
