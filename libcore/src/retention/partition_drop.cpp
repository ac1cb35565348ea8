#include "retention/partition_drop.h"

#include "eventctl/archive/archive.h"
#include "eventctl/error.h"
#include "eventctl/error_report.h"
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
    bool limit_early = false;        // the limit falls in the first half of its range
};

// A key value as a number that grows with it: epoch seconds for a time.
std::string key_number(const RangeLimit& limit, const std::string& value) {
    return limit.kind == ColumnKind::integer ? value : "EXTRACT(epoch FROM " + value + ")";
}

Ends compare_ends(Session& session, pqxx::transaction_base& tx, const RangeLimit& limit,
                  const RangeBound& bound) {
    SqlParams params;
    auto limit_value = key_value(limit, params.bind(limit.limit));
    auto from =
        bound.from ? std::optional(key_value(limit, params.bind(*bound.from))) : std::nullopt;
    auto to = bound.to ? std::optional(key_value(limit, params.bind(*bound.to))) : std::nullopt;
    auto lower = from ? *from + " >= " + limit_value : std::string("FALSE");
    auto upper = to ? *to + " <= " + limit_value : std::string("FALSE");
    auto early = std::string("FALSE");
    if (from && to) {
        early = fmt::format("COALESCE(({limit} - {from}) * 2 < ({to} - {from}), FALSE)",
                            "limit"_a = key_number(limit, limit_value),
                            "from"_a = key_number(limit, *from), "to"_a = key_number(limit, *to));
    }
    auto row = session.exec(tx, "SELECT " + lower + ", " + upper + ", " + early, params)[0];
    return {row[0].as<bool>(), row[1].as<bool>(), row[2].as<bool>()};
}

Condition kept_rows(const DropRules& rules, SqlParams& params) {
    return rules.kept ? rules.kept(params) : rules.eligible(params).negated();
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
                           "kept"_a = kept_rows(rules, params));
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
        "kept"_a = kept_rows(rules, params), "partition"_a = partition.sql());
    auto row = session.exec(tx, sql, params)[0];
    return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
}

bool holds_kept_rows(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                     const QualifiedName& partition) {
    SqlParams params;
    auto holds = rules.holds_kept ? rules.holds_kept(params, partition.sql())
                                  : fmt::format("EXISTS (SELECT FROM {partition} WHERE {kept})",
                                                "partition"_a = partition.sql(),
                                                "kept"_a = kept_rows(rules, params));
    return session.exec(tx, "SELECT " + holds, params)[0][0].as<bool>();
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
        fate.limit_early = ends.limit_early;
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

std::string exists_any(const std::string& partition, const std::vector<Condition>& conditions) {
    std::string sql;
    for (const auto& condition : conditions) {
        sql += (sql.empty() ? "" : " OR ") +
               fmt::format("EXISTS (SELECT FROM {partition} WHERE {condition})",
                           "partition"_a = partition, "condition"_a = condition.sql());
    }
    return sql.empty() ? "FALSE" : sql;
}

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

namespace {

// Writes every row of the table to the archive in the transaction given, a page at a time,
// each page on disk before the next is read; returns how many.
std::int64_t archive_rows(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                          const QualifiedName& table, ArchiveWriter& archive) {
    session.exec(tx, "DECLARE eventctl_archive NO SCROLL CURSOR FOR SELECT " + rules.id_text +
                         ", pg_catalog.row_to_json(p)::text FROM " + table.sql() + " AS p");
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
    session.exec(tx, "CLOSE eventctl_archive");
    return written;
}

enum class Attempt { done, lock_not_had, no_longer, cannot_drop };

struct AttemptResult {
    Attempt outcome = Attempt::done;
    std::int64_t rows = 0;
    std::string reason;
};

// Runs statements that take locks: false when a lock was not had within the wait allowed
// (55P03), or the server cancelled them to break a deadlock with another session's locks.
// libpqxx 6.4 raises the deadlock as deadlock_detected, which is no sql_error.
template <typename Locking> bool took_locks(Locking&& locking) {
    try {
        locking();
        return true;
    } catch (const pqxx::deadlock_detected&) {
        return false;
    } catch (const pqxx::sql_error& error) {
        if (error.sqlstate() == "55P03") {
            return false;
        }
        throw;
    }
}

// Why the server refused, with its detail (what depends on the table), on one line; not its
// hint, "Use DROP ... CASCADE", which would drop what depends on it too.
std::string server_reason(const pqxx::sql_error& error) {
    auto text = one_line(error.what());
    return text.substr(0, text.find("; HINT: "));
}

// Caps this transaction's lock waits at the rules' longest, below --lock-timeout when that is
// shorter.
void cap_lock_wait(Session& session, pqxx::transaction_base& tx, const DropRules& rules) {
    SqlParams params;
    session.exec(tx,
                 fmt::format(R"(SELECT pg_catalog.set_config('lock_timeout', CASE
    WHEN w.ms > 0 AND w.ms < {most} THEN w.ms::text ELSE {most}::text END, true)
FROM (SELECT (EXTRACT(epoch FROM pg_catalog.current_setting('lock_timeout')::interval)
              * 1000)::bigint AS ms) AS w)",
                             "most"_a = params.bind(std::to_string(rules.max_lock_wait.count())) +
                                        "::bigint"),
                 params);
}

