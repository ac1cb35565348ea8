#include "eventctl/error.h"
#include "eventctl/outbox_filter.h"

namespace eventctl {

bool OutboxFilter::empty() const {
    return statuses.empty() && event_types.empty() && !tenant_id && !aggregate_type &&
           !aggregate_id && !created_before && !created_after && !error_contains &&
           !payload_contains;
}

namespace {

// A single value compares with =, so the planner can walk an index in created_at order.
std::string any_of(const std::string& column, const std::vector<std::string>& values,
                   SqlParams& params) {
    if (values.size() == 1) {
        return column + " = " + params.bind(values.front());
    }
    return column + " = ANY(" + params.bind_text_array(values) + ")";
}

} // namespace

void validate_payload_filter(const std::string& json) {
    if (!nlohmann::json::accept(json)) {
        throw UsageError("--payload-contains: \"" + json +
                         "\" is not JSON; give an object such as '{\"order_id\": 42}'");
    }
}

std::string filter_conditions(const OutboxFilter& filter, SqlParams& params) {
    std::vector<std::string> conditions;
    if (!filter.statuses.empty()) {
        conditions.push_back(any_of("status", status_names(filter.statuses), params));
    }
    if (!filter.event_types.empty()) {
        conditions.push_back(any_of("event_type", filter.event_types, params));
    }
    if (filter.tenant_id) {
        conditions.push_back("tenant_id = " + params.bind(*filter.tenant_id));
    }
    if (filter.aggregate_type) {
        conditions.push_back("aggregate_type = " + params.bind(*filter.aggregate_type));
    }
    if (filter.aggregate_id) {
        conditions.push_back("aggregate_id = " + params.bind(*filter.aggregate_id));
    }
    if (filter.created_before) {
        conditions.push_back("created_at < " + params.bind(format_rfc3339(*filter.created_before)) +
                             "::timestamptz");
    }
    if (filter.created_after) {
        conditions.push_back("created_at >= " + params.bind(format_rfc3339(*filter.created_after)) +
                             "::timestamptz");
    }
    if (filter.error_contains) {
        // strpos, not LIKE: the user's text is a plain substring, % and _ included.
        conditions.push_back("pg_catalog.strpos(pg_catalog.lower(last_error), pg_catalog.lower(" +
                             params.bind(*filter.error_contains) + ")) > 0");
    }
    if (filter.payload_contains) {
        conditions.push_back("payload @> " + params.bind(*filter.payload_contains) + "::jsonb");
    }
    if (conditions.empty()) {
        return "TRUE";
    }
    std::string sql;
    for (const auto& condition : conditions) {
        sql += (sql.empty() ? "" : " AND ") + condition;
    }
    return sql;
}

nlohmann::json selection_json(const OutboxFilter& filter) {
    nlohmann::json selection = nlohmann::json::object();
    if (!filter.statuses.empty()) {
        selection["status"] = status_names(filter.statuses);
    }
    if (!filter.event_types.empty()) {
        selection["event_type"] = filter.event_types;
    }
    if (filter.tenant_id) {
        selection["tenant_id"] = *filter.tenant_id;
    }
    if (filter.aggregate_type) {
        selection["aggregate_type"] = *filter.aggregate_type;
    }
    if (filter.aggregate_id) {
        selection["aggregate_id"] = *filter.aggregate_id;
    }
    if (filter.created_before) {
        selection["created_before"] = format_rfc3339(*filter.created_before);
    }
    if (filter.created_after) {
        selection["created_after"] = format_rfc3339(*filter.created_after);
    }
    if (filter.error_contains) {
        selection["error_contains"] = *filter.error_contains;
    }
    if (filter.payload_contains) {
        selection["payload_contains"] = nlohmann::json::parse(*filter.payload_contains);
    }
    return selection;
}

} // namespace eventctl
