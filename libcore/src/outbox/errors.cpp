#include "eventctl/outbox/errors.h"

#include "error_fingerprint.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/option_ranges.h"
#include "eventctl/session/transactions.h"
#include "last_change.h"
#include "outbox_table.h"
#include "sql/field_values.h"
#include "sql/statement.h"

namespace eventctl {

namespace {

// The states whose entries have an error to group: the ones asked for, else failed and dead.
std::vector<Status> grouped_states(const OutboxLayout& layout, const OutboxFilter& filter) {
    if (!filter.statuses.empty()) {
        return filter.statuses;
    }
    std::vector<Status> states;
    for (auto status : {Status::failed, Status::dead}) {
        if (layout.state(status) != nullptr) {
            states.push_back(status);
        }
    }
    return states;
}

// One part's failed and dead entries, each with the pattern of its error.
std::string part_failures(const OutboxTable& outbox, const OutboxPart& part,
                          const OutboxFilter& filter, SqlParams& params) {
    return fmt::format(
        R"(SELECT {pattern} AS pattern, {status} AS status, {event_type}::text AS event_type,
    {seen} AS seen, {id}::text AS id, {message}::text AS message
FROM {table}
WHERE {where})",
        "pattern"_a = error_pattern(part.value(OutboxField::last_error, "text") + "::text", params),
        "status"_a = outbox.status_expression(part, params),
        "event_type"_a = part.value(OutboxField::event_type, "text"),
        "seen"_a = last_change_micros(part), "id"_a = part.value(OutboxField::id, "text"),
        "message"_a = part.value(OutboxField::last_error, "text"), "table"_a = part.table().sql(),
        "where"_a = outbox.filter(part, filter, params));
}

// The groups, the largest first: the most recent failure of each is its sample.
std::string groups_query(const OutboxTable& outbox, const OutboxFilter& filter, std::int64_t limit,
                         SqlParams& params) {
    std::vector<std::string> parts;
    for (const auto* part : outbox.parts_for(filter.statuses)) {
        parts.push_back(part_failures(outbox, *part, filter, params));
    }
    return fmt::format(
        R"(WITH failures AS (
{parts}
),
ranked AS (
    SELECT failures.*,
        pg_catalog.row_number() OVER (PARTITION BY pattern ORDER BY seen DESC, id DESC) AS recency
    FROM failures
),
error_groups AS (
    SELECT pattern, count(*) AS entries,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE status = 'dead') AS dead,
        pg_catalog.jsonb_agg(DISTINCT event_type ORDER BY event_type) AS event_types,
        min(seen) AS first_seen, max(seen) AS last_seen,
        min(id) FILTER (WHERE recency = 1) AS sample_id,
        min(message) FILTER (WHERE recency = 1) AS sample_error
    FROM ranked
    GROUP BY pattern
)
SELECT {fingerprint} AS fingerprint, pattern, entries, failed, dead, event_types::text,
    first_seen, last_seen, sample_id, sample_error,
    count(*) OVER () AS groups_total, (sum(entries) OVER ())::bigint AS entries_total
FROM error_groups
ORDER BY entries DESC, fingerprint
LIMIT {limit}::bigint)",
        "parts"_a = fmt::join(parts, "\nUNION ALL\n"),
        "fingerprint"_a = error_fingerprint("pattern"),
        "limit"_a = params.bind_optional(
            limit == 0 ? std::nullopt : std::optional<std::string>(std::to_string(limit))));
}
ErrorGroup read_group(const pqxx::row& row) {
    ErrorGroup group;
    group.fingerprint = row[0].as<std::string>();
    group.pattern = row[1].as<std::string>();
    group.entries = row[2].as<std::int64_t>();
    group.failed = row[3].as<std::int64_t>();
    group.dead = row[4].as<std::int64_t>();
    for (const auto& type : nlohmann::json::parse(row[5].as<std::string>())) {
        if (type.is_string()) {
            group.event_types.push_back(type.get<std::string>());
        }
    }
    group.first_seen = optional_time(row[6]);
    group.last_seen = optional_time(row[7]);
    group.sample_id = row[8].as<std::string>();
    if (!row[9].is_null()) {
        group.sample_error = row[9].as<std::string>();
    }
    return group;
}

} // namespace

void validate_error_groups(const Layout& layout, const ErrorGroupsOptions& options) {
    require_capability(layout, Command::outbox_errors);
    for (auto status : options.filter.statuses) {
        if (status != Status::failed && status != Status::dead) {
            throw UsageError("outbox errors groups failed and dead entries; --status " +
                             std::string(to_string(status)) + " has no errors to group");
        }
    }
    require_filter_support(layout, options.filter);
    require_in_range("--limit", options.limit, ranges::limit);
}

ErrorGroupsResult outbox_error_groups(Session& session, const Layout& layout,
                                      const ErrorGroupsOptions& options) {
    validate_error_groups(layout, options);
    auto outbox = OutboxTable::open(session, layout);
    auto filter = options.filter;
    filter.statuses = grouped_states(outbox.layout(), options.filter);

    ErrorGroupsResult result;
    result.layout = layout.name;
    result.table = layout.outbox->table.display();
    result.selection = selection_json(filter);
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto rows = session.exec(tx, groups_query(outbox, filter, options.limit, params), params);
    tx.commit();
    for (const auto& row : rows) {
        result.groups.push_back(read_group(row));
        result.groups_total = row[10].as<std::int64_t>();
        result.entries = row[11].as<std::int64_t>();
    }
    return result;
}

} // namespace eventctl
