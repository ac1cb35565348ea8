#include "eventctl/outbox/filter.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/render/terminal_text.h"

#include <algorithm>

namespace eventctl {

bool OutboxFilter::empty() const {
    return statuses.empty() && event_types.empty() && tenant_ids.empty() && !aggregate_type &&
           !aggregate_id && !created_before && !created_after && !error_contains &&
           !payload_contains && !error_group;
}

void validate_payload_filter(const std::string& json) {
    if (!nlohmann::json::accept(json)) {
        throw UsageError("--payload-contains: " + in_quotes(json) +
                         " is not JSON; give an object such as '{\"order_id\": 42}'");
    }
}

void validate_error_group(const std::string& fingerprint) {
    bool valid =
        fingerprint.size() == 12 && std::all_of(fingerprint.begin(), fingerprint.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        });
    if (!valid) {
        throw UsageError("--error-group: \"" + fingerprint.substr(0, 40) +
                         "\" is not an error group; give a FINGERPRINT as 'eventctl outbox "
                         "errors' prints it (12 hex digits, such as 3f9a0c2b7d41)");
    }
}

void require_filter_support(const Layout& layout, const OutboxFilter& filter) {
    // created_at >= after AND created_at < before: an inverted or empty range selects nothing,
    // ever, which is a typo to say rather than "0 entries" to print.
    if (filter.created_after && filter.created_before &&
        *filter.created_after >= *filter.created_before) {
        throw UsageError("the range ends before it starts: --created-before " +
                         format_rfc3339(*filter.created_before) + " is not after --created-after " +
                         format_rfc3339(*filter.created_after) + "; swap them?");
    }
    if (filter.error_group) {
        validate_error_group(*filter.error_group);
        require_error_messages(layout, "--error-group");
    }
    for (auto status : filter.statuses) {
        require_outbox_state(layout, status, "--status " + std::string(to_string(status)));
    }
    struct Needed {
        bool wanted;
        OutboxField field;
        const char* option;
    };
    for (const auto& needed : {
             Needed{!filter.tenant_ids.empty(), OutboxField::tenant_id, "--tenant"},
             Needed{filter.aggregate_type.has_value(), OutboxField::aggregate_type,
                    "--aggregate-type"},
             Needed{filter.aggregate_id.has_value(), OutboxField::aggregate_id, "--aggregate-id"},
             Needed{filter.error_contains.has_value(), OutboxField::last_error, "--error-contains"},
             Needed{filter.payload_contains.has_value(), OutboxField::payload,
                    "--payload-contains"},
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
    if (!filter.tenant_ids.empty()) {
        // One tenant stays a string, as audit records before several were possible have it.
        selection["tenant_id"] = filter.tenant_ids.size() == 1
                                     ? nlohmann::json(filter.tenant_ids.front())
                                     : nlohmann::json(filter.tenant_ids);
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
    if (filter.error_group) {
        selection["error_group"] = *filter.error_group;
    }
    return selection;
}

OutboxFilter filter_from_json(const nlohmann::json& selection) {
    OutboxFilter filter;
    try {
        auto text = [&](const char* key) -> std::optional<std::string> {
            if (!selection.contains(key)) {
                return std::nullopt;
            }
            return selection.at(key).get<std::string>();
        };
        auto instant = [&](const char* key) -> std::optional<TimePoint> {
            auto value = text(key);
            // RFC 3339 as selection_json wrote it: parse_time needs no "now" for that.
            return value ? std::optional<TimePoint>(parse_time(*value, TimePoint{})) : std::nullopt;
        };
        if (selection.contains("status")) {
            for (const auto& status : selection.at("status")) {
                filter.statuses.push_back(parse_status(status.get<std::string>()));
            }
        }
        if (selection.contains("event_type")) {
            filter.event_types = selection.at("event_type").get<std::vector<std::string>>();
        }
        if (selection.contains("tenant_id")) {
            const auto& tenants = selection.at("tenant_id");
            filter.tenant_ids = tenants.is_array() ? tenants.get<std::vector<std::string>>()
                                                   : std::vector<std::string>{tenants};
        }
        filter.aggregate_type = text("aggregate_type");
        filter.aggregate_id = text("aggregate_id");
        filter.created_before = instant("created_before");
        filter.created_after = instant("created_after");
        filter.error_contains = text("error_contains");
        if (selection.contains("payload_contains")) {
            filter.payload_contains = selection.at("payload_contains").dump();
        }
        filter.error_group = text("error_group");
    } catch (const nlohmann::json::exception& e) {
        throw DataError(std::string("a selection eventctl did not write: ") + e.what());
    } catch (const UsageError& e) {
        throw DataError(std::string("a selection eventctl did not write: ") + e.what());
    }
    return filter;
}

} // namespace eventctl
