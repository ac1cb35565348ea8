#include "retention/partition_drop.h"

#include "eventctl/archive/archive.h"
#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "sql/statement.h"

#include <map>
#include <thread>

namespace eventctl {

namespace {

// A bound's or a limit's value as the key column compares it.
std::string key_value(const RangeLimit& limit, const std::string& placeholder) {
    switch (limit.kind) {
    case ColumnKind::integer:
        return placeholder + "::numeric";
    case ColumnKind::timestamp:
        return time_value(placeholder + "::timestamp", TimeFormat::timestamp);
    default:
        return placeholder + "::timestamptz";
    }
}

const RangeLimit* limit_for(const PartitionTree& tree, const std::vector<RangeLimit>& limits) {
    if (!tree.partitioned() || tree.root().key->strategy != "range") {
        return nullptr;
    }
    auto column = tree.root().key->single_column();
    if (!column) {
        return nullptr;
    }
    for (const auto& limit : limits) {
        if (limit.column == *column) {
            return &limit;
        }
    }
    return nullptr;
}

std::string bounds_text(const PartitionMember& member) {
    const std::string prefix = "FOR VALUES ";
    return member.bound.rfind(prefix, 0) == 0 ? member.bound.substr(prefix.size()) : member.bound;
}

std::optional<std::int64_t> estimated_rows(const PartitionTree& tree,
                                           const PartitionMember& member) {
    std::optional<std::int64_t> rows;
    for (const auto* leaf : tree.leaves_under(member.table)) {
        if (leaf->planner_rows) {
            rows = rows.value_or(0) + *leaf->planner_rows;
        }
    }
    return rows;
}

struct Ends {
    bool starts_at_or_after = false; // its lowest value is at or past the limit
    bool ends_by = false;            // its highest value is below the limit
};

Ends compare_ends(Session& session, pqxx::transaction_base& tx, const RangeLimit& limit,
                  const RangeBound& bound) {
    SqlParams params;
    auto limit_value = key_value(limit, params.bind(limit.limit));
    auto lower = bound.from ? key_value(limit, params.bind(*bound.from)) + " >= " + limit_value
                            : std::string("FALSE");
    auto upper = bound.to ? key_value(limit, params.bind(*bound.to)) + " <= " + limit_value
                          : std::string("FALSE");
    auto row = session.exec(tx, "SELECT " + lower + ", " + upper, params)[0];
    return {row[0].as<bool>(), row[1].as<bool>()};
}

// Rows the purge would keep, counted by what they are ("1 pending, 2 completed").
std::string kept_rows_text(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                           const QualifiedName& partition) {
    if (!rules.label) {
        return "";
    }
    SqlParams params;
    auto sql = fmt::format(R"(SELECT COALESCE({label}, 'in no state'), pg_catalog.count(*)
FROM {partition}
WHERE {kept}
GROUP BY 1
ORDER BY 2 DESC, 1)",
                           "label"_a = rules.label(params), "partition"_a = partition.sql(),
                           "kept"_a = rules.eligible(params).negated());
    std::string text;
    for (const auto& row : session.exec(tx, sql, params)) {
        text +=
            (text.empty() ? "" : ", ") + row[1].as<std::string>() + " " + row[0].as<std::string>();
    }
    return text;
}

struct Census {
    std::int64_t rows = 0;
    std::int64_t kept = 0;
};

// One read of the partition: its rows, and those the purge would keep.
Census census(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
              const QualifiedName& partition) {
    SqlParams params;
    auto sql = fmt::format(
        "SELECT pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE {kept}) FROM {partition}",
        "kept"_a = rules.eligible(params).negated(), "partition"_a = partition.sql());
    auto row = session.exec(tx, sql, params)[0];
    return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
}

bool holds_kept_rows(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                     const QualifiedName& partition) {
    SqlParams params;
    auto sql =
        fmt::format("SELECT EXISTS (SELECT FROM {partition} WHERE {kept})",
                    "partition"_a = partition.sql(), "kept"_a = rules.eligible(params).negated());
    return session.exec(tx, sql, params)[0][0].as<bool>();
}

PartitionFate decide(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                     const RangeLimit& limit, const PartitionMember& member, bool count) {
    PartitionFate fate;
    fate.table = member.table;
    fate.bounds = bounds_text(member);
    fate.rows = estimated_rows(rules.tree, member);
    fate.rows_estimated = true;
    auto counted = [&] {
        if (count) {
            auto found = census(session, tx, rules, member.table);
            fate.rows = found.rows;
            fate.rows_estimated = false;
            return found;
        }
        return Census{fate.rows.value_or(0), -1};
    };
    if (member.is_default) {
        counted();
        fate.decision = PartitionDecision::rows;
        fate.reason = "a DEFAULT partition is never dropped";
        return fate;
    }
    auto bound = parse_range_bound(member.bound);
    if (!bound) {
        counted();
        fate.decision = PartitionDecision::rows;
        fate.reason = "its bounds are not a range of one column";
        return fate;
    }
    auto ends = compare_ends(session, tx, limit, *bound);
    if (ends.starts_at_or_after) {
        // Rows there are newer than the limit by the partition key: none is the purge's.
        fate.decision = PartitionDecision::keep;
        fate.reason = "entirely at or after " + limit.description;
        if (count) {
            counted();
        }
        return fate;
    }
    if (!ends.ends_by) {
        counted();
        fate.decision = PartitionDecision::rows;
        fate.reason = limit.description + " falls inside its range";
        return fate;
    }
    auto found = counted();
    bool kept =
        found.kept >= 0 ? found.kept > 0 : holds_kept_rows(session, tx, rules, member.table);
    if (kept) {
        fate.decision = PartitionDecision::rows;
        auto what = kept_rows_text(session, tx, rules, member.table);
        fate.reason =
            "holds " + rules.unit + " the purge keeps" + (what.empty() ? "" : ": " + what);
        return fate;
    }
    fate.decision = PartitionDecision::drop;
    fate.reason = "every one of its " + rules.unit + " is one the purge deletes";
    return fate;
}

} // namespace

