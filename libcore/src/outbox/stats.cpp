#include "entry_row.h"
#include "eventctl/error.h"
#include "eventctl/outbox_stats.h"

namespace eventctl {

void StatusCounts::add(Status status, std::int64_t n) {
    switch (status) {
    case Status::pending:
        pending += n;
        break;
    case Status::processing:
        processing += n;
        break;
    case Status::completed:
        completed = completed.value_or(0) + n;
        break;
    case Status::failed:
        failed += n;
        break;
    case Status::dead:
        dead += n;
        break;
    }
}

std::optional<std::int64_t> StatusCounts::total() const {
    if (!completed) {
        return std::nullopt;
    }
    return pending + processing + *completed + failed + dead;
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
    throw UsageError("invalid --by \"" + std::string(text) +
                     "\": expected event-type, tenant or aggregate-type");
}

namespace {

const std::vector<std::string> actionable_statuses = {"pending", "processing", "failed", "dead"};

std::string grouping_column(StatsGrouping grouping) {
    switch (grouping) {
    case StatsGrouping::event_type:
        return "event_type";
    case StatsGrouping::tenant:
        return "tenant_id";
    case StatsGrouping::aggregate_type:
        return "aggregate_type";
    case StatsGrouping::none:
        break;
    }
    return {};
}

// reltuples is -1 for a table never vacuumed or analyzed: no estimate exists.
std::optional<std::int64_t> planner_rows(Session& session, pqxx::transaction_base& tx,
                                         const QualifiedName& table) {
    SqlParams params;
    auto sql = "SELECT c.reltuples::bigint FROM pg_catalog.pg_class c WHERE c.oid = "
               "pg_catalog.to_regclass(" +
               params.bind(table.sql()) + ")";
    auto rows = session.exec(tx, sql, params);
    if (rows.empty() || rows[0][0].is_null() || rows[0][0].as<std::int64_t>() < 0) {
        return std::nullopt;
    }
    return rows[0][0].as<std::int64_t>();
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

// The non-completed states through the partial index, the stale locks and the oldest pending
// entry that is due (one retried with a delay is not lag), in one round trip.
void count_actionable(Session& session, pqxx::transaction_base& tx, const QualifiedName& table,
                      StatsResult& result) {
    SqlParams params;
    auto statuses = params.bind_text_array(actionable_statuses);
    auto counts = session.exec(tx,
                               "SELECT status, pg_catalog.count(*) FROM " + table.sql() +
                                   " WHERE status = ANY(" + statuses + ") GROUP BY status",
                               params);
    for (const auto& row : counts) {
        result.by_status.add(parse_status(row[0].as<std::string>()), row[1].as<std::int64_t>());
    }

    auto summary = session.exec(
        tx, "SELECT (SELECT pg_catalog.count(*) FROM " + table.sql() +
                " WHERE status = 'processing' AND locked_until < pg_catalog.now()), (SELECT " +
                epoch_micros("pg_catalog.min(created_at)") + " FROM " + table.sql() +
                " WHERE status = 'pending' AND scheduled_at <= pg_catalog.now()), " +
                epoch_micros("pg_catalog.now()"));
    result.stale_locks = summary[0][0].as<std::int64_t>();
    if (!summary[0][1].is_null()) {
        auto oldest = summary[0][1].as<std::int64_t>();
        auto now = summary[0][2].as<std::int64_t>();
        result.oldest_pending_created_at = from_epoch_micros(oldest);
        result.oldest_pending_age_seconds = (now - oldest) / 1'000'000;
    }
}

std::int64_t count_completed(Session& session, pqxx::transaction_base& tx,
                             const QualifiedName& table) {
    return session
        .exec(tx, "SELECT pg_catalog.count(*) FROM " + table.sql() +
                      " WHERE status = 'completed'")[0][0]
        .as<std::int64_t>();
}

std::vector<StatsGroup> count_groups(Session& session, pqxx::transaction_base& tx,
                                     const QualifiedName& table, StatsGrouping grouping,
                                     bool estimated) {
    auto column = quote_identifier(grouping_column(grouping));
    SqlParams params;
    // An estimate cannot be split by key, so estimated groups count only what is exact.
    std::string where =
        estimated ? " WHERE status = ANY(" + params.bind_text_array(actionable_statuses) + ")" : "";
    auto rows = session.exec(tx,
                             "SELECT " + column + "::text, status, pg_catalog.count(*) FROM " +
                                 table.sql() + where + " GROUP BY 1, 2 ORDER BY 1 NULLS LAST",
                             params);
    std::vector<StatsGroup> groups;
    for (const auto& row : rows) {
        std::optional<std::string> key;
        if (!row[0].is_null()) {
            key = row[0].as<std::string>();
        }
        if (groups.empty() || groups.back().key != key) {
            groups.push_back({key, {}});
            if (!estimated) {
                groups.back().by_status.completed = 0;
            }
        }
        groups.back().by_status.add(parse_status(row[1].as<std::string>()),
                                    row[2].as<std::int64_t>());
    }
    return groups;
}

} // namespace

StatsResult outbox_stats(Session& session, const TableNames& tables, const StatsOptions& options) {
    auto table = tables.outbox_table();
    StatsResult result;
    result.table = table.display();
    result.grouping = options.by;

    ReadTransaction tx(session.connection());
    auto rows = planner_rows(session, tx, table);
    result.estimated = should_estimate(options, rows);
    count_actionable(session, tx, table, result);
    if (result.estimated) {
        auto actionable = result.by_status.pending + result.by_status.processing +
                          result.by_status.failed + result.by_status.dead;
        result.by_status.completed = std::max<std::int64_t>(0, *rows - actionable);
    } else {
        result.by_status.completed = count_completed(session, tx, table);
    }
    result.total = result.by_status.total().value_or(0);
    if (options.by != StatsGrouping::none) {
        result.groups = count_groups(session, tx, table, options.by, result.estimated);
    }
    tx.commit();
    return result;
}

} // namespace eventctl