// A partition is dropped in two transactions, so that the relays wait only for the first: it
// takes the table's lock, checks from the indexes that every row is one the purge deletes,
// detaches the partition and marks it with this comment; the second counts, archives and drops
// the detached table, which no relay reads any more. A purge killed between the two leaves a
// table so marked, and the next purge of the table finds it and finishes (or undoes) the drop.
std::string detached_mark(const QualifiedName& root) {
    return "eventctl purge --drop-partitions detached this partition of " + root.sql() +
           " to drop it; its bounds: ";
}

// The mark replaces the table's own comment while it is detached; the comment follows it, to be
// put back should the table be attached again. Bounds of a time or integer range hold no line
// break, so the first one ends them.
const std::string own_comment_label = "\nits own comment: ";

struct MarkText {
    std::string bounds;
    std::optional<std::string> own_comment;
};

MarkText read_mark(const std::string& description, const std::string& mark) {
    auto rest = description.substr(mark.size());
    auto label = rest.find(own_comment_label);
    if (label == std::string::npos) {
        return {rest, std::nullopt};
    }
    return {rest.substr(0, label), rest.substr(label + own_comment_label.size())};
}

// The bounds clause of a range partition, from the text the server printed for it: the values
// parsed, then quoted again, so that no text of a comment reaches the statement unchecked.
std::optional<std::string> bounds_clause(pqxx::transaction_base& tx, const std::string& bounds) {
    auto bound = parse_range_bound("FOR VALUES " + bounds);
    if (!bound) {
        return std::nullopt;
    }
    return "FOR VALUES FROM (" + (bound->from ? tx.quote(*bound->from) : "MINVALUE") + ") TO (" +
           (bound->to ? tx.quote(*bound->to) : "MAXVALUE") + ")";
}

