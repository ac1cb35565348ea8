#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/time.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// The row filters shared by list and the mutations; every field set narrows the selection.
struct OutboxFilter {
    std::vector<Status> statuses;         // any of these
    std::vector<std::string> event_types; // any of these
    std::vector<std::string> tenant_ids;  // any of these
    std::optional<std::string> aggregate_type;
    std::optional<std::string> aggregate_id;
    std::optional<TimePoint> created_before;     // created_at <  this
    std::optional<TimePoint> created_after;      // created_at >= this
    std::optional<std::string> error_contains;   // case-insensitive substring of last_error
    std::optional<std::string> payload_contains; // JSON the payload contains (jsonb @>)
    std::optional<std::string> error_group;      // the fingerprint of last_error (outbox errors)

    // True when no filter is set: the selection is the whole table.
    bool empty() const;
};

// Checks --payload-contains is JSON; throws UsageError naming what was given otherwise.
void validate_payload_filter(const std::string& json);

// Checks an --error-group value is a fingerprint as `outbox errors` prints them (12 hex digits);
// throws UsageError naming what was given otherwise.
void validate_error_group(const std::string& fingerprint);

// Throws UsageError (exit 64) when a filter needs a state or column the layout lacks, before
// anything connects.
void require_filter_support(const Layout& layout, const OutboxFilter& filter);

// The resolved selection echoed back to the user: set filters only, instants in RFC 3339 UTC.
nlohmann::json selection_json(const OutboxFilter& filter);

// Reads back what selection_json wrote (as an audit record keeps it), the same filter; throws
// DataError for a document it did not write.
OutboxFilter filter_from_json(const nlohmann::json& selection);

} // namespace eventctl
