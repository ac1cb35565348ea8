#include "eventctl/outbox/stats.h"

#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/partitions.h"
#include "outbox_table.h"
#include "sql/statement.h"

#include <algorithm>
#include <map>

namespace eventctl {

std::optional<std::int64_t>& StatusCounts::of(Status status) {
    switch (status) {
    case Status::pending:
        return pending;
    case Status::processing:
        return processing;
    case Status::completed:
        return completed;
    case Status::failed:
        return failed;
    case Status::dead:
        break;
    }
    return dead;
}

const std::optional<std::int64_t>& StatusCounts::of(Status status) const {
    return const_cast<StatusCounts*>(this)->of(status);
}

void StatusCounts::add(Status status, std::int64_t n) {
    auto& count = of(status);
    count = count.value_or(0) + n;
}

std::optional<std::int64_t> StatusCounts::total() const {
    if (!completed) {
        return std::nullopt;
    }
    std::int64_t sum = 0;
    for (auto status : all_statuses) {
        sum += of(status).value_or(0);
    }
    return sum;
}

std::string_view to_string(StatsGrouping grouping) {
    switch (grouping) {
    case StatsGrouping::none:
        return "none";
    case StatsGrouping::event_type:
        return "event-type";
    case StatsGrouping::tenant:
        return "tenant";
    case StatsGrouping::aggregate_type:
        return "aggregate-type";
    }
    return "none";
}

StatsGrouping parse_stats_grouping(std::string_view text) {
    for (auto grouping :
         {StatsGrouping::event_type, StatsGrouping::tenant, StatsGrouping::aggregate_type}) {
        if (to_string(grouping) == text) {
            return grouping;
        }
    }
    throw UsageError("invalid --by " + in_quotes(text) +
                     ": expected event-type, tenant or aggregate-type");
}

namespace {

const std::vector<Status> actionable_statuses = {Status::pending, Status::processing,
                                                 Status::failed, Status::dead};

OutboxField grouping_field(StatsGrouping grouping) {
    switch (grouping) {
    case StatsGrouping::tenant:
        return OutboxField::tenant_id;
    case StatsGrouping::aggregate_type:
        return OutboxField::aggregate_type;
    default:
        return OutboxField::event_type;
    }
}

// The planner's row count, summed over the leaves of a partitioned table (the parent's own is
// that of an empty relation). reltuples is -1 for a table never vacuumed or analyzed: without
// any leaf analyzed, no estimate exists.
std::optional<std::int64_t> planner_rows(Session& session, pqxx::transaction_base& tx,
                                         const QualifiedName& table) {
    return read_partition_tree(session, tx, table).planner_rows();
}

bool should_estimate(const StatsOptions& options, const std::optional<std::int64_t>& rows) {
    switch (options.mode) {
    case CountMode::exact:
        return false;
    case CountMode::estimate:
        return rows.has_value();
    case CountMode::automatic:
        return rows && *rows > options.estimate_threshold;
    }
    return false;
}

// The states of the list the layout has and keeps in the main table.
std::vector<Status> main_states(const OutboxTable& outbox, const std::vector<Status>& statuses) {
    std::vector<Status> present;
    for (auto status : statuses) {
        const auto* rule = outbox.layout().state(status);
        if (rule != nullptr && !rule->in_dead_letters) {
            present.push_back(status);
        }
    }
    return present;
}

// Counts of each state, one count(*) FILTER per state, over the rows of any of them: the
// general shape, for layouts whose states are not one column's values.
std::vector<std::int64_t> filtered_counts(Session& session, pqxx::transaction_base& tx,
                                          const OutboxTable& outbox,
                                          const std::vector<Status>& statuses) {
    SqlParams params;
    std::vector<std::string> counts_of;
    for (auto status : statuses) {
        counts_of.push_back("pg_catalog.count(*) FILTER (WHERE " +
                            outbox.state_condition(outbox.main(), status, params).sql() + ")");
    }
    auto sql = fmt::format(
        R"(SELECT {counts}
FROM {table}
WHERE {any_state})",
        "counts"_a = fmt::join(counts_of, ", "), "table"_a = outbox.main().table().sql(),
        "any_state"_a = outbox.any_state_condition(outbox.main(), statuses, params));
    auto row = session.exec(tx, sql, params)[0];
    std::vector<std::int64_t> counts;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        counts.push_back(row[static_cast<int>(i)].as<std::int64_t>());
    }
    return counts;
}