// The first transaction: lock, check, detach, mark. Nothing is counted here: that would hold
// the relays for as long as the partition takes to read.
AttemptResult detach(Session& session, const DropRules& rules, const PartitionFate& fate) {
    const auto& root = rules.tree.root().table;
    WriteTransaction tx(session.connection());
    cap_lock_wait(session, tx, rules);
    // The table's lock first, then the partition's: the order every statement on the table
    // takes them, so no deadlock with those; a session that locks a partition before the table
    // can still make one, and the server may cancel this attempt to break it.
    if (!took_locks([&] {
            session.exec(tx, "LOCK TABLE ONLY " + root.sql() + " IN ACCESS EXCLUSIVE MODE");
            session.exec(tx, "LOCK TABLE " + fate.table.sql() + " IN ACCESS EXCLUSIVE MODE");
        })) {
        return {Attempt::lock_not_had, 0, ""};
    }
    SqlParams params;
    auto still = session.exec(
        tx,
        fmt::format(R"(SELECT COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), ''),
       pg_catalog.pg_has_role(c.relowner, 'USAGE'), pg_catalog.obj_description(c.oid, 'pg_class')
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
    if (!still[0][1].as<bool>()) {
        // Detached, it could not be dropped: only its owner may.
        return {Attempt::cannot_drop, 0,
                "cannot be dropped: must be owner of table " + fate.table.name};
    }
    if (holds_kept_rows(session, tx, rules, fate.table)) {
        auto what = kept_rows_text(session, tx, rules, fate.table);
        return {Attempt::no_longer, 0,
                "holds " + rules.unit + " the purge keeps since the preview" +
                    (what.empty() ? "" : ": " + what)};
    }
    try {
        if (!took_locks([&] {
                session.exec(tx,
                             "ALTER TABLE " + root.sql() + " DETACH PARTITION " + fate.table.sql());
            })) {
            return {Attempt::lock_not_had, 0, ""};
        }
    } catch (const pqxx::sql_error& error) {
        return {Attempt::cannot_drop, 0, "cannot be detached: " + server_reason(error)};
    }
    // COMMENT takes no parameters: the text is quoted by libpq, and is ours (names and the
    // bounds the server printed) but for the table's own comment.
    auto mark = detached_mark(root) + fate.bounds;
    if (!still[0][2].is_null()) {
        mark += own_comment_label + still[0][2].as<std::string>();
    }
    session.exec(tx, "COMMENT ON TABLE " + fate.table.sql() + " IS " + tx.quote(mark));
    tx.commit();
    return {Attempt::done, 0, ""};
}

// The second transaction: the detached table checked again, counted, archived, dropped, with
// its rows in the audit record.
AttemptResult drop_detached(Session& session, const DropRules& rules, const PartitionFate& fate,
                            ArchiveWriter* archive, AuditTrail& audit) {
    WriteTransaction tx(session.connection());
    if (!took_locks([&] {
            session.exec(tx, "LOCK TABLE " + fate.table.sql() + " IN ACCESS EXCLUSIVE MODE");
        })) {
        return {Attempt::lock_not_had, 0, ""};
    }
    // Detached, the table is no relay's: only a statement naming it could have written to it.
    if (holds_kept_rows(session, tx, rules, fate.table)) {
        auto what = kept_rows_text(session, tx, rules, fate.table);
        return {Attempt::no_longer, 0,
                "holds " + rules.unit + " the purge keeps" + (what.empty() ? "" : ": " + what)};
    }
    auto rows = session.exec(tx, "SELECT pg_catalog.count(*) FROM " + fate.table.sql())[0][0]
                    .as<std::int64_t>();
    if (archive) {
        archive_rows(session, tx, rules, fate.table, *archive);
    }
    try {
        session.exec(tx, "DROP TABLE " + fate.table.sql());
    } catch (const pqxx::sql_error& error) {
        // Something depends on it: its rows can still go one by one once it is back.
        return {Attempt::cannot_drop, 0, "cannot be dropped: " + server_reason(error)};
    }
    if (rows > 0) {
        audit.add(tx, rows, rows);
    }
    tx.commit();
    return {Attempt::done, rows, ""};
}

// Puts a detached table back where it was, its rows again the table's (to be purged by rows).
void attach_again(Session& session, const DropRules& rules, const PartitionFate& fate) {
    const auto& root = rules.tree.root().table;
    WriteTransaction tx(session.connection());
    auto bounds = bounds_clause(tx, fate.bounds);
    auto manual = "ALTER TABLE " + root.sql() + " ATTACH PARTITION " + fate.table.sql() + " " +
                  (bounds ? *bounds : "FOR VALUES " + fate.bounds);
    try {
        if (!bounds) {
            throw Error(ExitCode::internal, "its bounds are not a range of one column");
        }
        session.exec(tx, "ALTER TABLE " + root.sql() + " ATTACH PARTITION " + fate.table.sql() +
                             " " + *bounds);
        SqlParams params;
        auto comment = session.exec(tx,
                                    "SELECT pg_catalog.obj_description(pg_catalog.to_regclass(" +
                                        params.bind(fate.table.sql()) + "), 'pg_class')",
                                    params)[0][0];
        // The mark goes, and the table's own comment comes back; a comment someone wrote
        // since the detach stays.
        auto mark = detached_mark(root);
        if (!comment.is_null() && comment.as<std::string>().rfind(mark, 0) == 0) {
            auto own = read_mark(comment.as<std::string>(), mark).own_comment;
            session.exec(tx, "COMMENT ON TABLE " + fate.table.sql() + " IS " +
                                 (own ? tx.quote(*own) : "NULL"));
        }
        tx.commit();
    } catch (const std::exception& error) {
        std::string why = error.what();
        if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
            why = server_reason(*sql);
        }
        throw Error(ExitCode::temp_failure,
                    fate.table.display() + " is detached from " + root.display() +
                        " and could not be attached again: " + why,
                    "a rerun of the purge attaches or drops it; by hand: " + manual);
    }
}

// The tables a killed purge detached from the table and did not drop, with their bounds.
std::vector<PartitionFate> detached_tables(Session& session, pqxx::transaction_base& tx,
                                           const DropRules& rules) {
    const auto& root = rules.tree.root().table;
    auto mark = detached_mark(root);
    SqlParams params;
    auto sql = fmt::format(R"(SELECT n.nspname::text, c.relname::text, d.description
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_class c ON c.oid = d.objoid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND pg_catalog.starts_with(d.description, {mark})
ORDER BY 1, 2)",
                           "mark"_a = params.bind(mark));
    std::vector<PartitionFate> found;
    for (const auto& row : session.exec(tx, sql, params)) {
        PartitionFate fate;
        fate.table = {row[0].as<std::string>(), row[1].as<std::string>()};
        fate.bounds = read_mark(row[2].as<std::string>(), mark).bounds;
        fate.detached_from = root;
        found.push_back(fate);
    }
    return found;
}

