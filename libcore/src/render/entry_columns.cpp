#include "eventctl/render/entry_columns.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/suggest.h"

#include <algorithm>

namespace eventctl {

const std::vector<std::string>& entry_column_names() {
    static const std::vector<std::string> names = {
        "id",         "status",       "event_type",     "created_at",   "attempts",
        "last_error", "tenant_id",    "aggregate_type", "aggregate_id", "scheduled_at",
        "locked_by",  "locked_until", "processed_at"};
    return names;
}

std::vector<std::string> parse_entry_columns(const std::vector<std::string>& names) {
    const auto& known = entry_column_names();
    std::vector<std::string> columns;
    for (const auto& name : names) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& column : known) {
                list += (list.empty() ? "" : ",") + column;
            }
            auto close = closest_match(name, known);
            throw UsageError("--columns: unknown column " + in_quotes(name) +
                                 (close ? "; did you mean " + *close + "?" : std::string()),
                             "the columns are " + list);
        }
        if (std::find(columns.begin(), columns.end(), name) != columns.end()) {
            throw UsageError("--columns: " + name + " is named twice");
        }
        columns.push_back(name);
    }
    if (columns.empty()) {
        throw UsageError("--columns needs at least one column, such as --columns id,status");
    }
    return columns;
}

std::vector<std::string> default_entry_columns(const OutboxFilter& filter) {
    std::vector<std::string> columns = {"id", "status", "event_type"};
    if (!filter.tenant_ids.empty()) {
        columns.push_back("tenant_id");
    }
    if (filter.aggregate_type || filter.aggregate_id) {
        columns.push_back("aggregate_type");
        columns.push_back("aggregate_id");
    }
    for (const char* name : {"created_at", "attempts", "last_error"}) {
        columns.push_back(name);
    }
    return columns;
}

} // namespace eventctl
