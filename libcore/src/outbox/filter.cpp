#include "eventctl/outbox/filter.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"

namespace eventctl {

bool OutboxFilter::empty() const {
    return statuses.empty() && event_types.empty() && !tenant_id && !aggregate_type &&
           !aggregate_id && !created_before && !created_after && !error_contains &&
           !payload_contains;
}

void validate_payload_filter(const std::string& json) {
    if (!nlohmann::json::accept(json)) {
        throw UsageError("--payload-contains: \"" + json +
                         "\" is not JSON; give an object such as '{\"order_id\": 42}'");
    }
}

void require_filter_support(const Layout& layout, const OutboxFilter& filter) {
    for (auto status : filter.statuses) {
        require_outbox_state(layout, status, "--status " + std::string(to_string(status)));
    }
    struct Needed {
        bool wanted;
        OutboxField field;
        const char* option;
    };
    for (const auto& needed : {
             Needed{!filter.event_types.empty(), OutboxField::event_type, "--event-type"},
             Needed{filter.tenant_id.has_value(), OutboxField::tenant_id, "--tenant"},
             Needed{filter.aggregate_type.has_value(), OutboxField::aggregate_type,
                    "--aggregate-type"},
             Needed{filter.aggregate_id.has_value(), OutboxField::aggregate_id, "--aggregate-id"},
             Needed{filter.error_contains.has_value(), OutboxField::last_error, "--error-contains"},
             Needed{filter.payload_contains.has_value(), OutboxField::payload,
                    "--payload-contains"},
             Needed{filter.created_before.has_value(), OutboxField::created_at, "--created-before"},
             Needed{filter.created_after.has_value(), OutboxField::created_at, "--created-after"},
         }) {
        if (needed.wanted) {
            require_outbox_field(layout, needed.field, needed.option);
        }
    }
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