// What a detached table found now comes to: dropped when every row is one this purge deletes,
// attached again otherwise.
void decide_detached(Session& session, pqxx::transaction_base& tx, const DropRules& rules,
                     PartitionFate& fate) {
    fate.rows = session.exec(tx, "SELECT pg_catalog.count(*) FROM " + fate.table.sql())[0][0]
                    .as<std::int64_t>();
    fate.rows_estimated = false;
    const std::string detached = "detached by a purge --drop-partitions that stopped before "
                                 "dropping it";
    if (holds_kept_rows(session, tx, rules, fate.table)) {
        fate.decision = PartitionDecision::rows;
        fate.reason = detached + ", and holds " + rules.unit +
                      " this purge keeps: attached again, then purged row by row";
    } else {
        fate.decision = PartitionDecision::drop;
        fate.reason = detached + "; every one of its " + rules.unit + " is one the purge deletes";
    }
}

} // namespace

std::vector<PartitionFate> decide_partitions(Session& session, const DropRules& rules, bool count) {
    const auto& limit = require_droppable(rules.tree, rules.limits, "--drop-partitions");
    ReadTransaction tx(session.connection());
    std::vector<PartitionFate> fates = detached_tables(session, tx, rules);
    for (auto& fate : fates) {
        decide_detached(session, tx, rules, fate);
    }
    for (const auto* child : rules.tree.children(rules.tree.root().table)) {
        fates.push_back(decide(session, tx, rules, limit, *child, count));
    }
    tx.commit();
    return fates;
}

