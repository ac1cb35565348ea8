#include "eventctl/outbox/blocked.h"

#include "aggregate_order.h"
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

// One part's unfinished entries that belong to an aggregate; selected says whether the
// filters take the entry, should it turn out to block its aggregate.
std::string part_unfinished(const OutboxTable& outbox, const OutboxPart& part,
                            const OutboxFilter& filter, SqlParams& params) {
    auto where = Condition(part.value(OutboxField::aggregate_id, "text") + " IS NOT NULL") &&
                 outbox.any_state_condition(part, unfinished_states(outbox.layout()), params);
    return fmt::format(R"(SELECT {aggregate}, {status} AS status, {event_type}::text AS event_type,
    {message}::text AS message, {seen} AS seen, {selected} AS selected
FROM {table}
WHERE {where})",
                       "aggregate"_a = aggregate_columns(part, outbox),
                       "status"_a = outbox.status_expression(part, params),
                       "event_type"_a = part.value(OutboxField::event_type, "text"),
                       "message"_a = part.value(OutboxField::last_error, "text"),
                       "seen"_a = last_change_micros(part),
                       "selected"_a = outbox.filter(part, filter, params),
                       "table"_a = part.table().sql(), "where"_a = where);
}

std::string blocked_query(const OutboxTable& outbox, const OutboxFilter& filter, std::int64_t limit,
                          SqlParams& params) {
    std::vector<std::string> parts;
    for (const auto* part : outbox.parts()) {
        parts.push_back(part_unfinished(outbox, *part, filter, params));
    }
    return fmt::format(
        R"(WITH unfinished AS (
{parts}
),
ordered AS (
    SELECT unfinished.*,
        pg_catalog.row_number() OVER within_aggregate AS place,
        count(*) OVER (PARTITION BY aggregate_type, aggregate_id) AS unfinished_entries,
        pg_catalog.lead(created) OVER within_aggregate AS next_created
    FROM unfinished
    WINDOW within_aggregate AS (PARTITION BY aggregate_type, aggregate_id ORDER BY {order})
)
SELECT aggregate_type, aggregate_id, id, status, event_type, message, seen,
    unfinished_entries - 1 AS waiting, next_created, count(*) OVER () AS total
FROM ordered
WHERE place = 1 AND status IN ('failed', 'dead') AND unfinished_entries > 1 AND selected
ORDER BY next_created, aggregate_type, aggregate_id
LIMIT {limit}::bigint)",
        "parts"_a = fmt::join(parts, "\nUNION ALL\n"), "order"_a = aggregate_place_order(),
        "limit"_a = params.bind_optional(
            limit == 0 ? std::nullopt : std::optional<std::string>(std::to_string(limit))));
}

BlockedAggregate read_blocked(const pqxx::row& row) {
    BlockedAggregate blocked;
    blocked.aggregate_type = optional_text(row[0]);
    blocked.aggregate_id = row[1].as<std::string>();
    blocked.blocking_id = row[2].as<std::string>();
    blocked.blocking_status = parse_status(row[3].as<std::string>());
    blocked.blocking_event_type = row[4].as<std::string>();
    blocked.blocking_error = optional_text(row[5]);
    blocked.blocking_since = optional_time(row[6]);
    blocked.waiting = row[7].as<std::int64_t>();
    blocked.waiting_since = optional_time(row[8]);
    return blocked;
}

} // namespace

void validate_blocked(const Layout& layout, const BlockedOptions& options) {
    require_capability(layout, Command::outbox_blocked);
    for (auto status : options.filter.statuses) {
        if (status != Status::failed && status != Status::dead) {
            throw UsageError("outbox blocked finds aggregates held by a failed or dead entry; "
                             "--status " +
                             std::string(to_string(status)) + " cannot hold one up");
        }
    }
    require_filter_support(layout, options.filter);
    require_in_range("--limit", options.limit, ranges::limit);
}

BlockedResult outbox_blocked(Session& session, const Layout& layout,
                             const BlockedOptions& options) {
    validate_blocked(layout, options);
    auto outbox = OutboxTable::open(session, layout);
    BlockedResult result;
    result.layout = layout.name;
    result.table = layout.outbox->table.display();
    result.selection = selection_json(options.filter);
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto rows =
        session.exec(tx, blocked_query(outbox, options.filter, options.limit, params), params);
    tx.commit();
    for (const auto& row : rows) {
        result.aggregates.push_back(read_blocked(row));
        result.total = row[9].as<std::int64_t>();
    }
    return result;
}

} // namespace eventctl
