#include "eventctl/check/check.h"
#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "outbox/entry_row.h"
#include "outbox/outbox_table.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

namespace {

bool asked_any(const CheckOptions& options, std::initializer_list<CheckMetric> metrics) {
    return std::any_of(options.checks.begin(), options.checks.end(), [&](const CheckSpec& spec) {
        return std::find(metrics.begin(), metrics.end(), spec.metric) != metrics.end();
    });
}

// When a dead entry died, as timestamptz: processed_at, else updated_at.
std::string died_at(const OutboxPart& part) {
    std::vector<std::string> times;
    for (const auto* column : part.died_at_columns()) {
        times.push_back(time_value(part.ref(column->name), column->time));
    }
    if (times.size() == 1) {
        return times.front();
    }
    return "COALESCE(" + times[0] + ", " + times[1] + ")";
}

// Dead entries that died within the window, over the parts that hold them. Each one's death
// time is in its row, so this reads every dead entry: from the index doctor recommends for it
// (the death times over the dead entries alone), or else from the heap, one fetch each.
std::int64_t count_new_dead(Session& session, pqxx::transaction_base& tx, const OutboxTable& outbox,
                            std::chrono::seconds window) {
    std::int64_t total = 0;
    for (const auto* part : outbox.parts_for({Status::dead})) {
        SqlParams params;
        auto sql = fmt::format(
            "SELECT pg_catalog.count(*) FROM {table} WHERE {dead} AND {died_at} >= {since}",
            "table"_a = part->table().sql(),
            "dead"_a = outbox.state_condition(*part, Status::dead, params),
            "died_at"_a = died_at(*part),
            "since"_a = "pg_catalog.now() - " + seconds_interval(params, window));
        total += session.exec(tx, sql, params)[0][0].as<std::int64_t>();
    }
    return total;
}

// The age of the oldest completed entry as purge measures it (processed_at, else created_at).
// An entry finishes after it was written, so walking the completed entries in created_at order
// (the created_at index) can stop at the first one written after the oldest finishing time
// found so far: none after it can be older. Usually one page answers.
std::optional<std::int64_t> oldest_completed_age(Session& session, pqxx::transaction_base& tx,
                                                 const OutboxTable& outbox) {
    const auto& main = outbox.main();
    auto finished_at = outbox.age_reference(main, Status::completed);
    if (!finished_at) {
        return std::nullopt; // check's validation refused such a layout before connecting
    }
    constexpr int page = 200;
    std::optional<ListCursor> after;
    std::optional<std::int64_t> oldest; // epoch micros
    std::int64_t now = 0;
    for (;;) {
        SqlParams params;
        auto where = outbox.state_condition(main, Status::completed, params);
        if (after) {
            where = where && outbox.after_cursor(main, *after, params);
        }
        auto sql = fmt::format(R"(SELECT {created_at}, {finished_at}, {id}::text, {now}
FROM {table}
WHERE {where}
ORDER BY {order}
LIMIT {page})",
                               "created_at"_a = outbox.created_at_micros(main),
                               "finished_at"_a = epoch_micros(*finished_at),
                               "id"_a = main.value(OutboxField::id, "text"),
                               "now"_a = epoch_micros("pg_catalog.now()"),
                               "table"_a = main.table().sql(), "where"_a = where,
                               "order"_a = outbox.keyset_order(main, SortOrder::ascending),
                               "page"_a = page);
        auto rows = session.exec(tx, sql, params);
        for (const auto& row : rows) {
            auto created = row[0].as<std::int64_t>();
            now = row[3].as<std::int64_t>();
            if (oldest && created >= *oldest) {
                return (now - *oldest) / 1'000'000;
            }
            auto finished = row[1].as<std::int64_t>();
            oldest = oldest ? std::min(*oldest, finished) : finished;
            after = ListCursor{SortOrder::ascending, created, row[2].as<std::string>()};
        }
        if (rows.size() < static_cast<std::size_t>(page)) {
            break;
        }
    }
    if (!oldest) {
        return std::nullopt;
    }
    return (now - *oldest) / 1'000'000;
}

} // namespace

CheckFacts read_check_facts(Session& session, const Layout& layout, const CheckOptions& options) {
    validate_check(layout, options);
    using M = CheckMetric;
    CheckFacts facts;
    if (asked_any(options, {M::oldest_pending, M::pending, M::stale_locks, M::dead, M::failed})) {
        StatsOptions stats;
        stats.mode = CountMode::estimate; // check reads no completed count
        facts.stats = outbox_stats(session, layout, stats);
    }
    if (asked_any(options, {M::new_dead, M::oldest_completed})) {
        auto outbox = OutboxTable::open(session, layout);
        ReadTransaction tx(session.connection());
        if (asked_any(options, {M::new_dead})) {
            facts.new_dead = count_new_dead(session, tx, outbox, options.new_dead_window);
        }
        if (asked_any(options, {M::oldest_completed})) {
            facts.oldest_completed_age_seconds = oldest_completed_age(session, tx, outbox);
        }
        tx.commit();
    }
    if (asked_any(options, {M::consumer_lag, M::consumer_lag_time, M::stalled_consumers})) {
        ConsumersOptions consumers;
        consumers.stalled_after = options.stalled_after;
        facts.consumers = list_consumers(session, *layout.log, consumers);
    }
    if (asked_any(options, {M::replay_lag})) {
        facts.standby = read_standby_status(session);
        if (!facts.standby->in_recovery) {
            throw UsageError("--replay-lag: the server read (" + session.target() +
                                 ") is not a standby: pg_is_in_recovery() is false",
                             "point --read-db (or EVENTCTL_READ_DB) at a standby");
        }
    }
    return facts;
}

} // namespace eventctl