const RangeLimit& require_droppable(const PartitionTree& tree,
                                    const std::vector<RangeLimit>& limits,
                                    const std::string& what) {
    const auto& table = tree.root().table.display();
    if (!tree.partitioned()) {
        throw UsageError(what + ": " + table + " is not partitioned",
                         "purge it without --drop-partitions");
    }
    if (const auto* limit = limit_for(tree, limits)) {
        if (limit->kind != ColumnKind::timestamptz && limit->kind != ColumnKind::timestamp &&
            limit->kind != ColumnKind::integer) {
            throw UsageError(
                what + ": " + table + " is partitioned by " + tree.root().key->describe() +
                ", a column whose bounds cannot be compared with " + limit->description);
        }
        return *limit;
    }
    std::string columns;
    for (const auto& limit : limits) {
        columns += (columns.empty() ? "" : " or ") + limit.column;
    }
    throw UsageError(what + ": " + table + " is partitioned by " + tree.root().key->describe() +
                         ", not by range on " + columns,
                     "purge it without --drop-partitions: its rows are purged from every "
                     "partition");
}

std::vector<PartitionFate> decide_partitions(Session& session, const DropRules& rules, bool count) {
    const auto& limit = require_droppable(rules.tree, rules.limits, "--drop-partitions");
    ReadTransaction tx(session.connection());
    std::vector<PartitionFate> fates;
    for (const auto* child : rules.tree.children(rules.tree.root().table)) {
        fates.push_back(decide(session, tx, rules, limit, *child, count));
    }
    tx.commit();
    return fates;
}

namespace {

// Writes every row of the partition to the archive, a page at a time, each page on disk before
// the next is read; returns how many.
std::int64_t archive_partition(Session& session, const DropRules& rules,
                               const QualifiedName& partition, ArchiveWriter& archive) {
    ReadTransaction tx(session.connection());
    session.exec(tx, "DECLARE eventctl_archive NO SCROLL CURSOR FOR SELECT " + rules.id_text +
                         ", pg_catalog.row_to_json(p)::text FROM " + partition.sql() + " AS p");
    std::int64_t written = 0;
    while (true) {
        auto rows = session.exec(tx, "FETCH FORWARD 5000 FROM eventctl_archive");
        if (rows.empty()) {
            break;
        }
        std::vector<ArchiveRow> batch;
        batch.reserve(rows.size());
        for (const auto& row : rows) {
            batch.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
        }
        archive.append(batch);
        written += static_cast<std::int64_t>(rows.size());
    }
    tx.commit();
    return written;
}

enum class Attempt { dropped, lock_not_had, no_longer, cannot_drop };

struct AttemptResult {
    Attempt outcome = Attempt::dropped;
    std::int64_t rows = 0;
    std::string reason;
};

// One transaction: the table's lock, then the partition's (the order every statement on the
// table takes them, so no deadlock), the partition checked again, dropped, audited, committed.
// Nothing is ever detached outside it: killed anywhere, it rolls back whole.
AttemptResult attempt_drop(Session& session, const DropRules& rules, const PartitionFate& fate,
                           std::optional<std::int64_t> archived, AuditTrail& audit) {
    const auto& root = rules.tree.root().table;
    WriteTransaction tx(session.connection());
    try {
        SqlParams wait_params;
        session.exec(
            tx,
            fmt::format(R"(SELECT pg_catalog.set_config('lock_timeout', CASE
    WHEN w.ms > 0 AND w.ms < {most} THEN w.ms::text ELSE {most}::text END, true)
FROM (SELECT (EXTRACT(epoch FROM pg_catalog.current_setting('lock_timeout')::interval)
              * 1000)::bigint AS ms) AS w)",
                        "most"_a = wait_params.bind(std::to_string(rules.max_lock_wait.count())) +
                                   "::bigint"),
            wait_params);
        session.exec(tx, "LOCK TABLE ONLY " + root.sql() + " IN ACCESS EXCLUSIVE MODE");
        session.exec(tx, "LOCK TABLE " + fate.table.sql() + " IN ACCESS EXCLUSIVE MODE");
    } catch (const pqxx::sql_error& error) {
        if (error.sqlstate() == "55P03" || error.sqlstate() == "40P01") {
            return {Attempt::lock_not_had, 0, ""};
        }
        throw;
    }
    SqlParams params;
    auto still = session.exec(
        tx,
        fmt::format(R"(SELECT COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), '')
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
WHERE c.oid = pg_catalog.to_regclass({partition})
  AND i.inhparent = pg_catalog.to_regclass({root}))",
                    "partition"_a = params.bind(fate.table.sql()),
                    "root"_a = params.bind(root.sql())),
        params);
    if (still.empty() || "FOR VALUES " + fate.bounds != still[0][0].as<std::string>()) {
        return {Attempt::no_longer, 0, "its bounds changed since the preview"};
    }
    auto found = census(session, tx, rules, fate.table);
    if (found.kept > 0) {
        auto what = kept_rows_text(session, tx, rules, fate.table);
        return {Attempt::no_longer, 0,
                "holds " + rules.unit + " the purge keeps since the preview" +
                    (what.empty() ? "" : ": " + what)};
    }
    if (archived && *archived != found.rows) {
        return {Attempt::no_longer, 0, "its rows changed while they were archived"};
    }
    try {
        session.exec(tx, "DROP TABLE " + fate.table.sql());
    } catch (const pqxx::sql_error& error) {
        // Not the owner, or something depends on it: its rows can still go one by one.
        std::string message = error.what();
        message = message.substr(0, message.find('\n'));
        const std::string prefix = "ERROR:  ";
        if (message.rfind(prefix, 0) == 0) {
            message = message.substr(prefix.size());
        }
        return {Attempt::cannot_drop, 0, "cannot be dropped: " + message};
    }
    if (found.rows > 0) {
        audit.add(tx, found.rows, found.rows);
    }
    tx.commit();
    return {Attempt::dropped, found.rows, ""};
}

} // namespace