// Counts the states given, exactly; a state of one status column is counted with one GROUP BY
// through the index on it, the rest with FILTERs.
void count_states(Session& session, pqxx::transaction_base& tx, const OutboxTable& outbox,
                  const std::vector<Status>& wanted, StatusCounts& counts) {
    auto statuses = main_states(outbox, wanted);
    for (auto status : statuses) {
        counts.of(status) = 0;
    }
    if (statuses.empty()) {
        return;
    }
    if (const auto* column = outbox.simple_status_column()) {
        SqlParams params;
        auto sql = fmt::format(
            R"(SELECT {status}::text, pg_catalog.count(*)
FROM {table}
WHERE {any_state}
GROUP BY 1)",
            "status"_a = quote_identifier(*column), "table"_a = outbox.main().table().sql(),
            "any_state"_a = outbox.any_state_condition(outbox.main(), statuses, params));
        auto rows = session.exec(tx, sql, params);
        for (const auto& row : rows) {
            auto value = row[0].as<std::string>();
            for (auto status : statuses) {
                if (outbox.status_value(status) == value) {
                    counts.add(status, row[1].as<std::int64_t>());
                }
            }
        }
        return;
    }
    auto values = filtered_counts(session, tx, outbox, statuses);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        counts.add(statuses[i], values[i]);
    }
}

std::int64_t count_rows(Session& session, pqxx::transaction_base& tx, const OutboxTable& outbox,
                        const OutboxPart& part) {
    SqlParams params;
    auto sql = fmt::format(
        "SELECT pg_catalog.count(*) FROM {table}{where}", "table"_a = part.table().sql(),
        "where"_a = part.row_filter().empty() ? std::string()
                                              : " WHERE " + outbox.rows(part, params).sql());
    return session.exec(tx, sql, params)[0][0].as<std::int64_t>();
}

// The stale locks and the oldest pending entry that is due (one retried with a delay is not
// lag), in one round trip.
void read_lag(Session& session, pqxx::transaction_base& tx, const OutboxTable& outbox,
              StatsResult& result) {
    const auto& main = outbox.main();
    SqlParams params;
    std::string stale = "0::bigint"; // no processing state: nothing is ever locked
    if (outbox.layout().state(Status::processing)) {
        auto condition = outbox.stale_lock(main, params);
        stale = condition.is_never()
                    ? "NULL::bigint" // the layout cannot tell a stale lock
                    : fmt::format("(SELECT pg_catalog.count(*) FROM {table} WHERE {stale})",
                                  "table"_a = main.table().sql(),
                                  "stale"_a =
                                      outbox.state_condition(main, Status::processing, params) &&
                                      condition);
    }
    // Without a creation time, the relay's lag is unknown: null.
    std::string oldest_due = "NULL::bigint";
    if (outbox.has_created_at()) {
        auto due = outbox.state_condition(main, Status::pending, params);
        if (const auto* scheduled = main.field(OutboxField::scheduled_at)) {
            due = due && Condition(time_value(main.ref(scheduled->name), scheduled->time) +
                                   " <= pg_catalog.now()");
        }
        oldest_due = epoch_micros(fmt::format(
            "(SELECT pg_catalog.min({created}) FROM {table} WHERE {due})",
            "created"_a = outbox.created_at(main), "table"_a = main.table().sql(), "due"_a = due));
    }
    auto sql = fmt::format(
        R"(SELECT {stale},
    {oldest_due},
    {now})",
        "stale"_a = stale, "oldest_due"_a = oldest_due, "now"_a = epoch_micros("pg_catalog.now()"));
    auto summary = session.exec(tx, sql, params)[0];
    if (!summary[0].is_null()) {
        result.stale_locks = summary[0].as<std::int64_t>();
    }
    if (!summary[1].is_null()) {
        auto oldest_micros = summary[1].as<std::int64_t>();
        auto now = summary[2].as<std::int64_t>();
        result.oldest_pending_created_at = from_epoch_micros(oldest_micros);
        result.oldest_pending_age_seconds = (now - oldest_micros) / 1'000'000;
    }
}

