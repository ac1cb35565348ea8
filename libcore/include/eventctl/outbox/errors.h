#pragma once

// outbox errors: failed and dead entries grouped by the fingerprint of their last error, so an
// operator retries "the 38,000 that failed with the partner's 503" and leaves the schema errors
// alone (retry --error-group FINGERPRINT).

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What outbox errors was asked: the filters of list (failed and dead entries only).
struct ErrorGroupsOptions {
    OutboxFilter filter;
    std::int64_t limit = 50; // groups, the largest first; 0: all
};

// The entries whose last errors share one fingerprint.
struct ErrorGroup {
    std::string fingerprint; // what --error-group selects
    std::string pattern;     // the first line of the errors, their varying parts replaced
    std::int64_t entries = 0;
    std::int64_t failed = 0;
    std::int64_t dead = 0;
    std::vector<std::string> event_types; // sorted
    std::optional<TimePoint> first_seen;  // when the entries last changed (updated_at...)
    std::optional<TimePoint> last_seen;
    std::string sample_id; // the entry that failed last
    std::optional<std::string> sample_error;
};

// The groups, the largest first.
struct ErrorGroupsResult {
    std::string layout;
    std::string table;
    std::vector<ErrorGroup> groups;
    std::int64_t groups_total = 0; // every group, also those past the limit
    std::int64_t entries = 0;      // the entries of every group
    nlohmann::json selection = nlohmann::json::object();
};

// Checks, before anything connects, that the layout keeps errors, the filters name states
// (failed or dead) and columns it has, and the limit makes sense; throws UsageError otherwise.
void validate_error_groups(const Layout& layout, const ErrorGroupsOptions& options);

// Groups the failed and dead entries by fingerprint, in one read-only statement.
ErrorGroupsResult outbox_error_groups(Session& session, const Layout& layout,
                                      const ErrorGroupsOptions& options);

} // namespace eventctl