namespace {

// Finishes the drop of a detached table, or puts it back (its decision then rows, with why).
void finish_detached(Session& session, const DropRules& rules, PartitionFate& fate,
                     ArchiveWriter* archive, AuditTrail& audit, DropOutcome& outcome,
                     const RunControl& control) {
    AttemptResult dropped;
    try {
        dropped = drop_detached(session, rules, fate, archive, audit);
    } catch (...) {
        // The archive could not be written, or the server failed: the rows go back where they
        // were, if the server lets them, and the failure is what the purge reports.
        try {
            attach_again(session, rules, fate);
        } catch (...) {
        }
        throw;
    }
    switch (dropped.outcome) {
    case Attempt::done:
        fate.rows = dropped.rows;
        fate.rows_estimated = false;
        outcome.rows += dropped.rows;
        ++outcome.dropped;
        control.report({outcome.rows, 0, outcome.dropped, std::nullopt, std::nullopt, {}});
        return;
    case Attempt::lock_not_had:
        throw Error(ExitCode::temp_failure,
                    fate.table.display() + " is detached from " +
                        rules.tree.root().table.display() +
                        " to be dropped, but its lock was not had",
                    "a rerun of the purge drops it");
    case Attempt::no_longer:
    case Attempt::cannot_drop:
        attach_again(session, rules, fate);
        fate.decision = PartitionDecision::rows;
        fate.reason = dropped.reason + "; attached again";
        return;
    }
}

} // namespace

DropOutcome drop_partitions(Session& session, const DropRules& rules,
                            std::vector<PartitionFate>& fates, ArchiveWriter* archive,
                            AuditTrail& audit, const RunControl& control,
                            const std::function<bool()>& out_of_time) {
    DropOutcome outcome;
    std::vector<PartitionFate*> waiting;
    for (auto& fate : fates) {
        if (fate.detached_from) {
            // Left by a purge that was stopped between its two transactions: finished first,
            // whatever stops this one, so that no table stays detached.
            if (fate.decision == PartitionDecision::drop) {
                finish_detached(session, rules, fate, archive, audit, outcome, control);
            } else {
                attach_again(session, rules, fate);
            }
        } else if (fate.decision == PartitionDecision::drop) {
            waiting.push_back(&fate);
        }
    }
    for (int round = 1; round <= rules.attempts && !waiting.empty(); ++round) {
        std::vector<PartitionFate*> again;
        for (auto* fate : waiting) {
            if (auto stop = control.stop.reason(); stop || out_of_time()) {
                outcome.stopped = true;
                fate->decision = PartitionDecision::rows;
                fate->reason = "not dropped: the purge was stopped first";
                continue;
            }
            auto attempt = detach(session, rules, *fate);
            switch (attempt.outcome) {
            case Attempt::done:
                finish_detached(session, rules, *fate, archive, audit, outcome, control);
                // A stop ends the pause; the next partition sees it and is left to rows.
                if (rules.pause.count() > 0 && fate != waiting.back()) {
                    control.stop.wait_until(std::chrono::steady_clock::now() + rules.pause);
                }
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

std::vector<LeafToPurge> leaves_to_purge(const PartitionTree& tree,
                                         const std::vector<PartitionFate>* fates) {
    std::vector<LeafToPurge> leaves;
    if (fates == nullptr) {
        for (const auto* leaf : tree.leaves()) {
            leaves.push_back({leaf->table});
        }
        return leaves;
    }
    for (const auto& fate : *fates) {
        if (fate.decision != PartitionDecision::rows) {
            continue;
        }
        for (const auto* leaf : tree.leaves_under(fate.table)) {
            leaves.push_back({leaf->table, fate.limit_early});
        }
    }
    return leaves;
}

} // namespace eventctl