// The rows of one part by key, each state counted with a FILTER; an estimate leaves completed
// out (it cannot be split by key).
void count_part_groups(Session& session, pqxx::transaction_base& tx, const OutboxTable& outbox,
                       const OutboxPart& part, StatsGrouping grouping, bool estimated,
                       std::map<std::optional<std::string>, StatusCounts>& groups) {
    std::vector<Status> statuses;
    for (auto status : all_statuses) {
        const auto* rule = outbox.layout().state(status);
        bool here = rule != nullptr && rule->in_dead_letters == part.is_dead_letters();
        if (here && !(estimated && status == Status::completed)) {
            statuses.push_back(status);
        }
    }
    if (statuses.empty()) {
        return;
    }
    SqlParams params;
    std::vector<std::string> counts_of;
    for (auto status : statuses) {
        counts_of.push_back("pg_catalog.count(*) FILTER (WHERE " +
                            outbox.state_condition(part, status, params).sql() + ")");
    }
    auto sql =
        fmt::format(R"(SELECT {key}, {counts}
FROM {table}
WHERE {where}
GROUP BY 1)",
                    "key"_a = part.text(grouping_field(grouping), params),
                    "counts"_a = fmt::join(counts_of, ", "), "table"_a = part.table().sql(),
                    "where"_a = estimated ? outbox.any_state_condition(part, statuses, params)
                                          : outbox.rows(part, params));
    auto rows = session.exec(tx, sql, params);
    for (const auto& row : rows) {
        std::optional<std::string> key;
        if (!row[0].is_null()) {
            key = row[0].as<std::string>();
        }
        auto& counts = groups[key];
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            counts.add(statuses[i], row[static_cast<int>(i + 1)].as<std::int64_t>());
        }
    }
}

std::vector<StatsGroup> count_groups(Session& session, pqxx::transaction_base& tx,
                                     const OutboxTable& outbox, StatsGrouping grouping,
                                     bool estimated) {
    std::map<std::optional<std::string>, StatusCounts> by_key;
    for (const auto* part : outbox.parts()) {
        count_part_groups(session, tx, outbox, *part, grouping, estimated, by_key);
    }
    std::vector<StatsGroup> groups;
    for (auto& [key, counts] : by_key) {
        for (auto status : all_statuses) {
            bool counted = outbox.layout().state(status) != nullptr &&
                           !(estimated && status == Status::completed);
            if (counted && !counts.of(status)) {
                counts.of(status) = 0;
            }
        }
        groups.push_back({key, counts});
    }
    // Keys in byte order, entries without one last, as the table and CSV print them.
    std::stable_partition(groups.begin(), groups.end(),
                          [](const StatsGroup& group) { return group.key.has_value(); });
    return groups;
}

} // namespace

void validate_stats(const Layout& layout, const StatsOptions& options) {
    require_capability(layout, Command::outbox_stats);
    if (options.by == StatsGrouping::event_type) {
        require_outbox_field(layout, OutboxField::event_type, "outbox stats --by event-type");
    } else if (options.by == StatsGrouping::tenant) {
        require_outbox_field(layout, OutboxField::tenant_id, "outbox stats --by tenant");
    } else if (options.by == StatsGrouping::aggregate_type) {
        require_outbox_field(layout, OutboxField::aggregate_type,
                             "outbox stats --by aggregate-type");
    }
}

StatsResult outbox_stats(Session& session, const Layout& layout, const StatsOptions& options) {
    validate_stats(layout, options);
    auto outbox = OutboxTable::open(session, layout);
    StatsResult result;
    result.layout = layout.name;
    result.table = outbox.main().table().display();
    result.database = session.target();
    result.grouping = options.by;

    ReadTransaction tx(session.connection());
    auto rows = planner_rows(session, tx, outbox.main().table());
    // The planner's estimate counts every row of the table; with a row filter, only some are the
    // outbox's, so the count is exact.
    const auto* completed = outbox.layout().state(Status::completed);
    result.estimated = should_estimate(options, rows) && completed != nullptr &&
                       !completed->in_dead_letters && outbox.main().row_filter().empty();
    count_states(session, tx, outbox, actionable_statuses, result.by_status);
    if (const auto* dead = outbox.dead_letters()) {
        result.by_status.add(outbox.second_state(), count_rows(session, tx, outbox, *dead));
    }
    if (!outbox.layout().state(Status::completed)) {
        // No completed state: null, like every state the layout lacks.
    } else if (result.estimated) {
        std::int64_t actionable = 0;
        for (auto status : main_states(outbox, actionable_statuses)) {
            actionable += result.by_status.of(status).value_or(0);
        }
        result.by_status.completed = std::max<std::int64_t>(0, *rows - actionable);
    } else {
        count_states(session, tx, outbox, {Status::completed}, result.by_status);
    }
    for (auto status : all_statuses) {
        result.total += result.by_status.of(status).value_or(0);
    }
    read_lag(session, tx, outbox, result);
    if (options.by != StatsGrouping::none) {
        result.groups = count_groups(session, tx, outbox, options.by, result.estimated);
    }
    tx.commit();
    return result;
}

} // namespace eventctl