DropOutcome drop_partitions(Session& session, const DropRules& rules,
                            std::vector<PartitionFate>& fates, ArchiveWriter* archive,
                            AuditTrail& audit, const RunControl& control,
                            const std::function<bool()>& out_of_time) {
    DropOutcome outcome;
    std::vector<PartitionFate*> waiting;
    for (auto& fate : fates) {
        if (fate.decision == PartitionDecision::drop) {
            waiting.push_back(&fate);
        }
    }
    std::map<PartitionFate*, std::int64_t> archived;
    for (int round = 1; round <= rules.attempts && !waiting.empty(); ++round) {
        std::vector<PartitionFate*> again;
        for (auto* fate : waiting) {
            if (auto stop = control.stop.reason(); stop || out_of_time()) {
                outcome.stopped = true;
                fate->decision = PartitionDecision::rows;
                fate->reason = "not dropped: the purge was stopped first";
                continue;
            }
            std::optional<std::int64_t> written;
            if (archive) {
                if (archived.count(fate) == 0) {
                    archived[fate] = archive_partition(session, rules, fate->table, *archive);
                }
                written = archived[fate];
            }
            auto attempt = attempt_drop(session, rules, *fate, written, audit);
            switch (attempt.outcome) {
            case Attempt::dropped:
                fate->rows = attempt.rows;
                fate->rows_estimated = false;
                outcome.rows += attempt.rows;
                ++outcome.dropped;
                control.report({outcome.rows, 0, outcome.dropped, std::nullopt, std::nullopt, {}});
                break;
            case Attempt::lock_not_had:
                again.push_back(fate);
                break;
            case Attempt::no_longer:
            case Attempt::cannot_drop:
                fate->decision = PartitionDecision::rows;
                fate->reason = attempt.reason;
                break;
            }
        }
        waiting = std::move(again);
        if (!waiting.empty() && round < rules.attempts) {
            // Give the transactions in the way a moment to end before the next round.
            std::this_thread::sleep_for(rules.max_lock_wait / 2);
        }
    }
    for (auto* fate : waiting) {
        fate->decision = PartitionDecision::rows;
        fate->reason = "its lock was not had within the lock wait (at most " +
                       std::to_string(rules.max_lock_wait.count()) + "ms), " +
                       std::to_string(rules.attempts) + " attempts";
    }
    return outcome;
}

std::vector<QualifiedName> leaves_to_purge(const PartitionTree& tree,
                                           const std::vector<PartitionFate>* fates) {
    std::vector<QualifiedName> leaves;
    if (fates == nullptr) {
        for (const auto* leaf : tree.leaves()) {
            leaves.push_back(leaf->table);
        }
        return leaves;
    }
    for (const auto& fate : *fates) {
        if (fate.decision != PartitionDecision::rows) {
            continue;
        }
        for (const auto* leaf : tree.leaves_under(fate.table)) {
            leaves.push_back(leaf->table);
        }
    }
    return leaves;
}

} // namespace eventctl
